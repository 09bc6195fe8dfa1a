import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parseAuthorization, verifySignature } from "../auth/sign.js";
import { ID } from "../util/checks.js";
import { UsageError } from "../util/errors.js";
import { resolveScenario, type SimAnswer } from "./scenarios.js";
import { apiTime, saltFor } from "./time.js";

export interface SimulatorOptions {
  host?: string;
  port?: number;
  /** A built-in scenario name or a JSON file of timelines. */
  scenario?: string;
  /** Timelines run this many times faster than real time. */
  speed?: number;
  /** Accept only this X-Auth-Token (and tokens the IAM route issued); default any non-empty token. */
  token?: string;
  /** AK/SK: accept only this access key. */
  accessKey?: string;
  /** AK/SK: verify signatures with this secret key. Without it, well-formed, fresh signatures are accepted. */
  secretKey?: string;
  /** IAM login: the only password accepted (default any non-empty one). */
  password?: string;
  /** IAM login: the only user name accepted (default any). */
  username?: string;
  /** Lifetime of tokens the IAM route issues, in seconds (default 24 h); the status route refuses them after it. */
  tokenTtlSeconds?: number;
  now?: () => number;
  /** Waits for a step's delay (a slow answer); the command's deps.sleep. Without it, delays are not waited. */
  sleep?: (ms: number) => Promise<void>;
  /** One line per request. Never carries a token, signature or password. */
  log?: (line: string) => void;
  /** Ends the reading of a scenario file (a FIFO nobody writes to) with InterruptedError. */
  signal?: AbortSignal;
  /** How long a connection may take to send its request's headers (default HEADERS_TIMEOUT_MS); tests shorten it. */
  headersTimeoutMs?: number;
}

/**
 * A client that opens a connection and sends its headers slowly or never (a
 * half-open connection) is dropped after this long. Node's defaults (60 s for
 * the headers, 300 s for the whole request, checked every 30 s) let a
 * thousand of them hold the server's sockets; a request to this server is a
 * few hundred bytes on loopback.
 */
export const HEADERS_TIMEOUT_MS = 2_000;
/** The whole request (headers and body: an IAM login's is a few hundred bytes). */
const REQUEST_TIMEOUT_MS = 5_000;

export interface SimStats {
  /** Every request to the API routes (not /__sim). */
  requests: number;
  /** Status requests that passed authentication. */
  status: number;
  /** List requests that passed authentication. */
  list: number;
  /** Tokens issued by the IAM route. */
  tokens: number;
  rejected: number;
  /** AK/SK status requests accepted with an X-Security-Token (temporary credentials), which must be signed. */
  securityTokens: number;
}

export interface Simulator {
  url: string;
  stats(): SimStats;
  close(): Promise<void>;
}

const STATUS_PATH = /^\/v2\/([^/]+)\/blockchains\/([^/]+)\/status$/;
const LIST_PATH = /^\/v2\/([^/]+)\/blockchains\/?$/;

const ERR = {
  notFound: { error_code: "BCS.4040404", error_msg: "Not Found:the url is not found" },
  blockchainNotFound: { error_code: "BCS.4001011", error_msg: "The blockchain does not exist or has been deleted" },
  badToken: { error_code: "BCS.4010401", error_msg: "Incorrect token or token resolution failed" },
  forbidden: { error_code: "BCS.4030403", error_msg: "No permissions to request this method" },
  method: { error_code: "BCS.4050405", error_msg: "Method Not Allowed" },
};

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json;charset=UTF-8",
    "X-Request-Id": randomBytes(16).toString("hex"),
    "Content-Length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

