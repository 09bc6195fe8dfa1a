import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { constants, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

export const BIN = fileURLToPath(new URL("../../bin/bcs-status.js", import.meta.url));

/**
 * The command line that runs the CLI: `node bin/bcs-status.js`, or with BCS_BIN=<path> that
 * executable (the single executable of `npm run build:sea`), so the same tests check both.
 * Tests that give Node flags or run npm spawn Node themselves.
 */
export const CLI: readonly string[] = process.env.BCS_BIN ? [path.resolve(process.env.BCS_BIN)] : [process.execPath, BIN];

/** [file, args] for spawn(): the CLI (see CLI) with these arguments. */
export function cli(args: readonly string[]): [string, string[]] {
  const [file, ...before] = CLI as [string, ...string[]];
  return [file, [...before, ...args]];
}

/** The CLI with these arguments as one sh command line, each word quoted. */
export function cliLine(args: readonly string[]): string {
  return [...CLI, ...args].map((a) => JSON.stringify(a)).join(" ");
}

/**
 * Secrets the tests hand to spawned processes. Every spawned process's stdout
 * and stderr is searched for each of them (the suite-wide secret-leak check).
 */
export const SECRETS = {
  token: "e2e-TOKEN-5f3a9c1d7b",
  sk: "e2e-SECRETKEY-8d2e4f6a0c",
  password: "e2e-PWD-7c1b3d5e9f",
  securityToken: "e2e-SECTOKEN-2a4c6e8b0d",
};

export function assertNoSecrets(text: string): void {
  for (const [name, secret] of Object.entries(SECRETS)) {
    expect(text.includes(secret), `secret ${name} leaked into output:\n${text}`).toBe(false);
  }
}

/** A fresh folder for one run's history of durations: no test writes to the real home, none sees another's history. */
export function stateHome(): string {
  return mkdtempSync(path.join(tmpdir(), "bcs-state-"));
}

/** A clean environment: nothing from the developer's shell (no real credentials, config or colour settings). */
export function baseEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: "/nonexistent/home",
    LANG: "C.UTF-8",
    TZ: "UTC",
    XDG_CONFIG_HOME: "/nonexistent/xdg-config",
    XDG_CACHE_HOME: "/nonexistent/xdg-cache",
    XDG_STATE_HOME: stateHome(),
    HUAWEICLOUD_SDK_CREDENTIALS_FILE: "/nonexistent/credentials",
    ...extra,
  };
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the built binary to the end (killed after `timeoutMs`), and checks its output for secrets. */
export async function runCli(
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  const started = performance.now();
  const child = spawn(...cli(args), { env: baseEnv(opts.env), stdio: ["pipe", "pipe", "pipe"] });
  return collect(child, started, opts);
}

export async function collect(child: ChildProcess, started: number, opts: { input?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d) => {
    stdout += d;
  });
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  child.stdin?.end(opts.input ?? "");
  const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 15_000);
  const [code, signal] = (await once(child, "close")) as [number | null, NodeJS.Signals | null];
  clearTimeout(timer);
  assertNoSecrets(stdout + stderr);
  return { code, signal, stdout, stderr, ms: performance.now() - started };
}

export interface MockServer {
  url: string;
  stderr(): string;
  stop(): Promise<void>;
  stats(): Promise<Record<string, number>>;
}

/** Starts `bcs-status mock-server --port 0 …` and reads its base URL from the first stdout line. */
export async function startMockServer(args: string[] = []): Promise<MockServer> {
  const child = spawn(...cli(["mock-server", "--host", "127.0.0.1", "--port", "0", ...args]), {
    env: baseEnv(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  child.stderr.on("data", (d) => {
    err += d;
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`mock-server did not start: ${err}`)), 10_000);
    child.stdout.on("data", (d) => {
      out += d;
      const nl = out.indexOf("\n");
      if (nl >= 0) {
        clearTimeout(timer);
        resolve(out.slice(0, nl).trim());
      }
    });
    child.once("exit", (code) => reject(new Error(`mock-server exited (${code}): ${err}`)));
  });
  return {
    url,
    stderr: () => err,
    stats: async () => (await (await fetch(`${url}/__sim/stats`)).json()) as Record<string, number>,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await once(child, "exit");
      assertNoSecrets(err);
    },
  };
}

/**
 * Resolves once the process catches `signal` (Linux: its bit in SigCgt of /proc/<pid>/status), then
 * gives it 200 ms more to reach the work the test means to interrupt: a signal sent earlier meets the
 * default action of a process still starting (killed, no exit code), which a fixed wait of 400 ms
 * did on a loaded machine. Without /proc, a fixed wait of 400 ms.
 */
export async function whenCatching(pid: number | undefined, signal: "SIGINT" | "SIGTERM", timeoutMs = 10_000): Promise<void> {
  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
  if (pid === undefined || !existsSync("/proc/self/status")) return sleep(400);
  const status = `/proc/${pid}/status`;
  const bit = BigInt(constants.signals[signal] - 1);
  const until = performance.now() + timeoutMs;
  for (;;) {
    const mask = /^SigCgt:\s*([0-9a-f]+)$/m.exec(existsSync(status) ? readFileSync(status, "utf8") : "")?.[1];
    if (mask !== undefined && ((BigInt(`0x${mask}`) >> bit) & 1n) === 1n) return sleep(200);
    if (performance.now() > until) throw new Error(`process ${pid} did not catch ${signal} within ${timeoutMs} ms`);
    await sleep(20);
  }
}
