import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import stringWidth from "string-width";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseEnv, cliLine, collect, type MockServer, runCli, SECRETS, startMockServer } from "../helpers/cli.js";
import { Screen } from "../helpers/screen.js";
import { needsTool } from "../helpers/tools.js";

/** End to end on the built binary: the hints on the error line, config's exit, --summary-file's folders, --notify and the live block. */

let sim: MockServer;
beforeAll(async () => {
  sim = await startMockServer(["--scenario", "success", "--speed", "50"]);
});
afterAll(async () => {
  await sim.stop();
});

const env = (extra: NodeJS.ProcessEnv = {}) => ({ BCS_PROJECT_ID: "proj-e2e", BCS_TOKEN: SECRETS.token, ...extra });

/** A loopback port that nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("hints on the error line", () => {
  it("a region typo: the nearest known region, and no 2.5 s of DNS retries", async () => {
    const r = await runCli(["get", "bc-1", "--region", "cn-nort-4"], { env: env() });
    expect(r.code).toBe(5);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^bcs-status: bc-1: cannot reach https:\/\/bcs\.cn-nort-4\.myhuaweicloud\.com: (ENOTFOUND|EAI_AGAIN) /);
    expect(r.stderr).toContain("(cn-nort-4 is not a known BCS region: did you mean cn-north-4?)");
    // ENOTFOUND is the resolver's definite answer: not retried (EAI_AGAIN, a resolver that could not answer, still is).
    if (r.stderr.includes("ENOTFOUND")) expect(r.ms).toBeLessThan(1500);
  });

  it("ECONNREFUSED on loopback: nothing listens there", async () => {
    const port = await closedPort();
    const r = await runCli(["get", "bc-1", "--endpoint", `http://127.0.0.1:${port}`, "--retries", "0"], { env: env() });
    expect(r.code).toBe(5);
    expect(r.stderr).toBe(
      `bcs-status: bc-1: cannot reach http://127.0.0.1:${port}: ECONNREFUSED (nothing listens on 127.0.0.1:${port}: is the mock-server started? check --endpoint)\n`,
    );
  });

  it("--endpoint http://127.0.0.1:PORT/wrong: the endpoint's path is named, not the blockchain id", async () => {
    const r = await runCli(["get", "bc-1", "--endpoint", `${sim.url}/wrong`], { env: env() });
    expect(r.code).toBe(4);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("(the endpoint looks wrong: its path /wrong comes before /v2/…; check --endpoint");
    expect(r.stderr).not.toContain("check the blockchain id");
  });

  it.each([
    [["get", "bc-1", "--interval", "5s"], "(--interval is an option of watch)"],
    [["watch", "bc-1", "--exit-status"], /\(--exit-status is an option of (list and )?get\)$/],
    [["get", "bc-1", "-o", "json"], "(for JSON use --json)"],
    [["get", "bc-1", "-o", "wide"], "(for every detail whole use --wide)"],
    [["get", "bc-1", "-w"], "(to follow it until it ends use: bcs-status watch <id...>)"],
    [["get", "bc-1", "--watch"], "(to follow it until it ends use: bcs-status watch <id...>)"],
  ])("%j: exit 2, one line with the hint", async (args, hint) => {
    const r = await runCli(args, { env: env({ BCS_ENDPOINT: sim.url }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^bcs-status: unknown option '[^']+' \(/);
    if (typeof hint === "string") expect(r.stderr.trim()).toContain(hint);
    else expect(r.stderr.trim()).toMatch(hint);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("--token-file naming a folder: one plain line", async () => {
    const r = await runCli(["get", "bc-1", "--endpoint", sim.url, "--token-file", tmpdir()], { env: { BCS_PROJECT_ID: "p" } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`bcs-status: token file ${tmpdir()} (--token-file) is a directory\n`);
  });
});

describe("config and --summary-file", () => {
  it("config exits 2 when it reports a problem, its JSON printed all the same", async () => {
    const text = await runCli(["config", "--endpoint", sim.url], { env: { BCS_TOKEN: SECRETS.token } });
    expect(text.stdout).toMatch(/^problem: no project id/m);
    expect(text.code).toBe(2);
    const json = await runCli(["config", "--json", "--endpoint", sim.url], { env: { BCS_TOKEN: SECRETS.token } });
    expect(JSON.parse(json.stdout).problem).toMatch(/^no project id/);
    expect(json.code).toBe(2);
    const fine = await runCli(["config", "--endpoint", sim.url], { env: env() });
    expect(fine.code).toBe(0);
  });

  it("--summary-file out/s.md with no out/: the folders are made", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "bcs-e2e-summary-"));
    const file = path.join(dir, "out", "nested", "s.md");
    const r = await runCli(["get", "bc-sum-1", "--json", "--summary-file", file], { env: env({ BCS_ENDPOINT: sim.url }) });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, "utf8")).toContain("bc-sum-1");
  });
});

/** `script` (Debian bsdutils) gives the CLI a pseudo-terminal: locally its absence skips (with a warning), under CI=true it fails. */
const SCRIPT = needsTool("script", "bsdutils");

