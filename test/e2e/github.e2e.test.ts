import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, runCli, SECRETS, startMockServer } from "../helpers/cli.js";

const dir = mkdtempSync(path.join(tmpdir(), "bcs-gha-"));
const T0 = "2026-11-28T18:00:00.000000000+08:00";
const T1 = "2026-11-28T18:00:40.500000000+08:00";
const EVIL = "quota exceeded%0A::error::x\n::warning::injected\r\n::add-mask::y";

/** A timeline whose cce.cluster fails with a detail that tries to start other workflow commands. */
const scenario = {
  default: [
    {
      at: "0s",
      status: {
        eip: { start_time: T0, end_time: "", status: "deploying", detail: "" },
        cce: { cluster: { start_time: "", end_time: "", status: "waiting", detail: "" } },
      },
    },
    {
      at: "1s",
      status: {
        eip: { start_time: T0, end_time: T1, status: "finished", detail: "" },
        cce: { cluster: { start_time: T0, end_time: T1, status: "failed", detail: EVIL } },
      },
    },
  ],
};

let failing: MockServer;
let builtin: MockServer;
beforeAll(async () => {
  const file = path.join(dir, "evil.json");
  writeFileSync(file, JSON.stringify(scenario));
  [failing, builtin] = await Promise.all([
    startMockServer(["--scenario", file, "--speed", "4"]),
    startMockServer(["--scenario", "failure", "--speed", "50"]),
  ]);
});
afterAll(async () => {
  await Promise.all([failing.stop(), builtin.stop()]);
});

const envFor = (s: MockServer, summary: string) => ({
  BCS_ENDPOINT: s.url,
  BCS_PROJECT_ID: "proj-gha",
  BCS_TOKEN: SECRETS.token,
  GITHUB_ACTIONS: "true",
  GITHUB_STEP_SUMMARY: summary,
});

/** The lines GitHub's runner would read as workflow commands. */
const commands = (text: string) => text.split(/\r?\n|\r/).filter((l) => l.startsWith("::"));

describe("GitHub Actions", () => {
  it("watch with the built-in failure scenario: ::error per failed resource, groups, and a step summary", async () => {
    const summary = path.join(dir, "summary-builtin.md");
    writeFileSync(summary, "# earlier step\n");
    const r = await runCli(["watch", "bc-gha-1", "--interval", "200ms"], { env: envFor(builtin, summary), timeoutMs: 20_000 });
    expect(r.code).toBe(1);
    const cmds = commands(r.stderr);
    expect(cmds.filter((c) => c.startsWith("::error "))).toEqual([
      expect.stringMatching(/^::error title=BCS bc-gha-1 cce\.cluster failed::create CCE cluster failed/),
    ]);
    expect(cmds[0]).toMatch(/^::group::BCS bc-gha-1/);
    expect(cmds).toContain("::endgroup::");
    const md = readFileSync(summary, "utf8");
    expect(md.startsWith("# earlier step\n")).toBe(true);
    expect(md).toMatch(/\| `cce\.cluster` \| ❌ failed \|/);
    expect(md).toContain("```mermaid");
    expect(md).toMatch(/gantt/);
    expect(r.stdout).not.toContain("::");
  });

  it("server text cannot start a second workflow command", async () => {
    const summary = path.join(dir, "summary-evil.md");
    const r = await runCli(["watch", "bc-gha-2", "--interval", "200ms"], { env: envFor(failing, summary), timeoutMs: 20_000 });
    expect(r.code).toBe(1);
    const cmds = commands(r.stderr);
    const errors = cmds.filter((c) => c.startsWith("::error"));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("quota exceeded%250A::error::x");
    expect(cmds.some((c) => c.startsWith("::warning") || c.startsWith("::add-mask"))).toBe(false);
    const md = readFileSync(summary, "utf8");
    const mermaid = md.slice(md.indexOf("```mermaid"));
    expect(mermaid.split("```")[1]).not.toMatch(/::error/);
  });

  it("--summary-file writes the same Markdown outside GitHub Actions", async () => {
    const file = path.join(dir, "summary-file.md");
    const r = await runCli(["get", "bc-gha-3", "--summary-file", file], {
      env: { BCS_ENDPOINT: builtin.url, BCS_PROJECT_ID: "proj-gha", BCS_TOKEN: SECRETS.token },
    });
    expect(r.code).toBe(0);
    expect(readFileSync(file, "utf8")).toMatch(/bc-gha-3[\s\S]*\| *RESOURCE|bc-gha-3[\s\S]*\|/i);
    expect(commands(r.stderr)).toEqual([]);
  });

  it("a timeout gives a ::warning", async () => {
    const summary = path.join(dir, "summary-timeout.md");
    const slow = await startMockServer(["--scenario", "success", "--speed", "1"]);
    try {
      const r = await runCli(["watch", "bc-gha-4", "--interval", "200ms", "--timeout", "1s"], {
        env: envFor(slow, summary),
        timeoutMs: 20_000,
      });
      expect(r.code).toBe(124);
      expect(commands(r.stderr).filter((c) => c.startsWith("::warning"))).toHaveLength(1);
    } finally {
      await slow.stop();
    }
  });
});

