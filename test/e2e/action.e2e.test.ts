import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseEnv, collect, type MockServer, type RunResult, SECRETS, startMockServer } from "../helpers/cli.js";

/**
 * The GitHub Action as the runner runs it: `node <runs.main>` with its inputs as `INPUT_*`
 * variables, `$GITHUB_OUTPUT`, `$GITHUB_STEP_SUMMARY` and `GITHUB_ACTIONS=true`, against mock-server.
 */
const root = fileURLToPath(new URL("../..", import.meta.url));
const MAIN = path.join(root, "action", "index.cjs");
const dir = mkdtempSync(path.join(tmpdir(), "bcs-action-"));
let sim: MockServer;
let failing: MockServer;
let runs = 0;

beforeAll(async () => {
  [sim, failing] = await Promise.all([
    startMockServer(["--scenario", "success", "--speed", "40", "--token", SECRETS.token]),
    startMockServer(["--scenario", "failure", "--speed", "40"]),
  ]);
});
afterAll(async () => {
  await Promise.all([sim?.stop(), failing?.stop()]);
});

interface ActionRun extends RunResult {
  outputs: Record<string, string>;
  summary: string;
  outputFile: string;
}

/** `$GITHUB_OUTPUT` read as the runner reads it: `name<<DELIM` … `DELIM` entries (and `name=value` lines). */
function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2] as string, i + 1);
      expect(end, `no closing delimiter for ${heredoc[1]}`).toBeGreaterThan(i);
      out[heredoc[1] as string] = lines.slice(i + 1, end).join("\n");
      i = end;
    } else if (line.includes("=")) out[line.slice(0, line.indexOf("="))] = line.slice(line.indexOf("=") + 1);
  }
  return out;
}

/**
 * Every occurrence of a test secret in the output is on an `::add-mask::` line (the runner
 * consumes those), and those lines come before anything else on stdout.
 */
function assertMaskedOnly(r: RunResult): void {
  const lines = r.stdout.split("\n");
  const firstOther = lines.findIndex((l) => !l.startsWith("::add-mask::"));
  expect(lines.slice(firstOther).some((l) => l.startsWith("::add-mask::") && !l.includes("MIIsim"))).toBe(false);
  const rest = [...lines.filter((l) => !l.startsWith("::add-mask::")), r.stderr].join("\n");
  for (const [name, secret] of Object.entries(SECRETS)) expect(rest.includes(secret), `secret ${name} leaked`).toBe(false);
}

async function runAction(inputs: Record<string, string>, extra: NodeJS.ProcessEnv = {}): Promise<ActionRun> {
  const n = runs++;
  const outputFile = path.join(dir, `output-${n}`);
  const summaryFile = path.join(dir, `summary-${n}`);
  writeFileSync(outputFile, "");
  writeFileSync(summaryFile, "");
  const env: NodeJS.ProcessEnv = {
    GITHUB_ACTIONS: "true",
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    XDG_STATE_HOME: path.join(dir, "state"),
    XDG_CACHE_HOME: path.join(dir, `cache-${n}`),
    ...extra,
  };
  // As the runner names them: upper case, spaces as `_`, a `-` kept.
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] = value;
  const started = performance.now();
  const child = spawn(process.execPath, [MAIN], { env: baseEnv(env), stdio: ["pipe", "pipe", "pipe"] });
  // collect() checks stdout and stderr for the test secrets: an `::add-mask::` line holds one, so it is checked here instead.
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => {
    stdout += d;
  });
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  const r = await collect(Object.assign(child, { stdout: null, stderr: null }), started, { timeoutMs: 20_000 });
  const result = { ...r, stdout, stderr };
  assertMaskedOnly(result);
  const text = readFileSync(outputFile, "utf8");
  for (const secret of Object.values(SECRETS)) expect(text.includes(secret)).toBe(false);
  const summary = readFileSync(summaryFile, "utf8");
  for (const secret of Object.values(SECRETS)) expect(summary.includes(secret)).toBe(false);
  return { ...result, outputs: parseOutputs(text), summary, outputFile: text };
}

const where = (s: MockServer) => ({ endpoint: s.url, "project-id": "proj-action", interval: "100ms" });
const jsonLines = (s: string) => s.split("\n").map((l) => JSON.parse(l) as { blockchain_id: string; overall: string });

