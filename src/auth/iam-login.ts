import type { Deps } from "../deps/deps.js";
import { parseErrorBody } from "../http/error-body.js";
import { type HttpAnswer, HttpStack } from "../http/http.js";
import { Scheduler } from "../http/scheduler.js";
import { capForPeople } from "../util/cap.js";
import { sanitize } from "../util/clean.js";
import { ApiError } from "../util/errors.js";
import type { Authenticator } from "./authenticator.js";
import type { AuthConfig } from "./config.js";
import {
  type CacheContext,
  type CachedToken,
  type CacheKey,
  dropCachedToken,
  REUSE_MARGIN_MS,
  readCachedToken,
  writeCachedToken,
} from "./token-cache.js";

type Password = Omit<Extract<AuthConfig, { mode: "password" }>, "mode">;

export const LOGIN_TIMEOUT_MS = 30_000;
const AUTH_HINT = "check BCS_USERNAME, BCS_PASSWORD and BCS_DOMAIN_NAME";

/**
 * IAM user login (docs/SETTINGS.md, "Authentication"): a project-scoped token from
 * `POST {iam}/v3/auth/tokens`, cached on disk until 5 minutes before it expires,
 * and fetched again once per process when the API rejects it. A token that IAM
 * issues for less than those 5 minutes is used until it expires, renewed at most
 * once per 5 minutes before then.
 */
export function passwordAuthenticator(
  cfg: Password,
  projectId: string,
  deps: Deps,
  trace?: (line: string) => void,
  // Tests may leave it out; commands pass the run's scheduler and limits (commands/session.ts).
  net: LoginNet = { scheduler: new Scheduler({ concurrency: 1, now: deps.now, sleep: deps.sleep }), retries: 0 },
): Authenticator {
  deps.io.secrets.add(cfg.password);
  const base = `${cfg.iamEndpoint.origin}${cfg.iamEndpoint.pathname.replace(/\/+$/, "")}`;
  const key: CacheKey = { iamEndpoint: base, domain: cfg.domainName, user: cfg.username, projectId };
  const ctx: CacheContext = {
    env: deps.env,
    homedir: deps.homedir,
    uid: deps.uid,
    now: deps.now,
    warn: (line) => deps.io.stderr.write(`bcs-status: warning: ${line}\n`),
  };
  let current: (CachedToken & { expiresMs: number }) | null = null;
  /** How many tokens this run has held: a 401 for an older one is retried with the newer, no new login. */
  let generation = 0;
  let pending: Promise<void> | null = null;
  let renewal: Promise<boolean> | null = null;
  let renewed = false;
  /** When the token in use was fetched (a login, or read from the cache). */
  let fetchedAt = Number.NEGATIVE_INFINITY;

  const use = (t: CachedToken) => {
    current = { ...t, expiresMs: Date.parse(t.expiresAt) };
    fetchedAt = deps.now();
    generation++;
    // Issued or read from the cache: from now on the output boundary masks it too.
    deps.io.secrets.add(t.token);
  };
  const fresh = async () => {
    const t = await login(cfg, base, projectId, deps, net, trace);
    use(t);
    await writeCachedToken(key, t, ctx);
  };
  /** Runs one token fetch at a time; concurrent callers share it. */
  const once = (work: () => Promise<void>) => {
    pending ??= work().finally(() => {
      pending = null;
    });
    return pending;
  };

  return {
    mode: "password",
    async ready() {
      const now = deps.now();
      if (current && current.expiresMs - now > REUSE_MARGIN_MS) return;
      // Within the margin, at most one renewal per window: IAM may issue tokens shorter than the margin, and
      // fetching one per request would be a login (and a cache write) per poll. One that has expired renews.
      if (current && current.expiresMs > now && now - fetchedAt < REUSE_MARGIN_MS) return;
      await once(async () => {
        const cached = await readCachedToken(key, ctx);
        if (cached) use(cached);
        else await fresh();
      });
    },
    headers(): Record<string, string> {
      // The token in use until a new one replaces it (a renewal under way keeps the old one for requests already
      // past ready(): they get a 401 at worst, and retry with the new token). None at all: an unauthenticated
      // request, which the API answers 401.
      return current ? { "x-auth-token": current.token } : {};
    },
    generation: () => generation,
    async settled() {
      await Promise.allSettled([pending, renewal]);
    },
    async renew(seen?: number) {
      // A 401 for a token that another request has already replaced: one more try with the new one.
      if (seen !== undefined && seen < generation && current) return true;
      // Requests that failed together share the one re-login; after it, no more.
      if (renewal) return renewed ? false : renewal;
      renewal = (async () => {
        await pending?.catch(() => {});
        await dropCachedToken(key, ctx);
        await once(fresh);
        return true;
      })().finally(() => {
        renewed = true;
      });
      return renewal;
    },
  };
}

