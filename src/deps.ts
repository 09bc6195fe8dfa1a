import type { Dispatcher } from "undici";
import type { IO } from "./io.js";

/** Everything a command touches outside itself, handed in so tests replace it without mocking modules. */
export interface Deps {
  io: IO;
  env: NodeJS.ProcessEnv;
  /** Epoch milliseconds. */
  now(): number;
  /** Waits ms (resolves early, without throwing, when signal aborts). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * The HTTP dispatcher to send requests through. Absent: the client builds an
   * undici EnvHttpProxyAgent (HTTPS_PROXY / NO_PROXY). Tests pass a MockAgent.
   */
  dispatcher?: Dispatcher;
  /** Aborted on SIGINT/SIGTERM; long-running commands stop and return 130. */
  signal: AbortSignal;
  /** Home directory, for ~ expansion and default paths. */
  homedir: string;
  /** Current user id, for the token cache's ownership check (undefined on Windows). */
  uid?: number;
  /**
   * Called by commands that run for minutes or hours (watch, mock-server) before
   * their work starts, so the process can tune itself for that: systemDeps()
   * sets V8's small-heap flags (heap-policy.ts). Tests leave it out.
   */
  longRunning?(): Promise<void>;
}

/** The abort reason when the reader of stdout went away (`| head -1`): stop quietly, nothing left to say. */
export const OUTPUT_CLOSED = "EPIPE";

export function outputClosed(signal: AbortSignal): boolean {
  return signal.aborted && (signal.reason as { code?: string } | undefined)?.code === OUTPUT_CLOSED;
}

/** A sleep on real timers that ends early when the signal aborts. */
export function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