function inPty(args: string[], cols: number, rows: number, extra: NodeJS.ProcessEnv = {}) {
  const quoted = cliLine(args);
  const child = spawn("script", ["-qfec", `stty cols ${cols} rows ${rows}; ${quoted}`, "/dev/null"], {
    env: baseEnv({ ...env({ BCS_ENDPOINT: sim.url }), TERM: "xterm-256color", ...extra }),
    stdio: ["pipe", "pipe", "pipe"],
  });
  return collect(child, performance.now(), { timeoutMs: 30_000 });
}

describe.skipIf(SCRIPT.skip)(`on a terminal${SCRIPT.note}`, () => {
  beforeAll(() => SCRIPT.check());

  it("watch --notify: a bell and an OSC 9 notification with the outcome, once, at the end", async () => {
    const r = await inPty(["watch", "bc-notify-1", "--interval", "200ms", "--notify"], 100, 30);
    expect(r.code).toBe(0);
    const notes = [...r.stdout.matchAll(/\u0007\u001b\]9;([^\u0007\u001b]*)\u0007/g)].map((m) => m[1]);
    expect(notes).toEqual([expect.stringMatching(/^bcs-status: bc-notify-1 finished in \d/)]);
    // Nothing else rings: the one bell is the notification's.
    expect(r.stdout.replace(/\u0007\u001b\]9;[^\u0007\u001b]*\u0007/, "")).not.toMatch(/[\u0007]|\u001b\]/);
  });

  it("watch of three ids at 60 columns: one line per id under the watch's line, redrawn in place, never wider", async () => {
    const ids = ["bc-live-a", "bc-live-b", "bc-live-c"];
    const r = await inPty(["watch", ...ids, "--interval", "200ms"], 60, 20);
    expect(r.code).toBe(0);
    // Each frame ora drew (inside synchronised output) holds the block: the watch's line and one line per id.
    const frames = [...r.stdout.matchAll(/\u001b\[\?2026h([\s\S]*?)\u001b\[\?2026l/g)].map((m) =>
      (m[1] as string).replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "").replace(/\r/g, ""),
    );
    const blocks = frames.filter((f) => f.includes("watching 3 blockchains"));
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) {
      const lines = block.split("\n").filter((l) => l !== "");
      expect(lines).toHaveLength(4);
      expect(lines.slice(1).map((l) => l.trim().split(/\s+/)[0])).toEqual(ids);
      for (const l of lines) expect(stringWidth(l), l).toBeLessThan(60);
    }
    // Played on a 60x20 terminal: no block line is left behind once the watch ends, and nothing wrapped.
    const screen = new Screen(60, 20).write(r.stdout);
    const shown = screen.transcript();
    expect(
      shown.filter((l) => /watching 3 blockchains|^ {2}bc-live-/.test(l)),
      shown.join("\n"),
    ).toEqual([]);
    for (const id of ids) expect(shown.some((l) => l.startsWith(`${id}  `))).toBe(true);
  });
});