function signalOf(net: LoginNet, deps: Deps): AbortSignal {
  return net.signal ?? deps.signal;
}

function loginBody(cfg: Password, projectId: string): string {
  const user = { domain: { name: cfg.domainName }, name: cfg.username, password: cfg.password };
  return JSON.stringify({ auth: { identity: { methods: ["password"], password: { user } }, scope: { project: { id: projectId } } } });
}

/** How a login reaches IAM: the run's scheduler, retries and limits (the same HTTP stack as the status API). */
export interface LoginNet {
  scheduler: Scheduler;
  retries: number;
  /** --request-timeout (at most LOGIN_TIMEOUT_MS). */
  requestTimeoutMs?: number;
  /** The longest wait before a retry (what is left of a watch's --timeout). */
  maxRetryAfterMs?(): number;
  /** Ends a login in progress: the run's signal, and a watch's deadline. */
  signal?: AbortSignal;
}

/**
 * One login request through the shared HTTP stack (scheduler, retries, the
 * per-attempt timeout on the injected clock, the body cap, one error mapping).
 * Every failure is an ApiError (or InterruptedError). Server text is cleaned
 * here; the output boundary masks the password.
 */
async function login(
  cfg: Password,
  base: string,
  projectId: string,
  deps: Deps,
  net: LoginNet,
  trace?: (line: string) => void,
): Promise<CachedToken> {
  // An IAM endpoint given with its /v3 (as some docs print it) is the same endpoint.
  const url = new URL(`${base.replace(/\/+$/, "").replace(/\/v3$/, "")}/v3/auth/tokens`);
  const http = await HttpStack.create({
    endpoint: url,
    endpointFlag: "--iam-endpoint",
    env: deps.env,
    now: deps.now,
    sleep: (ms, signal) => deps.sleep(ms, signal ?? signalOf(net, deps)),
    timers: deps.timers,
    scheduler: net.scheduler,
    connections: 1,
    requestTimeoutMs: Math.min(net.requestTimeoutMs ?? LOGIN_TIMEOUT_MS, LOGIN_TIMEOUT_MS),
    retries: net.retries,
    ...(net.maxRetryAfterMs ? { maxRetryAfterMs: net.maxRetryAfterMs } : {}),
    what: "IAM login response",
    ...(deps.dispatcher ? { dispatcher: deps.dispatcher } : {}),
    ...(trace ? { trace } : {}),
  });
  try {
    const answer = await http.send({
      path: url.pathname,
      method: "POST",
      headers: { "content-type": "application/json;charset=utf8" },
      body: loginBody(cfg, projectId),
      signal: signalOf(net, deps),
    });
    return parseLoginResponse(answer, url.origin);
  } catch (err) {
    // The stack's words for a network failure, said of the login.
    if (
      err instanceof ApiError &&
      (err.kind === "network" || err.kind === "timeout" || (err.httpStatus !== null && err.httpStatus < 400))
    ) {
      throw new ApiError(`IAM login: ${err.message}`, err.kind, err.httpStatus, err.errorCode, err.hint);
    }
    throw err;
  } finally {
    await http.close().catch(() => {});
  }
}

function parseLoginResponse(res: HttpAnswer, origin: string): CachedToken {
  const { status, text } = res;
  if (status !== 200 && status !== 201) {
    const { code, message } = parseErrorBody(text);
    const shownCode = code && code !== String(status) ? ` ${sanitize(code)}` : "";
    const msg = message ? `: ${capForPeople(sanitize(message))}` : "";
    const auth = status === 401 || status === 403;
    throw new ApiError(
      `IAM login failed: HTTP ${status}${shownCode}${msg}`,
      auth ? "auth" : "api",
      status,
      code ? sanitize(code) : null,
      auth ? AUTH_HINT : null,
    );
  }
  const header = res.headers["x-subject-token"];
  const token = Array.isArray(header) ? header[0] : header;
  if (!token || !/^[\x21-\x7e]+$/.test(token)) {
    throw new ApiError(`IAM login answered HTTP ${status} without a valid X-Subject-Token header (${origin})`, "invalidResponse", status);
  }
  let expiresAt: unknown;
  try {
    expiresAt = (JSON.parse(text) as { token?: { expires_at?: unknown } } | null)?.token?.expires_at;
  } catch {
    // reported below
  }
  if (typeof expiresAt !== "string" || !Number.isFinite(Date.parse(expiresAt))) {
    throw new ApiError(`IAM login answered HTTP ${status} without a valid token.expires_at (${origin})`, "invalidResponse", status);
  }
  return { token, expiresAt };
}
