import type { Deps } from "../../deps/deps.js";
import { startSimulator } from "../../simulator/server.js";
import { isLoopbackHost } from "../../util/checks.js";
import { EXIT, UsageError } from "../../util/errors.js";
import type { MockServerOptions } from "./command.js";

/** A value as a POSIX shell word: as it is when it is safe, else single-quoted. */
function shellWord(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The line to paste into another shell so that the next `bcs-status list` talks
 * to this simulator. Any token is accepted unless `--token` was given; that one is
 * a secret of the run, so the line names it instead of showing it.
 */
export function exportLine(url: string, token: string | undefined): string {
  const vars = `export BCS_ENDPOINT=${shellWord(url)} BCS_PROJECT_ID=${SIM_PROJECT_ID}`;
  return token === undefined ? `${vars} BCS_TOKEN=${SIM_TOKEN}` : `${vars}  # and BCS_TOKEN=<the --token value>`;
}

/** What the pasted line sets: the simulator answers any project id and, without --token, any token. */
const SIM_PROJECT_ID = "demo-project";
const SIM_TOKEN = "sim-token";

/** `mock-server`: the simulator in the foreground; the first stdout line is its base URL. Ends on SIGINT/SIGTERM. */
export async function runMockServer(flags: MockServerOptions, deps: Deps): Promise<number> {
  if (flags.ak !== undefined && flags.sk === undefined)
    throw new UsageError("--ak needs --sk: the simulator verifies signatures with the secret key");
  // The simulator's own credentials are secrets of this run too: its log never shows them.
  for (const secret of [flags.token, flags.sk, flags.password]) deps.io.secrets.add(secret);
  await deps.longRunning?.();
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  try {
    sim = await startSimulator({
      host: flags.host,
      port: flags.port,
      scenario: flags.scenario,
      speed: flags.speed,
      ...(flags.token !== undefined ? { token: flags.token } : {}),
      ...(flags.ak !== undefined ? { accessKey: flags.ak } : {}),
      ...(flags.sk !== undefined ? { secretKey: flags.sk } : {}),
      ...(flags.password !== undefined ? { password: flags.password } : {}),
      now: deps.now,
      sleep: (ms) => deps.sleep(ms, deps.signal),
      log: (line) => deps.io.stderr.write(`${line}\n`),
      signal: deps.signal,
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === "EADDRINUSE" || e.code === "EACCES") {
      throw new UsageError(`cannot listen on ${flags.host}:${flags.port}: ${e.code} (try --port 0 for any free port)`);
    }
    if (e.code === "EADDRNOTAVAIL" || e.code === "ENOTFOUND" || e.code === "EAI_AGAIN" || e.code === "EINVAL") {
      throw new UsageError(
        `cannot listen on ${flags.host}:${flags.port}: ${e.code} (--host must be an address of this machine, e.g. 127.0.0.1)`,
      );
    }
    throw err;
  }
  // Only once it listens: an address it cannot take is an error, not something reachable from other hosts.
  if (!isLoopbackHost(flags.host))
    deps.io.stderr.write(`bcs-status: warning: listening on ${flags.host}, reachable from other hosts; it accepts any credentials\n`);
  deps.io.stdout.write(`${sim.url}\n`);
  deps.io.stderr.write(`${exportLine(sim.url, flags.token)}\n`);
  await new Promise<void>((resolve) => {
    if (deps.signal.aborted) resolve();
    deps.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  await sim.close();
  // Stopped by Ctrl-C or SIGTERM, its only way to end: exit 130, "interrupted".
  return EXIT.interrupted;
}