async function readBody(req: IncomingMessage, limit = 64 * 1024): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > limit) throw new Error("body too large");
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Starts the simulated BCS status and list API (and IAM token API) on host:port (0 = any free port). */
export async function startSimulator(o: SimulatorOptions = {}): Promise<Simulator> {
  const now = o.now ?? Date.now;
  const speed = o.speed ?? 1;
  if (!(speed > 0 && Number.isFinite(speed))) throw new UsageError(`invalid speed ${speed}: give a number greater than 0`);
  const scenarioFor = await resolveScenario(o.scenario ?? "success", { signal: o.signal });
  /** The blockchains the scenario names, by id (the list API's first entries, in order). */
  const named = new Map(scenarioFor.named().map((b) => [b.id, b]));
  /** Each id's first request (a head start moves it back), in the order of first requests. */
  const firstSeen = new Map<string, { at: number; requests: number }>();
  /** Tokens the IAM route issued, and when each expires (epoch ms). */
  const issued = new Map<string, number>();
  const stats: SimStats = { requests: 0, status: 0, list: 0, tokens: 0, rejected: 0, securityTokens: 0 };

  /** Who is asking: null when allowed, else the 401 body. */
  function authProblem(req: IncomingMessage, url: string): unknown | null {
    const token = req.headers["x-auth-token"];
    if (typeof token === "string" && token !== "") {
      const expires = issued.get(token);
      if (expires !== undefined) return now() < expires ? null : ERR.badToken;
      if (token.length <= 32_768 && (o.token === undefined || token === o.token)) return null;
      return ERR.badToken;
    }
    const authorization = req.headers.authorization;
    if (typeof authorization === "string") {
      const apigw = (reason: string) => ({ error_code: "APIGW.0301", error_msg: `Incorrect IAM authentication information: ${reason}` });
      const v = verifySignature(
        { method: req.method ?? "GET", url, headers: req.headers as Record<string, string>, body: "" },
        {
          now: now(),
          ...(o.secretKey !== undefined ? { secretKey: o.secretKey } : {}),
          ...(o.accessKey !== undefined ? { accessKey: o.accessKey } : {}),
        },
      );
      if (!v.ok) return apigw(v.reason);
      // Temporary credentials: the gateway takes a security token only when the signature covers it.
      if (req.headers["x-security-token"] !== undefined) {
        if (!parseAuthorization(authorization)?.signedHeaders.includes("x-security-token")) return apigw("security token not signed");
        stats.securityTokens++;
      }
      return null;
    }
    return ERR.badToken;
  }

  async function status(req: IncomingMessage, res: ServerResponse, url: string, projectId: string, id: string): Promise<number> {
    if (!ID.test(projectId) || !ID.test(id)) return reply(res, { httpStatus: 404, body: ERR.notFound });
    const problem = authProblem(req, url);
    if (problem) {
      stats.rejected++;
      return reply(res, { httpStatus: 401, body: problem });
    }
    stats.status++;
    // A timeline file's own entry for an id wins over the built-in rules for id prefixes.
    const scripted = scenarioFor.knows(id);
    if (!scripted && id.startsWith("forbidden")) return reply(res, { httpStatus: 403, body: ERR.forbidden });
    if (!scripted && (id.startsWith("missing") || id.startsWith("notfound"))) {
      return reply(res, { httpStatus: 400, body: ERR.blockchainNotFound });
    }
    let seen = firstSeen.get(id);
    if (!seen) {
      seen = { at: now() - ((named.get(id)?.headStartSec ?? 0) * 1000) / speed, requests: 0 };
      firstSeen.set(id, seen);
    }
    seen.requests++;
    const start = seen.at;
    const elapsedSec = ((now() - start) / 1000) * speed;
    const answer = scenarioFor(id).answer({
      elapsedSec,
      requestNo: seen.requests,
      id,
      startMs: start,
      toIso: (simSec) => apiTime(start + (simSec * 1000) / speed, saltFor(start)),
    });
    return reply(res, answer);
  }

  /** The list API: every blockchain the scenario names, then every id requested so far (named by its id). */
  function list(req: IncomingMessage, res: ServerResponse, url: string, projectId: string): Promise<number> {
    if (!ID.test(projectId)) return reply(res, { httpStatus: 404, body: ERR.notFound });
    const problem = authProblem(req, url);
    if (problem) {
      stats.rejected++;
      return reply(res, { httpStatus: 401, body: problem });
    }
    stats.list++;
    const blockchains = [...named.values()].map(({ id, name }) => ({ id, name }));
    for (const id of firstSeen.keys()) if (!named.has(id)) blockchains.push({ id, name: id });
    return reply(res, { httpStatus: 200, body: { blockchains, count: blockchains.length } });
  }

  async function reply(res: ServerResponse, a: SimAnswer): Promise<number> {
    if (a.delayMs) await o.sleep?.(a.delayMs);
    if (!res.destroyed) send(res, a.httpStatus, a.body, a.headers);
    return a.httpStatus;
  }

  async function login(req: IncomingMessage, res: ServerResponse): Promise<number> {
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      return reply(res, { httpStatus: 400, body: { error: { code: 400, message: "The request body is invalid.", title: "Bad Request" } } });
    }
    const auth = (body as { auth?: Record<string, unknown> } | null)?.auth as
      | {
          identity?: { methods?: unknown; password?: { user?: { name?: unknown; password?: unknown; domain?: { name?: unknown } } } };
          scope?: { project?: { id?: unknown } };
        }
      | undefined;
    const user = auth?.identity?.password?.user;
    const projectId = auth?.scope?.project?.id;
    const valid =
      Array.isArray(auth?.identity?.methods) &&
      auth.identity.methods.includes("password") &&
      typeof user?.name === "string" &&
      typeof user.domain?.name === "string" &&
      typeof user.password === "string";
    if (!valid || typeof projectId !== "string") {
      return reply(res, { httpStatus: 400, body: { error: { code: 400, message: "The request body is invalid.", title: "Bad Request" } } });
    }
    const wrongUser = o.username !== undefined && user.name !== o.username;
    if (user.password === "" || wrongUser || (o.password !== undefined && user.password !== o.password)) {
      stats.rejected++;
      return reply(res, {
        httpStatus: 401,
        body: { error: { code: 401, message: "The username or password is wrong.", title: "Unauthorized" } },
      });
    }
    stats.tokens++;
    const token = `MIIsim${randomBytes(24).toString("base64url")}`;
    const issuedAt = now();
    const expiresAt = issuedAt + (o.tokenTtlSeconds ?? 86_400) * 1000;
    issued.set(token, expiresAt);
    const expires = new Date(expiresAt).toISOString();
    send(
      res,
      201,
      {
        token: {
          expires_at: expires,
          issued_at: new Date(issuedAt).toISOString(),
          methods: ["password"],
          project: { id: projectId, name: "simulated" },
          user: { name: user.name, domain: { name: user.domain?.name } },
        },
      },
      { "X-Subject-Token": token },
    );
    return 201;
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<number> {
    const url = req.url ?? "/";
    const path = url.split("?")[0] ?? "/";
    if (path !== "/__sim/stats") stats.requests++;
    const m = STATUS_PATH.exec(path);
    if (m) {
      if (req.method !== "GET") return reply(res, { httpStatus: 405, body: ERR.method, headers: { Allow: "GET" } });
      let project: string;
      let id: string;
      try {
        project = decodeURIComponent(m[1] ?? "");
        id = decodeURIComponent(m[2] ?? "");
      } catch {
        return reply(res, { httpStatus: 404, body: ERR.notFound }); // a malformed %-escape names no resource
      }
      return status(req, res, url, project, id);
    }
    const l = LIST_PATH.exec(path);
    if (l) {
      if (req.method !== "GET") return reply(res, { httpStatus: 405, body: ERR.method, headers: { Allow: "GET" } });
      let project: string;
      try {
        project = decodeURIComponent(l[1] ?? "");
      } catch {
        return reply(res, { httpStatus: 404, body: ERR.notFound });
      }
      return list(req, res, url, project);
    }
    if (path === "/v3/auth/tokens") {
      if (req.method !== "POST") return reply(res, { httpStatus: 405, body: ERR.method, headers: { Allow: "POST" } });
      return login(req, res);
    }
    if (path === "/__sim/stats" && req.method === "GET") return reply(res, { httpStatus: 200, body: stats });
    return reply(res, { httpStatus: 404, body: ERR.notFound });
  }

  // The API reference allows an X-Auth-Token of up to 32768 characters; Node's default header limit is 16 KiB.
  const headersTimeout = o.headersTimeoutMs ?? HEADERS_TIMEOUT_MS;
  const server = createServer(
    {
      maxHeaderSize: 64 * 1024,
      headersTimeout,
      requestTimeout: Math.max(headersTimeout, REQUEST_TIMEOUT_MS),
      // How often Node looks for connections past those limits: a fraction of the limit, so one is dropped soon after it.
      connectionsCheckingInterval: Math.max(50, Math.min(500, Math.floor(headersTimeout / 4))),
    },
    (req, res) => {
      const started = now();
      route(req, res).then(
        (code) => o.log?.(`${new Date(started).toISOString()} ${req.method} ${(req.url ?? "").split("?")[0]} ${code} ${now() - started}ms`),
        () => {
          if (!res.headersSent) send(res, 500, { error_code: "BCS.5000500", error_msg: "Internal Server Error" });
          o.log?.(`${new Date(started).toISOString()} ${req.method} ${(req.url ?? "").split("?")[0]} 500`);
        },
      );
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port ?? 8080, o.host ?? "127.0.0.1", () => resolve());
  });
  const addr = server.address() as AddressInfo;
  // Bound to every address (0.0.0.0, ::): the URL to use from this machine is loopback's.
  const address = addr.address === "0.0.0.0" ? "127.0.0.1" : addr.address === "::" ? "::1" : addr.address;
  const host = addr.family === "IPv6" ? `[${address}]` : address;
  return {
    url: `http://${host}:${addr.port}`,
    stats: () => ({ ...stats }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
