import { clampWait } from "../deps/deps.js";
import { InterruptedError } from "../util/errors.js";

/** The longest shared pause a server can ask for when the caller sets no bound of its own (10 minutes: longer than any real back-off, short enough that a wrong header cannot stall a run). */
export const MAX_PAUSE_MS = 10 * 60_000;

export interface SchedulerOptions {
  /** Requests in flight at once, for the whole run (--concurrency). */
  concurrency: number;
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** The longest pause a server may impose now (what is left of a watch's timeout); MAX_PAUSE_MS when absent. */
  maxPauseMs?(): number;
}

/**
 * The one place that decides when a request may go (docs/RELIABILITY.md, "One scheduler and one clock"): at
 * most `concurrency` in flight for the whole run, status queries, list calls
 * and IAM logins alike; and a pause that a server asked for (429, Retry-After)
 * holds back every request to that origin, not only the one that got it.
 * Waits come from the injected sleep and are clamped: a server's number can
 * lengthen a wait, never turn it into a busy loop or outlast the caller.
 */
export class Scheduler {
  readonly #o: SchedulerOptions;
  #inFlight = 0;
  readonly #queue: Array<() => void> = [];
  readonly #pausedUntil = new Map<string, number>();
  /** The most requests ever in flight at once (for the benchmark and tests). */
  peakInFlight = 0;

  constructor(o: SchedulerOptions) {
    this.#o = { ...o, concurrency: Math.max(1, Math.trunc(o.concurrency)) };
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** Holds back every request to `origin` for `ms` (never shortens a pause already asked for). */
  pause(origin: string, ms: number): void {
    const bounded = Math.min(clampWait(ms), this.#o.maxPauseMs?.() ?? MAX_PAUSE_MS, MAX_PAUSE_MS);
    if (bounded <= 0) return;
    const until = this.#o.now() + bounded;
    if (until > (this.#pausedUntil.get(origin) ?? 0)) this.#pausedUntil.set(origin, until);
  }

  /** How long requests to `origin` still wait, in ms (0 when they may go). */
  pausedFor(origin: string): number {
    const until = this.#pausedUntil.get(origin);
    if (until === undefined) return 0;
    const left = until - this.#o.now();
    if (left <= 0) this.#pausedUntil.delete(origin);
    return Math.max(0, left);
  }

  /** Runs `task` once the origin's pause is over and a slot is free; throws InterruptedError if the signal aborts first. */
  async run<T>(origin: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    for (;;) {
      for (let wait = this.pausedFor(origin); wait > 0; wait = this.pausedFor(origin)) {
        await this.#o.sleep(wait, signal);
        if (signal?.aborted) throw new InterruptedError();
      }
      await this.#acquire(signal);
      // A pause asked for while this request waited for its slot holds it back too.
      if (this.pausedFor(origin) === 0) break;
      this.#release();
    }
    try {
      return await task();
    } finally {
      this.#release();
    }
  }

  #acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new InterruptedError());
    if (this.#inFlight < this.#o.concurrency) {
      this.#take();
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const go = () => {
        signal?.removeEventListener("abort", abort);
        this.#take();
        resolve();
      };
      const abort = () => {
        const i = this.#queue.indexOf(go);
        if (i >= 0) this.#queue.splice(i, 1);
        reject(new InterruptedError());
      };
      this.#queue.push(go);
      signal?.addEventListener("abort", abort, { once: true });
    });
  }

  #take(): void {
    this.#inFlight++;
    if (this.#inFlight > this.peakInFlight) this.peakInFlight = this.#inFlight;
  }

  #release(): void {
    this.#inFlight--;
    this.#queue.shift()?.();
  }
}
