import type { Dispatcher } from "undici";
import type { Authenticator } from "../auth/authenticator.js";
import { ApiError, InterruptedError } from "../errors.js";
import { capForPeople } from "../render/cap.js";
import { sanitize } from "../util/clean.js";
import { AttemptTimeoutError, attemptInterceptor } from "./attempt.js";
import { apiErrorFromResponse } from "./error-body.js";
import { parseRetryAfter, retryCallback } from "./retry-policy.js";
import { createProxyAgent, readCapped } from "./transport.js";
import { loadUndici } from "./undici.js";
import { unreachable } from "./unreachable.js";

export interface ClientOptions {
  endpoint: URL;
  projectId: string;
  auth: Authenticator;
  env: NodeJS.ProcessEnv;
  now(): number;
  sleep(ms: number): Promise<void>;
  requestTimeoutMs: number;
  retries: number;
  /** A test MockAgent, or absent for an EnvHttpProxyAgent. */
  dispatcher?: Dispatcher;
  /** --verbose: one line per attempt and retry. */
  trace?(line: string): void;
  /** The longest wait before a retry, Retry-After or backoff (a watch passes what is left of its timeout). */
  maxRetryAfterMs?(): number;
  random?(): number;
}

export interface StatusResponse {
  /** The parsed JSON object. */
  body: Record<string, unknown>;
  /** The body as received, for --raw. */
  raw: string;
}

function describeNetworkError(err: Error & { code?: string }, origin: string): ApiError {
  if (err instanceof AttemptTimeoutError || err.cause instanceof AttemptTimeoutError) {
    const t = (err instanceof AttemptTimeoutError ? err : (err.cause as AttemptTimeoutError)).timeoutMs;
    return new ApiError(
      `request to ${origin} timed out after ${t} ms`,
      "timeout",
      null,
      null,
      "raise --request-timeout, or check the network path to the endpoint",
    );
  }
  return unreachable(err, origin, "--endpoint");
}

/** A client for `GET /v2/{project_id}/blockchains/{id}/status`, on undici with its retry interceptor. */
export class BcsClient {
  readonly #opts: ClientOptions;
  readonly #base: Dispatcher;
  readonly #owned: boolean;

  constructor(opts: ClientOptions, base: Dispatcher, owned: boolean) {
    this.#opts = opts;
    this.#base = base;
    this.#owned = owned;
  }

  /** Builds a client; loads undici only now, so commands that make no request never pay for it. */
  static async create(opts: ClientOptions): Promise<BcsClient> {
    if (opts.dispatcher) return new BcsClient(opts, opts.dispatcher, false);
    const agent = await createProxyAgent(opts.env, opts.requestTimeoutMs, opts.endpoint);
    return new BcsClient(opts, agent, true);
  }

  /** A dispatcher for one request: the per-request state (the wait before a retry) lives in its closure. */
  async #dispatcher(signal?: AbortSignal): Promise<Dispatcher> {
    const { interceptors } = await loadUndici();
    const o = this.#opts;
    const trace = o.trace;
    let nextDelayMs = 0;
    const attempt = attemptInterceptor({
      timeoutMs: o.requestTimeoutMs,
      now: o.now,
      sleep: o.sleep,
      takeDelay: () => {
        const d = nextDelayMs;
        nextDelayMs = 0;
        return d;
      },
      headers: (method, url) => o.auth.headers(method, url),
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
        onRetry: ({ attempt, delayMs, reason }) => trace?.(`retry ${attempt} of ${o.retries} in ${delayMs} ms after ${reason}`),
      }),
    });
    return this.#base.compose(attempt, retry);
  }

  statusPath(blockchainId: string): string {
    const base = this.#opts.endpoint.pathname.replace(/\/+$/, "");
    return `${base}/v2/${encodeURIComponent(this.#opts.projectId)}/blockchains/${encodeURIComponent(blockchainId)}/status`;
  }

  /** One status query; on a 401 with renewable credentials (IAM login), one more try. */
  async getStatus(blockchainId: string, signal?: AbortSignal): Promise<StatusResponse> {
    await this.#opts.auth.ready();
    try {
      return await this.#getOnce(blockchainId, signal);
    } catch (err) {
      if (err instanceof ApiError && err.httpStatus === 401 && (await this.#opts.auth.renew())) {
        return await this.#getOnce(blockchainId, signal);
      }
      throw err;
    }
  }

  async #getOnce(blockchainId: string, signal?: AbortSignal): Promise<StatusResponse> {
    const dispatcher = await this.#dispatcher(signal);
    const origin = this.#opts.endpoint.origin;
    let res: Dispatcher.ResponseData;
    try {
      res = await dispatcher.request({
        origin,
        path: this.statusPath(blockchainId),
        method: "GET",
        headers: { accept: "application/json", "user-agent": `bcs-status/${__VERSION__}` },
        ...(signal ? { signal } : {}),
      });
    } catch (err) {
      if (signal?.aborted) throw new InterruptedError();
      throw describeNetworkError(err as Error, origin);
    }
    let text: string;
    try {
      text = await readCapped(res);
    } catch (err) {
      throw err instanceof ApiError ? err : describeNetworkError(err as Error, origin);
    }
    const status = res.statusCode;
    if (status >= 300 && status < 400) {
      const location = String(res.headers.location ?? "");
      let where = "another location";
      try {
        where = location ? new URL(location, origin).host : where;
      } catch {}
      throw new ApiError(
        `HTTP ${status} redirect to ${capForPeople(sanitize(where), { max: 200 })} not followed`,
        "api",
        status,
        null,
        "check --endpoint: it should be the BCS API endpoint itself",
      );
    }
    if (status < 200 || status >= 300) {
      throw apiErrorFromResponse(status, text, this.#opts.auth.mode, parseRetryAfter(res.headers["retry-after"], this.#opts.now()));
    }
    const type = String(res.headers["content-type"] ?? "");
    if (type !== "" && !/json/i.test(type)) {
      throw new ApiError(
        `response is ${capForPeople(sanitize(type.split(";")[0] ?? type), { max: 200 })}, not JSON (HTTP ${status})`,
        "invalidResponse",
        status,
        null,
        null,
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ApiError(`response is not valid JSON (HTTP ${status}, ${Buffer.byteLength(text)} bytes)`, "invalidResponse", status);
    }
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw new ApiError(`response is JSON but not an object (HTTP ${status})`, "invalidResponse", status);
    }
    return { body: body as Record<string, unknown>, raw: text };
  }

  async close(): Promise<void> {
    if (this.#owned) await this.#base.close();
  }
}
