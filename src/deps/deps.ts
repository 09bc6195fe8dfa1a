import type { Dispatcher } from "undici";
import type { IO } from "./io.js";

/**
 * Node's timers wait at most 2^31-1 ms (24.8 days); a longer delay fires after
 * 1 ms, which turns a server's huge Retry-After into a busy loop. Every wait
 * of the tool is clamped to this range.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** A wait in [0, MAX_TIMER_MS]: NaN and negatives are 0, anything longer (Infinity too) is the maximum. */
export function clampWait(ms: number): number {
  if (Number.isNaN(ms) || ms <= 0) return 0;
  return Math.min(ms, MAX_TIMER_MS);
}

/** Timers that the clock owns; each returns a function that cancels it. */
export interface Timers {
  /** Calls fn once after ms (clamped). */
  setTimeout(fn: () => void, ms: number): () => void;
  /** Calls fn every ms (clamped, at least 1) until cancelled; it never keeps the process alive on its own. */
  setInterval(fn: () => void, ms: number): () => void;
}

/** Everything a command touches outside itself, handed in so tests replace it without mocking modules. */
export interface Deps {
  io: IO;
  env: NodeJS.ProcessEnv;
  /** Epoch milliseconds. */
  now(): number;
  /** Waits ms, clamped like every wait (see clampWait); resolves early, without throwing, when signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Timers on the same clock as now() and sleep(): deadlines, per-attempt timeouts, the live view's refresh. */
  timers: Timers;
  /**
   * The HTTP dispatcher to send requests through. Absent: the client builds an
   * undici EnvHttpProxyAgent (HTTPS_PROXY / NO_PROXY). Tests pass a MockAgent.
   */
  dispatcher?: Dispatcher;
  /** Aborted on SIGINT/SIGTERM; long-running commands stop and return 130. */
  signal: AbortSignal;
  /**
   * Lets the event loop turn once (a signal's handler runs only there). Long
   * synchronous work calls it between pieces (commands/pace.ts). Absent (tests
   * on a fake clock): the work checks the signal without yielding.
   */
  yieldToLoop?(): Promise<void>;
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

/** The abort reason when stdout or stderr cannot be written (ENOSPC, EIO): the run ends with exit 5. */
export const OUTPUT_FAILED = "EOUTPUT";

export function outputFailed(signal: AbortSignal): boolean {
  return signal.aborted && (signal.reason as { code?: string } | undefined)?.code === OUTPUT_FAILED;
}

/** Output went away (a closed pipe) or broke (a full disk): nothing more is said on it. */
export function outputGone(signal: AbortSignal): boolean {
  return outputClosed(signal) || outputFailed(signal);
}
