import { setMaxListeners } from "node:events";
import { MAX_PAUSE_MS } from "../http/scheduler.js";
import type { BlockchainStatus, QueryFailure, QueryResult } from "../status/model.js";
import { isTerminal } from "../status/model.js";
import { stateKey, type Transition, transitions } from "../status/transitions.js";
import { ApiError, InterruptedError } from "../util/errors.js";
import type { Deadline } from "./deadline.js";

/** How one id's watch ended. */
export type Outcome =
  | { id: string; kind: "finished" | "failed"; status: BlockchainStatus }
  | { id: string; kind: "timeout" | "interrupted"; status: BlockchainStatus | null }
  /** Fail fast: another id failed, so this one's watch was stopped where it was. */
  | { id: string; kind: "stopped"; status: BlockchainStatus | null }
  | { id: string; kind: "error"; failure: QueryFailure; status: BlockchainStatus | null };

export interface WatchEvents {
  /** The state changed (the first answer counts), with the resources that moved and the body as received. */
  onChange(status: BlockchainStatus, changes: Transition[], raw: string): void;
  /** Every answer, changed or not (spinner refresh, heartbeat checks). */
  onPoll(status: BlockchainStatus): void;
  /** A transient failure (network, 429, 502, 503, 504) that the watch rides out. */
  onTransient(failure: QueryFailure): void;
  /** The id's watch ended (the others may go on). */
  onDone?(outcome: Outcome): void;
}

/**
 * How long an id's polls may fail in a row (transient failures only) before
 * its watch ends with the last error, exit 5: a blip is ridden out, an outage
 * is reported as what it is rather than as a slow deployment.
 */
export const OUTAGE_LIMIT_MS = 5 * 60_000;

export interface LoopOptions {
  ids: readonly string[];
  intervalMs: number;
  /** The run's one deadline (--timeout), started before anything else of the run. */
  deadline: Deadline;
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  signal: AbortSignal;
  query(id: string, signal: AbortSignal): Promise<QueryResult>;
  events: WatchEvents;
  /**
   * Whether an answer ends the id's watch with success (`--for`: the resources
   * waited for are finished); default: everything finished. A failure of any
   * resource always ends it with "failed".
   */
  done?(status: BlockchainStatus): boolean;
  /** With several ids, the first one that fails (or ends in an error) stops the others (default true). */
  failFast?: boolean;
}

/** The transient HTTP answers (those --retries retries; README, options of get, watch and list). */
const TRANSIENT_STATUS = new Set([429, 502, 503, 504]);

/** Failures a watch rides out: network trouble, timeouts, 429, 502, 503, 504. Anything else (a 500, a 4xx, a body that is not the documented JSON) ends the id. */
export function isTransient(f: QueryFailure): boolean {
  const e = f.cause;
  if (!(e instanceof ApiError)) return false;
  if (e.kind === "network" || e.kind === "timeout") return true;
  return e.kind === "api" && e.httpStatus !== null && TRANSIENT_STATUS.has(e.httpStatus);
}

/**
 * One id's watch. It has one signal of its own for its whole run: it follows
 * the run's signal (Ctrl-C, fail fast) and aborts at the deadline, so a request
 * in flight at the deadline is cut off there (--timeout bounds the whole watch,
 * even against a server that accepts and never answers). One listener on the
 * shared signal per id, not one per poll: with 1,000 ids, adding and removing
 * listeners on a signal that holds thousands was most of a poll's cost.
 */
async function watchOne(id: string, o: LoopOptions): Promise<Outcome> {
  const own = new AbortController();
  const deadline = o.deadline.signal;
  const follow = () => own.abort(o.signal.reason);
  const reach = () => own.abort(deadline.reason);
  if (o.signal.aborted) follow();
  else o.signal.addEventListener("abort", follow, { once: true });
  if (deadline.aborted) reach();
  else deadline.addEventListener("abort", reach, { once: true });
  try {
    return await pollUntilDone(id, { ...o, signal: own.signal }, () => o.signal.aborted);
  } finally {
    o.signal.removeEventListener("abort", follow);
    deadline.removeEventListener("abort", reach);
  }
}

