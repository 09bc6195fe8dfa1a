import type { RetryHandler } from "undici";
import { parseHttpDate } from "./http-date.js";
import { unknownRegionOf } from "./region-hint.js";

/** Transient answers worth another try (`--retries`: network errors, 429, 502, 503, 504). */
export const RETRY_STATUS = [429, 502, 503, 504];
export const RETRY_ERROR_CODES = [
  "ECONNRESET",
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETDOWN",
  "ENETUNREACH",
  "EHOSTDOWN",
  "EHOSTUNREACH",
  "EPIPE",
  "ETIMEDOUT",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
];

export interface RetryPolicy {
  /** Tries after the first. */
  retries: number;
  /** First backoff; doubles each try, up to maxDelayMs, with full jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * The longest wait before a retry, Retry-After or backoff; a longer one gives
   * up at once (e.g. what is left of a watch, so no wait outlasts its timeout).
   */
  maxRetryAfterMs(): number;
  /** The caller gave up (Ctrl-C, a watch's deadline): no more tries. */
  aborted?(): boolean;
  random(): number;
  now(): number;
  /** A 429, or a Retry-After the server sent: how long every request to this origin should hold back. */
  onServerPause?(ms: number): void;
  /** Schedules the wait before the next attempt (the attempt interceptor sleeps it). */
  delayNext(ms: number): void;
  onRetry(info: { attempt: number; delayMs: number; reason: string }): void;
}

/**
 * Retry-After as milliseconds (RFC 9110, 10.2.3): whole seconds (digits only) or
 * an HTTP-date, a past date meaning now (0); null when absent or anything else
 * (`-1`, `1.5`, garbage): then the run's own backoff applies.
 */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | null {
  const v = (Array.isArray(value) ? value[0] : value)?.trim();
  if (v === undefined || v === "") return null;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const date = parseHttpDate(v, now);
  return date === null ? null : Math.max(0, date - now);
}

/** Exponential backoff with full jitter: a random delay in [base·2^(n-1)/2, base·2^(n-1)], capped. */
export function backoffDelay(attempt: number, policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs" | "random">): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + policy.random() * (ceiling / 2));
}

type RetryErr = Error & { statusCode?: number; code?: string; headers?: Record<string, string | string[] | undefined> };

/**
 * A name that cannot exist: the default endpoint of a region that is not a
 * BCS region (a typo like cn-nort-4). The resolver said so (ENOTFOUND is its
 * definite answer, unlike EAI_AGAIN), and asking again only delays the hint.
 */
function cannotExist(code: string, origin: string | URL | undefined): boolean {
  if (code !== "ENOTFOUND" || origin === undefined) return false;
  const host = typeof origin === "string" ? (URL.canParse(origin) ? new URL(origin).hostname : "") : origin.hostname;
  return unknownRegionOf(host) !== null;
}

/**
 * The `retry` callback for undici's retry interceptor: it decides at once
 * which failures are transient and how long to wait (Retry-After, else
 * backoff with jitter). The wait itself happens before the next attempt is
 * dispatched (see attempt.ts), through the injected sleep, so a response is
 * never left half-read while waiting and tests run without real time.
 */
export function retryCallback(policy: RetryPolicy): RetryHandler.RetryCallback {
  return (error, { state, opts }, cb) => {
    const err = error as RetryErr;
    const status = err.statusCode;
    const transient =
      status !== undefined
        ? RETRY_STATUS.includes(status)
        : err.code !== undefined && RETRY_ERROR_CODES.includes(err.code) && !cannotExist(err.code, opts.origin);
    if (!transient || state.counter > policy.retries || policy.aborted?.()) {
      cb(err);
      return null;
    }
    const retryAfter = status !== undefined ? parseRetryAfter(err.headers?.["retry-after"], policy.now()) : null;
    // "Now" (0, or a date already past) is no reason to skip the backoff: a server saying so in a 429 storm would get one.
    const delayMs = retryAfter !== null && retryAfter > 0 ? retryAfter : backoffDelay(state.counter, policy);
    // Never a longer shared pause than this caller would wait itself: a server's 9999999 s must not hold the others.
    if (retryAfter !== null || status === 429) policy.onServerPause?.(Math.min(delayMs, policy.maxRetryAfterMs()));
    if (delayMs > policy.maxRetryAfterMs()) {
      // Waiting that long would outlast the caller's budget: give the answer back now.
      cb(err);
      return null;
    }
    policy.onRetry({ attempt: state.counter, delayMs, reason: status !== undefined ? `HTTP ${status}` : (err.code ?? err.message) });
    policy.delayNext(delayMs);
    cb(null);
    return null;
  };
}
