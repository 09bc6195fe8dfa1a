import { ApiError, InterruptedError } from "../errors.js";
import type { BlockchainStatus, QueryFailure, QueryResult } from "../status/model.js";
import { isTerminal } from "../status/model.js";
import { stateKey, type Transition, transitions } from "../status/transitions.js";

/** How one id's watch ended. */
export type Outcome =
  | { id: string; kind: "finished" | "failed"; status: BlockchainStatus }
  | { id: string; kind: "timeout" | "interrupted"; status: BlockchainStatus | null }
  | { id: string; kind: "error"; failure: QueryFailure; status: BlockchainStatus | null };

export interface WatchEvents {
  /** The state changed (the first answer counts), with the resources that moved. */
  onChange(status: BlockchainStatus, changes: Transition[]): void;
  /** Every answer, changed or not (spinner refresh, heartbeat checks). */
  onPoll(status: BlockchainStatus): void;
  /** A transient failure (network, 429, 5xx) that the watch rides out. */
  onTransient(failure: QueryFailure): void;
}

export interface LoopOptions {
  ids: readonly string[];
  intervalMs: number;
  /** 0 = never. */
  timeoutMs: number;
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  signal: AbortSignal;
  query(id: string, signal: AbortSignal): Promise<QueryResult>;
  events: WatchEvents;
}

/** Failures a watch survives: network trouble, timeouts, 429 and 5xx. */
export function isTransient(f: QueryFailure): boolean {
  const e = f.cause;
  if (!(e instanceof ApiError)) return false;
  if (e.kind === "network" || e.kind === "timeout") return true;
  return e.kind === "api" && e.httpStatus !== null && (e.httpStatus === 429 || e.httpStatus >= 500);
}

async function watchOne(id: string, o: LoopOptions, deadline: number | null): Promise<Outcome> {
  let last: BlockchainStatus | null = null;
  let lastKey = "";
  for (;;) {
    if (o.signal.aborted) return { id, kind: "interrupted", status: last };
    if (deadline !== null && o.now() >= deadline) return { id, kind: "timeout", status: last };
    // A request in flight at the deadline is cut off there: --timeout bounds the whole watch,
    // even against a server that accepts and never answers (or a long --request-timeout).
    const expiry = deadline === null ? null : new AbortController();
    const timer = expiry && setTimeout(() => expiry.abort(), Math.max(0, (deadline as number) - o.now()));
    const forward = () => expiry?.abort(o.signal.reason);
    if (expiry) o.signal.addEventListener("abort", forward, { once: true });
    let r: QueryResult;
    try {
      r = await o.query(id, expiry ? expiry.signal : o.signal);
    } catch (err) {
      if (o.signal.aborted) return { id, kind: "interrupted", status: last };
      if (expiry?.signal.aborted) return { id, kind: "timeout", status: last };
      if (err instanceof InterruptedError) return { id, kind: "interrupted", status: last };
      throw err;
    } finally {
      if (timer) clearTimeout(timer);
      o.signal.removeEventListener("abort", forward);
    }
    if (o.signal.aborted) return { id, kind: "interrupted", status: last };
    if (expiry?.signal.aborted) return { id, kind: "timeout", status: last };
    if (r.ok) {
      const key = stateKey(r.status);
      if (key !== lastKey) o.events.onChange(r.status, transitions(last, r.status));
      last = r.status;
      lastKey = key;
      o.events.onPoll(r.status);
      if (isTerminal(r.status.overall)) return { id, kind: r.status.overall as "finished" | "failed", status: r.status };
    } else if (isTransient(r.failure)) {
      o.events.onTransient(r.failure);
    } else {
      return { id, kind: "error", failure: r.failure, status: last };
    }
    const wait = deadline === null ? o.intervalMs : Math.min(o.intervalMs, deadline - o.now());
    if (wait > 0) await o.sleep(wait, o.signal);
  }
}

/**
 * Polls every id every interval until each is finished or failed, hits an
 * error that ends it, the timeout passes, or the signal aborts. Time comes
 * only from the injected clock and sleep, so tests run hours in milliseconds.
 */
export async function watchAll(o: LoopOptions): Promise<Outcome[]> {
  const deadline = o.timeoutMs > 0 ? o.now() + o.timeoutMs : null;
  return Promise.all(o.ids.map((id) => watchOne(id, o, deadline)));
}
