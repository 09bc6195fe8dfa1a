import type { Dispatcher } from "undici";
import type { Authenticator } from "../auth/authenticator.js";
import type { Timers } from "../deps/deps.js";
import { apiErrorFromResponse } from "../http/error-body.js";
import { HttpStack } from "../http/http.js";
import { parseRetryAfter } from "../http/retry-policy.js";
import type { Scheduler } from "../http/scheduler.js";
import { capForPeople } from "../util/cap.js";
import { sanitize } from "../util/clean.js";
import { ApiError } from "../util/errors.js";
import { type BlockchainList, parseBlockchainList } from "./blockchain-list.js";

export interface ClientOptions {
  endpoint: URL;
  projectId: string;
  auth: Authenticator;
  env: NodeJS.ProcessEnv;
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  timers: Timers;
  /** The run's one scheduler: every request of the run passes it. */
  scheduler: Scheduler;
  /** --concurrency: the most sockets to the endpoint. */
  concurrency: number;
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

/** A client for the status API (`GET /v2/{project_id}/blockchains/{id}/status`) and the list API, on the shared HTTP stack (http.ts). */
export class BcsClient {
  readonly #opts: ClientOptions;
  readonly #http: HttpStack;
  /** Response keys already named as not resources: --verbose names each once a run, not once a poll. */
  readonly #ignoredKeys = new Set<string>();

  private constructor(opts: ClientOptions, http: HttpStack) {
    this.#opts = opts;
    this.#http = http;
  }

  static async create(opts: ClientOptions): Promise<BcsClient> {
    const http = await HttpStack.create({
      endpoint: opts.endpoint,
      endpointFlag: "--endpoint",
      env: opts.env,
      now: opts.now,
      sleep: opts.sleep,
      timers: opts.timers,
      scheduler: opts.scheduler,
      connections: opts.concurrency,
      requestTimeoutMs: opts.requestTimeoutMs,
      retries: opts.retries,
      headers: (method, url) => opts.auth.headers(method, url),
      ...(opts.dispatcher ? { dispatcher: opts.dispatcher } : {}),
      ...(opts.trace ? { trace: opts.trace } : {}),
      ...(opts.maxRetryAfterMs ? { maxRetryAfterMs: opts.maxRetryAfterMs } : {}),
      ...(opts.random ? { random: opts.random } : {}),
    });
    return new BcsClient(opts, http);
  }

  statusPath(blockchainId: string): string {
    const base = this.#opts.endpoint.pathname.replace(/\/+$/, "");
    return `${base}/v2/${encodeURIComponent(this.#opts.projectId)}/blockchains/${encodeURIComponent(blockchainId)}/status`;
  }

  /** --verbose: a key of a status response that is not a resource, named once for the run. */
  noteIgnoredKey(key: string): void {
    if (!this.#opts.trace || this.#ignoredKeys.has(key)) return;
    this.#ignoredKeys.add(key);
    this.#opts.trace(`response key ${key} is not a resource (no status string); ignored`);
  }

  /** `GET /v2/{project_id}/blockchains`: the list API (no paging). */
  listPath(): string {
    const base = this.#opts.endpoint.pathname.replace(/\/+$/, "");
    return `${base}/v2/${encodeURIComponent(this.#opts.projectId)}/blockchains`;
  }

  /** One status query; on a 401 with renewable credentials (IAM login), one more try. */
  getStatus(blockchainId: string, signal?: AbortSignal): Promise<StatusResponse> {
    return this.#get(this.statusPath(blockchainId), signal);
  }

  /**
   * The project's blockchains (ids and names, no state), on the same stack and
   * scheduler as the status queries. A body that is not the documented shape
   * is an invalid response (exit 5); names are cleaned, and an entry whose id
   * could not be requested is left out and named in `skipped`.
   */
  async listBlockchains(signal?: AbortSignal): Promise<BlockchainList> {
    const { body } = await this.#get(this.listPath(), signal);
    return parseBlockchainList(body);
  }

  async #get(path: string, signal?: AbortSignal): Promise<StatusResponse> {
    try {
      return await this.#getAuthenticated(path, signal);
    } finally {
      // An answer (or its error) is handed on only once no credential is being fetched: a server may
      // echo a token it has just issued before the login's answer has told the output boundary of it.
      await this.#opts.auth.settled?.();
    }
  }

  async #getAuthenticated(path: string, signal?: AbortSignal): Promise<StatusResponse> {
    await this.#opts.auth.ready();
    const generation = this.#opts.auth.generation?.();
    try {
      return await this.#getOnce(path, signal);
    } catch (err) {
      if (err instanceof ApiError && err.httpStatus === 401 && (await this.#opts.auth.renew(generation))) {
        return await this.#getOnce(path, signal);
      }
      throw err;
    }
  }

  async #getOnce(path: string, signal?: AbortSignal): Promise<StatusResponse> {
    const { status, headers, text } = await this.#http.send({
      path,
      method: "GET",
      ...(signal ? { signal } : {}),
    });
    if (status < 200 || status >= 300) {
      const base = this.#opts.endpoint.pathname.replace(/\/+$/, "");
      const where = base ? { endpointPath: capForPeople(sanitize(base), { max: 200 }) } : {};
      throw apiErrorFromResponse(status, text, this.#opts.auth.mode, parseRetryAfter(headers["retry-after"], this.#opts.now()), where);
    }
    const type = String(headers["content-type"] ?? "");
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
    await this.#http.close();
  }
}
