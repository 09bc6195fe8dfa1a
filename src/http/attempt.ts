import type { Dispatcher } from "undici";
import type { Timers } from "../deps/deps.js";

/** What happens around each single attempt (the retry interceptor above it may make several). */
export interface AttemptHooks {
  /** Headers to add to this attempt, e.g. a fresh AK/SK signature with a new date. */
  headers(method: string, url: string): Record<string, string>;
  /** Called once per attempt with its outcome, for the --verbose trace. */
  onOutcome(outcome: { method: string; url: string; status: number | null; error: Error | null; ms: number }): void;
  /** One attempt's limit, covering headers and body. */
  timeoutMs: number;
  now(): number;
  /** The wait the retry policy asked for before this attempt (0 for the first), taken once. */
  takeDelay(): number;
  sleep(ms: number): Promise<void>;
  /** The clock's timers, for the attempt's timeout. */
  timers: Timers;
}

/** Thrown into the request when one attempt runs past --request-timeout. */
export class AttemptTimeoutError extends Error {
  override name = "AttemptTimeoutError";
  readonly code = "BCS_REQUEST_TIMEOUT";
  constructor(
    readonly timeoutMs: number,
    /** "headers" before the status line arrived, "body" after. */
    readonly phase: "headers" | "body",
  ) {
    super(`no complete response within ${timeoutMs} ms (${phase})`);
  }
}

type Controller = Dispatcher.DispatchController;
type Handler = Dispatcher.DispatchHandler;

function mergeHeaders(headers: Dispatcher.DispatchOptions["headers"], extra: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) out[String(headers[i]).toLowerCase()] = String(headers[i + 1]);
  } else if (headers && typeof headers === "object") {
    for (const [k, v] of Object.entries(headers as Record<string, unknown>)) if (v !== undefined) out[k.toLowerCase()] = String(v);
  }
  for (const [k, v] of Object.entries(extra)) out[k.toLowerCase()] = v;
  return out;
}

/**
 * An undici interceptor for each attempt: signs it, bounds it by the request
 * timeout (headers and body), and reports its outcome. Compose it below the
 * retry interceptor so every retry is signed afresh and traced.
 */
export function attemptInterceptor(hooks: AttemptHooks): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (opts, handler: Handler) => {
    const delay = hooks.takeDelay();
    if (delay <= 0) return dispatchAttempt(dispatch, opts, handler, hooks);
    // The sleep ends early on Ctrl-C; the retry policy then starts no further tries (at most this one is made).
    void hooks.sleep(delay).finally(() => dispatchAttempt(dispatch, opts, handler, hooks));
    return true;
  };
}

function dispatchAttempt(
  dispatch: Dispatcher["dispatch"],
  opts: Dispatcher.DispatchOptions,
  handler: Handler,
  hooks: AttemptHooks,
): boolean {
  {
    const url = `${opts.origin ?? ""}${opts.path}`;
    // Headers first (an AK/SK signature, the current token): a failure there fails this request as an
    // error, before any timer is armed, and never escapes as an unhandled rejection of the delayed path.
    let extra: Record<string, string>;
    try {
      extra = hooks.headers(opts.method, url);
    } catch (err) {
      handler.onResponseError?.(null as unknown as Controller, err as Error);
      return true;
    }
    const started = hooks.now();
    let controller: Controller | null = null;
    let phase: "headers" | "body" = "headers";
    let pendingAbort: Error | null = null;
    let reported = false;
    const report = (status: number | null, error: Error | null) => {
      if (reported) return;
      reported = true;
      hooks.onOutcome({ method: opts.method, url, status, error, ms: hooks.now() - started });
    };
    const cancelTimer = hooks.timers.setTimeout(() => {
      const err = new AttemptTimeoutError(hooks.timeoutMs, phase);
      if (controller) controller.abort(err);
      else pendingAbort = err;
    }, hooks.timeoutMs);
    const wrapped: Handler = {
      onRequestStart(c, context) {
        controller = c;
        if (pendingAbort) c.abort(pendingAbort);
        handler.onRequestStart?.(c, context);
      },
      onRequestUpgrade(c, statusCode, headers, socket) {
        handler.onRequestUpgrade?.(c, statusCode, headers, socket);
      },
      onResponseStart(c, statusCode, headers, statusMessage) {
        phase = "body";
        report(statusCode, null);
        handler.onResponseStart?.(c, statusCode, headers, statusMessage);
      },
      onResponseData(c, chunk) {
        handler.onResponseData?.(c, chunk);
      },
      onResponseEnd(c, trailers) {
        cancelTimer();
        handler.onResponseEnd?.(c, trailers);
      },
      onResponseError(c, err) {
        cancelTimer();
        report(null, err);
        handler.onResponseError?.(c, err);
      },
    };
    return dispatch({ ...opts, headers: mergeHeaders(opts.headers, extra) }, wrapped);
  }
}