describe("the GitHub Action, run as the runner runs it", () => {
  it("success: ids by comma and newline; outputs overall, exit-code, result; the step summary; exit 0; the token masked first", async () => {
    const r = await runAction({ ...where(sim), ids: "bc-act-1,\nbc-act-2", token: SECRETS.token, timeout: "20s" });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe(`::add-mask::${SECRETS.token}`);
    expect(r.outputs.overall).toBe("finished");
    expect(r.outputs["exit-code"]).toBe("0");
    expect(jsonLines(r.outputs.result as string).map((d) => [d.blockchain_id, d.overall])).toEqual([
      ["bc-act-1", "finished"],
      ["bc-act-2", "finished"],
    ]);
    expect(r.summary).toContain("bc-act-1");
    expect(r.stderr).toContain("::group::");
  });

  it("failure: exit 1, overall failed, an ::error annotation per failed resource", async () => {
    const r = await runAction({ ...where(failing), ids: "bc-act-f", token: SECRETS.token, timeout: "20s" });
    expect(r.code, r.stderr).toBe(1);
    expect(r.outputs.overall).toBe("failed");
    expect(r.outputs["exit-code"]).toBe("1");
    expect(jsonLines(r.outputs.result as string)[0]?.overall).toBe("failed");
    expect(r.stderr).toMatch(/^::error title=[^\n]*cce/m);
    expect(r.summary).toContain("failed");
  });

  it("timeout: exit 124, a ::warning, the last state in result", async () => {
    // Real time: the deployment takes longer than the timeout.
    const slow = await startMockServer(["--scenario", "success"]);
    try {
      const r = await runAction({ ...where(slow), ids: "bc-act-t", token: SECRETS.token, timeout: "1500ms" });
      expect(r.code, r.stderr).toBe(124);
      expect(r.outputs["exit-code"]).toBe("124");
      expect(r.stderr).toMatch(/^::warning /m);
      const [last] = jsonLines(r.outputs.result as string);
      expect(last?.blockchain_id).toBe("bc-act-t");
      expect(r.outputs.overall).toBe(last?.overall);
      expect(r.outputs.overall).not.toBe("finished");
    } finally {
      await slow.stop();
    }
  });

  it("for: the step succeeds once those resources finished, overall still the worst state", async () => {
    const slow = await startMockServer(["--scenario", "success"]);
    try {
      const r = await runAction({ ...where(slow), ids: "bc-act-for", for: "eip", token: SECRETS.token, timeout: "20s" });
      expect(r.code, r.stderr).toBe(0);
      expect(r.outputs["exit-code"]).toBe("0");
      expect(r.outputs.overall).toBe("deploying");
    } finally {
      await slow.stop();
    }
  });

  it("the keys from inputs (AK/SK, security token) and from the CLI's variables, masked before anything else", async () => {
    const r = await runAction(
      {
        ...where(sim),
        ids: "bc-act-k",
        "access-key": "AKACTIONE2E0001",
        "secret-key": SECRETS.sk,
        "security-token": SECRETS.securityToken,
      },
      {},
    );
    // mock-server checks any access key's signature with any secret key: signed requests go through.
    expect(r.code, r.stderr).toBe(0);
    const masks = r.stdout.split("\n").filter((l) => l.startsWith("::add-mask::"));
    expect(masks).toEqual(expect.arrayContaining([`::add-mask::${SECRETS.sk}`, `::add-mask::${SECRETS.securityToken}`]));
    expect(r.outputs["exit-code"]).toBe("0");
    const viaEnv = await runAction({ ...where(sim), ids: "bc-act-e" }, { BCS_TOKEN: SECRETS.token });
    expect(viaEnv.code, viaEnv.stderr).toBe(0);
    expect(viaEnv.stdout.split("\n")[0]).toBe(`::add-mask::${SECRETS.token}`);
  });

  it("a token that an IAM login issued is masked with ::add-mask:: as soon as it is known, and shown nowhere", async () => {
    const r = await runAction(
      { ...where(sim), ids: "bc-act-iam", timeout: "20s" },
      { BCS_USERNAME: "e2e-user", BCS_PASSWORD: SECRETS.password, BCS_DOMAIN_NAME: "e2e-domain", BCS_IAM_ENDPOINT: sim.url },
    );
    expect(r.code, r.stderr).toBe(0);
    const issued = r.stdout
      .split("\n")
      .filter((l) => l.startsWith("::add-mask::MIIsim"))
      .map((l) => l.slice("::add-mask::".length));
    expect(issued).toHaveLength(1);
    const shown = [r.stdout.replace(`::add-mask::${issued[0]}\n`, ""), r.stderr, r.outputFile, r.summary].join("\n");
    expect(shown.includes(issued[0] as string)).toBe(false);
    expect(r.stdout.indexOf(`::add-mask::${SECRETS.password}`)).toBe(0);
  });

  it("a bad input is a usage error (exit 2) naming the input; the outputs are still set", async () => {
    const r = await runAction({ ...where(sim), ids: "bc-act-u", token: SECRETS.token, "fail-fast": "maybe" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("input fail-fast");
    expect(r.outputs).toEqual({ overall: "unknown", "exit-code": "2", result: "" });
    const bad = await runAction({ ...where(sim), ids: "bc-act-u", token: SECRETS.token, for: `eip, ${"x".repeat(200)}` });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("input for");
  });

  it("the committed bundle (action.yml runs.main) is what scripts/build-action.mjs builds from the source now", () => {
    const action = readFileSync(path.join(root, "action.yml"), "utf8");
    expect(action).toMatch(/^ {2}using: node24$/m);
    expect(action).toMatch(/^ {2}main: action\/index\.cjs$/m);
    const fresh = path.join(dir, "fresh.cjs");
    const b = spawnSync(process.execPath, [path.join(root, "scripts", "build-action.mjs"), "--out", fresh], { encoding: "utf8" });
    expect(b.status, b.stderr).toBe(0);
    const same = readFileSync(fresh, "utf8") === readFileSync(MAIN, "utf8");
    expect(same, "action/index.cjs is stale: run npm run build:action and commit it").toBe(true);
  });
});