async function pollUntilDone(id: string, o: LoopOptions, interrupted: () => boolean): Promise<Outcome> {
  let last: BlockchainStatus | null = null;
  let lastKey = "";
  /** The transient failure of the last poll, and since when polls have failed in a row. */
  let failing: { failure: QueryFailure; since: number } | null = null;
  // A watch that never got an answer has nothing to say about the deployment: its timeout is the error it kept getting.
  const timeout = (): Outcome =>
    last === null && failing !== null
      ? { id, kind: "error", failure: failing.failure, status: null }
      : { id, kind: "timeout", status: last };
  /**
   * Why the watch must end now, if it must: the deadline passed (whatever was in progress, a login
   * included, ended with it: a timeout), or the run was interrupted (Ctrl-C, or fail fast).
   */
  const ended = (): Outcome | null => {
    if (o.deadline.passed()) return timeout();
    if (interrupted()) return { id, kind: "interrupted", status: last };
    return null;
  };
  for (;;) {
    const before = ended();
    if (before) return before;
    let r: QueryResult;
    try {
      r = await o.query(id, o.signal);
    } catch (err) {
      const now = ended();
      if (now) return now;
      if (err instanceof InterruptedError) return { id, kind: "interrupted", status: last };
      throw err;
    }
    const after = ended();
    if (after) return after;
    let pause = o.intervalMs;
    if (r.ok) {
      failing = null;
      const key = stateKey(r.status);
      if (key !== lastKey) o.events.onChange(r.status, transitions(last, r.status), r.raw);
      last = r.status;
      lastKey = key;
      o.events.onPoll(r.status);
      if (r.status.overall === "failed") return { id, kind: "failed", status: r.status };
      if (o.done ? o.done(r.status) : isTerminal(r.status.overall)) return { id, kind: "finished", status: r.status };
    } else if (isTransient(r.failure)) {
      const since: number = (failing as { since: number } | null)?.since ?? o.now();
      failing = { failure: r.failure, since };
      if (o.now() - failing.since >= OUTAGE_LIMIT_MS) return { id, kind: "error", failure: r.failure, status: last };
      o.events.onTransient(r.failure);
      // The server asked for a pause (Retry-After): the next poll waits at least that long.
      const asked = r.failure.cause instanceof ApiError ? r.failure.cause.answer.retryAfterMs : undefined;
      if (asked !== undefined) pause = Math.max(pause, asked);
    } else {
      return { id, kind: "error", failure: r.failure, status: last };
    }
    // A server's Retry-After can lengthen the pause, never past the deadline (or 10 minutes with --timeout 0).
    const wait = Math.min(pause, o.deadline.left(MAX_PAUSE_MS));
    if (wait > 0) await o.sleep(wait, o.signal);
  }
}

/** Where id i of n starts within the first interval: evenly spread, the first at once. */
export function spreadOffset(i: number, n: number, intervalMs: number): number {
  return n > 1 ? Math.floor((i * intervalMs) / n) : 0;
}

/**
 * Polls every id every interval until each is finished or failed, hits an
 * error that ends it, the timeout passes, or the signal aborts. Time comes
 * only from the injected clock and sleep, so tests run hours in milliseconds.
 */
export async function watchAll(o: LoopOptions): Promise<Outcome[]> {
  // Fail fast (GitHub Actions' matrix default): the first id that fails stops the others' polls and waits.
  const failFast = (o.failFast ?? true) && o.ids.length > 1;
  const stop = new AbortController();
  const each: LoopOptions = failFast ? { ...o, signal: AbortSignal.any([o.signal, stop.signal]) } : o;
  // Each id follows this signal with one listener: many ids are many listeners, not a leak.
  if (failFast) setMaxListeners(0, each.signal);
  return Promise.all(
    o.ids.map(async (id, i) => {
      // The API is shared: n ids poll at even offsets over the interval, not all in the same instant.
      const offset = spreadOffset(i, o.ids.length, o.intervalMs);
      if (offset > 0) await o.sleep(Math.min(offset, o.deadline.left(offset)), each.signal);
      let outcome = await watchOne(id, each);
      if (outcome.kind === "interrupted" && !o.signal.aborted && stop.signal.aborted)
        outcome = { id, kind: "stopped", status: outcome.status };
      if (failFast && (outcome.kind === "failed" || outcome.kind === "error")) stop.abort();
      o.events.onDone?.(outcome);
      return outcome;
    }),
  );
}
