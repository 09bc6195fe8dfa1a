import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect, type MockServer, SECRETS, startMockServer } from "../helpers/cli.js";

/**
 * The Action through GitHub's own local runner for JavaScript actions (@github/local-action):
 * a second harness beside action.e2e.test.ts (which runs it as the runner does). local-action
 * is large (tsx, the toolkit, Azure's storage client) and takes ~20 s a run, so it is not a
 * devDependency: BCS_LOCAL_ACTION names a folder it is installed in (.ci/run installs it there).
 */
const LOCAL = process.env.BCS_LOCAL_ACTION;
const root = fileURLToPath(new URL("../..", import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), "bcs-local-action-"));
let sim: MockServer;

describe.skipIf(!LOCAL)("the GitHub Action through @github/local-action", () => {
  beforeAll(async () => {
    sim = await startMockServer(["--scenario", "failure", "--speed", "40"]);
  });
  afterAll(async () => {
    await sim?.stop();
  });

  it("runs the committed entry: the watch's lines, the outputs in $GITHUB_OUTPUT, the failure as the exit code, the token masked", async () => {
    const output = path.join(dir, "output");
    writeFileSync(output, "");
    const dotenv = path.join(dir, ".env");
    writeFileSync(
      dotenv,
      [
        "INPUT_IDS=bc-local-1",
        `INPUT_ENDPOINT=${sim.url}`,
        "INPUT_PROJECT-ID=proj-local",
        `INPUT_TOKEN=${SECRETS.token}`,
        "INPUT_INTERVAL=100ms",
        "INPUT_TIMEOUT=30s",
        `GITHUB_OUTPUT=${output}`,
        `XDG_STATE_HOME=${path.join(dir, "state")}`,
        "",
      ].join("\n"),
    );
    const bin = path.join(LOCAL as string, "node_modules", ".bin", "local-action");
    // Its cwd is where it is installed: it starts its bundled tsx with `npm exec`.
    const child = spawn(bin, ["run", root, "action/index.cjs", dotenv], {
      cwd: LOCAL,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, npm_config_update_notifier: "false" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout?.on("data", (d) => {
      stdout += d;
    });
    const r = await collect(Object.assign(child, { stdout: null }), performance.now(), { timeoutMs: 110_000 });
    const shown = stdout.replace(`::add-mask::${SECRETS.token}\n`, "");
    expect(shown.includes(SECRETS.token), "the token leaked").toBe(false);
    expect(stdout).toContain(`::add-mask::${SECRETS.token}`);
    expect(stdout).toContain("cce.cluster");
    const text = readFileSync(output, "utf8");
    expect(text).toMatch(/^overall<<(ghadelimiter_[0-9a-f-]+)\nfailed\n\1$/m);
    expect(text).toMatch(/^exit-code<<(ghadelimiter_[0-9a-f-]+)\n1\n\1$/m);
    expect(r.code, r.stderr).not.toBe(0);
  }, 120_000);
});
