import type { Dispatcher } from "undici";
import type { Timers } from "../deps/deps.js";
import { capForPeople } from "../util/cap.js";
import { sanitize } from "../util/clean.js";
import { ApiError, InterruptedError } from "../util/errors.js";
import { AttemptTimeoutError, attemptInterceptor } from "./attempt.js";
import type { ProxyChoice } from "./proxy.js";
import { parseRetryAfter, retryCallback } from "./retry-policy.js";
import type { Scheduler } from "./scheduler.js";
import { createProxyAgent, readCapped } from "./transport.js";
import { loadUndici } from "./undici.js";
import { unreachable } from "./unreachable.js";

/**
 * The one HTTP path of the tool, shared by the status API, the list API and
 * the IAM login: the scheduler (bounded, shared back-off), undici's retry
 * interceptor, a per-attempt timeout on the injected clock, request signing,
 * the body cap, and one mapping of network failures to typed errors.
 */
export interface HttpStackOptions {
  /** The base URL: its origin is where requests go; loopback is never proxied. */
  endpoint: URL;
  /** The flag that sets the endpoint, for hints (`check --iam-endpoint`). */
  endpointFlag: "--endpoint" | "--iam-endpoint";
  env: NodeJS.ProcessEnv;
  now(): number;
  /** The wait before a retry (clamped by the caller's deps); resolves early when the request's signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  timers: Timers;
  scheduler: Scheduler;
  /** Most sockets the agent opens to one origin (--concurrency). */
  connections: number;
  requestTimeoutMs: number;
  retries: number;
  /** A test MockAgent, or absent for an EnvHttpProxyAgent. */
  dispatcher?: Dispatcher;
  /** Headers for each attempt (a fresh AK/SK signature per retry). */
  headers?(method: string, url: string): Record<string, string>;
  /** --verbose: one line per attempt and retry. */
  trace?(line: string): void;
  /** The longest wait before a retry, Retry-After or backoff (a watch passes what is left of its timeout). */
  maxRetryAfterMs?(): number;
  random?(): number;
  /** Names the answer in messages ("response", "IAM login response"). */
  what?: string;
}

export interface HttpRequest {
  path: string;
  method: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body as UTF-8 text (at most 1 MiB). */
  text: string;
}

/** Failures to open a connection: with a proxy in use, the connection that failed is the one to the proxy. */
const CONNECT_FAILURES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EHOSTDOWN",
  "UND_ERR_CONNECT_TIMEOUT",
]);

function describeNetworkError(
  err: Error & { code?: string },
  origin: string,
  endpointFlag: HttpStackOptions["endpointFlag"],
  proxy: ProxyChoice | null,
): ApiError {
  const code = err.code ?? (err.cause as { code?: string } | undefined)?.code;
  if (proxy && code !== undefined && CONNECT_FAILURES.has(code)) {
    return new ApiError(
      `cannot reach the proxy ${proxy.shown} (${proxy.variable}) for ${origin}: ${code}`,
      "network",
      null,
      null,
      `check ${proxy.variable}, or name ${new URL(origin).hostname} in NO_PROXY to go without it`,
    );
  }
  // A tunnel the proxy refused (CONNECT answered other than 200): the proxy's answer, not the endpoint's.
  const refused =
    /^Proxy response \((\d{3})\)/.exec(err.message) ??
    /^Proxy response \((\d{3})\)/.exec(String((err.cause as Error | undefined)?.message ?? ""));
  if (proxy && refused) {
    return new ApiError(
      `the proxy ${proxy.shown} (${proxy.variable}) refused the tunnel to ${origin}: HTTP ${refused[1]}`,
      "network",
      null,
      null,
      `check ${proxy.variable}, or name ${new URL(origin).hostname} in NO_PROXY to go without it`,
    );
  }
  const timeout = err instanceof AttemptTimeoutError ? err : err.cause instanceof AttemptTimeoutError ? err.cause : null;
  if (timeout) {
    return new ApiError(
      `request to ${origin} timed out after ${timeout.timeoutMs} ms`,
      "timeout",
      null,
      null,
      endpointFlag === "--endpoint"
        ? "raise --request-timeout, or check the network path to the endpoint"
        : "check the network path to the IAM endpoint",
    );
  }
  return unreachable(err, origin, endpointFlag);
}

/**
 * The host a redirect points to, as the server spelled it (a URL parser would
 * lower-case it, and a secret echoed there would then escape the boundary's
 * case-exact masking), without userinfo; a relative Location is the same host.
 */
