/**
 * `get` loads only what it uses. The build resolves node:http2 to a
 * module that throws (undici falls back to HTTP/1.1, which is all the tool
 * speaks) and loads commander's child_process only if used: a get must work
 * without either ever being loaded. The proxy path without http2 is covered by
 * the adversarial suite's CONNECT-proxy case, which runs the same build.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, baseEnv, type MockServer, startMockServer } from "../helpers/cli.js";

const preload = fileURLToPath(new URL("../fixtures/record-builtins.cjs", import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), "bcs-startup-"));
let sim: MockServer;
beforeAll(async () => {
  sim = await startMockServer();
});
afterAll(async () => {
  await sim?.stop();
  rmSync(work, { recursive: true, force: true });
});

function builtinsOf(args: string[]): { code: number | null; loaded: string[] } {
  const out = path.join(work, `${Math.random().toString(36).slice(2)}.txt`);
  const r = spawnSync(process.execPath, ["-r", preload, BIN, ...args], {
    env: baseEnv({ BCS_ENDPOINT: sim.url, BCS_PROJECT_ID: "p-1", BCS_TOKEN: "tok-startup-0123456789", BCS_TEST_BUILTINS_OUT: out }),
    encoding: "utf8",
    timeout: 15_000,
  });
  return { code: r.status, loaded: readFileSync(out, "utf8").split("\n") };
}

describe("what a get loads", () => {
  it("get --json works without node:http2 or node:child_process ever being loaded", () => {
    const { code, loaded } = builtinsOf(["get", "bc-1", "--json"]);
    expect(code).toBe(0);
    expect(loaded).toContain("http");
    expect(loaded).not.toContain("http2");
    expect(loaded).not.toContain("child_process");
  });

  it("get --json loads neither colour (chalk's tty detection), node:assert, node:fs/promises nor the ES module loader", () => {
    const { code, loaded } = builtinsOf(["get", "bc-1", "--json"]);
    expect(code).toBe(0);
    for (const m of ["tty", "assert", "fs/promises", "internal/modules/esm/loader"]) expect(loaded).not.toContain(m);
  });

  it("a table still loads colour, and --no-color with --json works without it being detected", () => {
    expect(builtinsOf(["get", "bc-1"]).loaded).toContain("tty");
    const { code } = builtinsOf(["get", "bc-1", "--json", "--no-color"]);
    expect(code).toBe(0);
  });

  it("--version loads neither commander's needs nor the request path", () => {
    const { code, loaded } = builtinsOf(["--version"]);
    expect(code).toBe(0);
    for (const m of ["http", "http2", "child_process", "v8", "crypto", "fs/promises"]) expect(loaded).not.toContain(m);
  });
});
