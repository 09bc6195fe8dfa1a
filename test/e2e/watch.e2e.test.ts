import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseEnv, cli, cliLine, collect, type MockServer, runCli, SECRETS, startMockServer } from "../helpers/cli.js";
import { needsTool } from "../helpers/tools.js";

let sim: MockServer;
let failing: MockServer;
beforeAll(async () => {
  [sim, failing] = await Promise.all([
    startMockServer(["--scenario", "success", "--speed", "50"]),
    startMockServer(["--scenario", "failure", "--speed", "50"]),
  ]);
});
afterAll(async () => {
  await Promise.all([sim.stop(), failing.stop()]);
});

const envFor = (s: MockServer) => ({ BCS_ENDPOINT: s.url, BCS_PROJECT_ID: "proj-e2e", BCS_TOKEN: SECRETS.token });

describe("watch against mock-server (built binary)", () => {
  it("follows a deployment to the end: exit 0, plain lines, no escape codes when not a terminal", async () => {
    const r = await runCli(["watch", "bc-w-1", "--interval", "200ms"], { env: envFor(sim), timeoutMs: 20_000 });
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toContain("\u001b");
    // One id: its first line names it, its change lines do not repeat it.
    expect(r.stderr).toMatch(/^\d\d:\d\d:\d\d {2}bc-w-1 {2}/);
    expect(r.stderr).toMatch(/^\d\d:\d\d:\d\d {2}\S+ +\S+ → ✓ finished/m);
    expect(r.stderr.split("\n").filter((l) => l.includes("bc-w-1"))).toHaveLength(1);
    expect(r.stdout).toMatch(/bc-w-1 {2}✓ finished {2}\d+\/\d+ finished/);
    // One line per change, never one per poll: far fewer lines than polls.
    const lines = r.stderr.trim().split("\n");
    expect(lines.length).toBeLessThan(30);
    expect(new Set(lines).size).toBe(lines.length);
  });

  it("a failure ends with exit 1 and the failed resource's detail", async () => {
    const r = await runCli(["watch", "bc-w-2", "--interval", "200ms"], { env: envFor(failing), timeoutMs: 20_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/✗ failed/);
  });

  it("--json: the last line per id is its final state", async () => {
    const r = await runCli(["watch", "bc-w-3", "bc-w-4", "--interval", "200ms", "--json"], { env: envFor(sim), timeoutMs: 20_000 });
    expect(r.code).toBe(0);
    const docs = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const last = (id: string) => docs.filter((d) => d.blockchain_id === id).at(-1);
    expect(last("bc-w-3").overall).toBe("finished");
    expect(last("bc-w-4").overall).toBe("finished");
    expect(r.stderr).toBe("");
  });

  it("times out with 124", async () => {
    const r = await runCli(["watch", "bc-w-5", "--interval", "200ms", "--timeout", "700ms"], { env: envFor(sim), timeoutMs: 20_000 });
    expect(r.code).toBe(124);
    expect(r.stderr).toMatch(/timed out/);
  });

  it("SIGINT stops it with 130 and prints the last known state", async () => {
    const started = performance.now();
    const child = spawn(...cli(["watch", "bc-w-6", "--interval", "200ms"]), {
      env: baseEnv(envFor(sim)),
      stdio: ["pipe", "pipe", "pipe"],
    });
    child.stderr.once("data", () => setTimeout(() => child.kill("SIGINT"), 300));
    const r = await collect(child, started, { timeoutMs: 20_000 });
    expect(r.code).toBe(130);
    expect(r.stdout).toMatch(/^bc-w-6 {2}/);
    expect(r.stderr).toContain("interrupted");
  });
});

/** `script` (Debian bsdutils) gives the CLI a pseudo-terminal: locally its absence skips (with a warning), under CI=true it fails. */
const SCRIPT = needsTool("script", "bsdutils");

describe.skipIf(SCRIPT.skip)(`watch in a real pseudo-terminal${SCRIPT.note}`, () => {
  beforeAll(() => SCRIPT.check());

  it("draws an ora spinner on stderr and prints the final table", async () => {
    const cmd = `stty cols 120 rows 40; ${cliLine(["watch", "bc-pty-1", "--interval", "200ms"])}`;
    const started = performance.now();
    const child = spawn("script", ["-qfec", cmd, "/dev/null"], {
      env: baseEnv({ ...envFor(sim), TERM: "xterm-256color" }),
      stdio: ["pipe", "pipe", "pipe"],
    });
    const r = await collect(child, started, { timeoutMs: 20_000 });
    expect(r.code).toBe(0);
    // ora hides the cursor, draws braille frames, and shows the cursor again at the end.
    expect(r.stdout).toContain("\u001b[?25l");
    expect(r.stdout).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
    expect(r.stdout).toContain("\u001b[?25h");
    expect(r.stdout).toMatch(/elapsed \d/);
    expect(stripVTControlCharacters(r.stdout)).toMatch(/bc-pty-1 {2}✓ finished/);
  });
});

describe.skipIf(SCRIPT.skip)(`Ctrl-C with the spinner running${SCRIPT.note}`, () => {
  beforeAll(() => SCRIPT.check());

  it("exits 130 with the last state and the interrupted note, cursor restored (not killed by the signal)", async () => {
    // A driver in the pseudo-terminal runs the watch with the terminal as its stdio and sends SIGINT after a while.
    const dir = mkdtempSync(path.join(tmpdir(), "bcs-pty-int-"));
    const driver = path.join(dir, "driver.mjs");
    writeFileSync(
      driver,
      `import { spawn } from "node:child_process";
const child = spawn(...${JSON.stringify(cli(["watch", "bc-pty-int", "--interval", "200ms", "--ascii"]))}, { stdio: "inherit" });
setTimeout(() => child.kill("SIGINT"), 1500);
child.on("exit", (code, signal) => { console.log("driver: exit=" + code + " signal=" + signal); process.exit(0); });`,
    );
    const cmd = `stty cols 100 rows 30; ${JSON.stringify(process.execPath)} ${JSON.stringify(driver)}`;
    const started = performance.now();
    const slowSim = await startMockServer(["--scenario", "success", "--speed", "5"]);
    try {
      const child = spawn("script", ["-qfec", cmd, "/dev/null"], {
        env: baseEnv({ ...envFor(slowSim), TERM: "xterm-256color" }),
        stdio: ["pipe", "pipe", "pipe"],
      });
      const r = await collect(child, started, { timeoutMs: 20_000 });
      const text = stripVTControlCharacters(r.stdout);
      expect(text).toContain("driver: exit=130 signal=null");
      expect(text).toContain("interrupted; the state above is the last one seen");
      expect(text).toMatch(/bc-pty-int {2}\S+ \w+ {2}\d+\/\d+ finished/);
      expect(r.stdout).toContain("\u001b[?25h");
      // --ascii reaches the spinner too: ora's line spinner, no braille and no middle dots.
      expect(r.stdout).not.toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏·]/);
    } finally {
      await slowSim.stop();
    }
  });
});

describe("a reader that goes away (`| head -1`)", () => {
  it("watch --json stops quietly at the next line: exit 130, no stack trace, nothing on stderr", async () => {
    const child = spawn(...cli(["watch", "bc-w-pipe", "--json", "--interval", "100ms"]), {
      env: baseEnv(envFor(sim)),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    const killer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    // Read the first line, then close the pipe as head does.
    const first = await new Promise<string>((resolve) => {
      let out = "";
      child.stdout.on("data", (d) => {
        out += d;
        if (out.includes("\n")) resolve(out.split("\n")[0] ?? "");
      });
    });
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
    clearTimeout(killer);
    expect(JSON.parse(first).blockchain_id).toBe("bc-w-pipe");
    expect(code).toBe(130);
    expect(stderr).toBe("");
  });
});