/**
 * The runner (actions/runner ActionCommand.cs) takes `##[` anywhere in a line
 * of stdout or stderr as a command, and `::` at a line's start once leading
 * whitespace is trimmed. A server that echoes both, in an error_msg (a line of
 * stderr that wraps at 60 columns), a resource's detail (the stdout table, the
 * ::error message, --json) and watch's transition lines, starts none: the only
 * commands are the tool's own, each on a line of its own.
 */
describe("GitHub Actions: server text that tries the runner's both command syntaxes", () => {
  const T = "2026-11-28T18:00:00.000000000+08:00";
  const LONG = "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn ::warning::pwned";
  let echo: Server;
  let url = "";
  beforeAll(async () => {
    echo = createServer((req, res) => {
      const id = new URL(req.url ?? "/", "http://x").pathname.split("/")[4] ?? "";
      const error = (msg: string) =>
        res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error_code: "BCS.5000500", error_msg: msg }));
      if (id === "e1") return error("oops ##[stop-commands]deadbeef more");
      if (id === "long") return error(LONG);
      const detail = "##[error]Injected ::error::x";
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          bcs: { start_time: T, end_time: T, status: "failed", detail },
          "##[group]eip": { start_time: T, end_time: "", status: "##[warning]odd", detail: "  ::warning::w" },
        }),
      );
    });
    await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    echo.closeAllConnections();
    await new Promise((resolve) => echo.close(resolve));
  });

  /** The tool's own commands: at a line's start, in the shapes render/github.ts writes. */
  const OWN = /^::(?:(?:error|warning) title=[^:,]*::.*|group::.*|endgroup::)$/;
  /** Every line the runner would take as a command that is not one of the tool's own. */
  const foreign = (text: string) =>
    text.split(/\r?\n|\r/).filter((l) => l.includes("##[") || (l.trimStart().startsWith("::") && !OWN.test(l)));

  const env = (summary: string) => ({
    BCS_ENDPOINT: url,
    BCS_PROJECT_ID: "proj-gha",
    BCS_TOKEN: SECRETS.token,
    GITHUB_ACTIONS: "true",
    GITHUB_STEP_SUMMARY: summary,
    COLUMNS: "60",
  });

  it("get (table and --json): the tool's own ::error lines only, the server's text shown neutralised", async () => {
    for (const extra of [[], ["--json"]]) {
      const r = await runCli(["get", "e1", "f1", "long", ...extra], { env: env(path.join(dir, "summary-inject.md")) });
      expect(r.code, r.stderr).toBe(5);
      expect(foreign(r.stdout), "stdout").toEqual([]);
      expect(foreign(r.stderr), "stderr").toEqual([]);
      const errors = commands(r.stderr).filter((c) => c.startsWith("::error "));
      expect(errors.map((c) => c.slice(0, c.indexOf("::", 2)))).toEqual([
        "::error title=BCS e1 query failed",
        "::error title=BCS f1 bcs failed",
        "::error title=BCS long query failed",
      ]);
      expect(r.stderr).toContain("## [stop-commands]deadbeef");
      expect(`${r.stdout}${r.stderr}`).toContain("## [error]Injected");
    }
  });

  it("watch: groups and transition lines, one id and several", async () => {
    for (const ids of [["f1"], ["f1", "e1"]]) {
      const r = await runCli(["watch", ...ids, "--interval", "100ms", "--retries", "0", "--no-fail-fast"], {
        env: env(path.join(dir, "summary-inject-watch.md")),
        timeoutMs: 20_000,
      });
      expect([1, 5], r.stderr).toContain(r.code);
      expect(foreign(r.stdout), "stdout").toEqual([]);
      expect(foreign(r.stderr), "stderr").toEqual([]);
      const cmds = commands(r.stderr);
      expect(cmds.filter((c) => c.startsWith("::group::"))).toHaveLength(ids.length);
      expect(cmds.filter((c) => c === "::endgroup::")).toHaveLength(ids.length);
    }
  });
});