export function redirectHost(location: string, ownHost: string): string {
  if (location === "") return "another location";
  const absolute = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(location) ?? /^\/\/([^/?#]*)/.exec(location);
  if (!absolute) return ownHost;
  const authority = absolute[1] as string;
  return authority.slice(authority.lastIndexOf("@") + 1) || "another location";
}

export class HttpStack {
  readonly #o: HttpStackOptions;
  readonly #base: Dispatcher;
  readonly #owned: boolean;
  /** The proxy from the environment that requests go through, if any (for messages). */
  readonly #proxy: ProxyChoice | null;

  private constructor(o: HttpStackOptions, base: Dispatcher, owned: boolean, proxy: ProxyChoice | null = null) {
    this.#o = o;
    this.#base = base;
    this.#owned = owned;
    this.#proxy = proxy;
  }

  /** Loads undici only now, so commands that make no request never pay for it. */
  static async create(o: HttpStackOptions): Promise<HttpStack> {
    if (o.dispatcher) return new HttpStack(o, o.dispatcher, false);
    const { agent, proxy } = await createProxyAgent(o.env, o.requestTimeoutMs, o.endpoint, o.connections);
    return new HttpStack(o, agent, true, proxy);
  }

  get origin(): string {
    return this.#o.endpoint.origin;
  }

  /** A dispatcher for one request: the per-request state (the wait before a retry) lives in its closure. */
  async #dispatcher(signal?: AbortSignal): Promise<Dispatcher> {
    const { interceptors } = await loadUndici();
    const o = this.#o;
    const trace = o.trace;
    let nextDelayMs = 0;
    const attempt = attemptInterceptor({
      timeoutMs: o.requestTimeoutMs,
      now: o.now,
      // The request's own signal (an id's watch: Ctrl-C, its deadline, fail fast) ends the wait before a retry.
      sleep: (ms) => o.sleep(ms, signal),
      timers: o.timers,
      takeDelay: () => {
        const d = nextDelayMs;
        nextDelayMs = 0;
        return d;
      },
      headers: (method, url) => o.headers?.(method, url) ?? {},
      onOutcome: ({ method, url, status, error, ms }) => {
        trace?.(
          `${method} ${url} -> ${status ?? (error as (Error & { code?: string }) | null)?.code ?? error?.name ?? "error"} (${ms} ms)`,
        );
      },
    });
    const retry = interceptors.retry({
      throwOnError: false,
      methods: ["GET", "POST"],
      retry: retryCallback({
        retries: o.retries,
        baseDelayMs: 500,
        maxDelayMs: 10_000,
        maxRetryAfterMs: o.maxRetryAfterMs ?? (() => 60_000),
        random: o.random ?? Math.random,
        now: o.now,
        aborted: () => signal?.aborted === true,
        delayNext: (ms) => {
          nextDelayMs = ms;
        },
        // The API is shared: a server's request to slow down holds back every request to it.
        onServerPause: (ms) => o.scheduler.pause(this.origin, ms),
        onRetry: ({ attempt, delayMs, reason }) => trace?.(`retry ${attempt} of ${o.retries} in ${delayMs} ms after ${reason}`),
      }),
    });
    return this.#base.compose(attempt, retry);
  }

  /** One request through the scheduler; any answer with a status is returned, a redirect is an error (never followed). */
  send(req: HttpRequest): Promise<HttpAnswer> {
    return this.#o.scheduler.run(this.origin, () => this.#send(req), req.signal);
  }

  async #send(req: HttpRequest): Promise<HttpAnswer> {
    const { endpointFlag } = this.#o;
    const origin = this.origin;
    const dispatcher = await this.#dispatcher(req.signal);
    let res: Dispatcher.ResponseData;
    try {
      res = await dispatcher.request({
        origin,
        path: req.path,
        method: req.method,
        headers: { accept: "application/json", "user-agent": `bcs-status/${__VERSION__}`, ...req.headers },
        ...(req.body !== undefined ? { body: req.body } : {}),
        ...(req.signal ? { signal: req.signal } : {}),
      });
    } catch (err) {
      if (req.signal?.aborted) throw new InterruptedError();
      throw describeNetworkError(err as Error, origin, endpointFlag, this.#proxy);
    }
    let text: string;
    try {
      text = await readCapped(res, this.#o.what);
    } catch (err) {
      if (req.signal?.aborted) throw new InterruptedError();
      throw err instanceof ApiError ? err : describeNetworkError(err as Error, origin, endpointFlag, this.#proxy);
    }
    const status = res.statusCode;
    if (status >= 300 && status < 400) {
      const where = redirectHost(String(res.headers.location ?? ""), this.#o.endpoint.host);
      throw new ApiError(
        `HTTP ${status} redirect to ${capForPeople(sanitize(where), { max: 200 })} not followed`,
        "api",
        status,
        null,
        endpointFlag === "--endpoint"
          ? "check --endpoint: it should be the BCS API endpoint itself"
          : "check --iam-endpoint: it should be the IAM endpoint itself",
      );
    }
    // The retries are spent (or the wait was too long to make): the next request to this origin waits too.
    const retryAfterMs = parseRetryAfter(res.headers["retry-after"], this.#o.now());
    if (status === 429 || (retryAfterMs !== null && retryAfterMs > 0 && status >= 500)) {
      this.#o.scheduler.pause(origin, Math.min(retryAfterMs || 1000, this.#o.maxRetryAfterMs?.() ?? 60_000));
    }
    return { status, headers: res.headers, text };
  }

  async close(): Promise<void> {
    if (this.#owned) await this.#base.close();
  }
}
