import { isUtf8 } from "node:buffer";
import type { Dispatcher } from "undici";
import { ApiError } from "../util/errors.js";
import { type ProxyChoice, proxyFor } from "./proxy.js";
import { loadUndici } from "./undici.js";

/** The body cap: a status document or a token answer is a few KiB; anything past 1 MiB is not one. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * undici's EnvHttpProxyAgent for requests to `endpoint`, bounded by the
 * request timeout, through the proxy the environment names for it (proxy.ts),
 * or none. The agent is handed that one proxy, or "" for none, so it never
 * reads a variable of the process itself.
 */
export async function createProxyAgent(
  env: NodeJS.ProcessEnv,
  requestTimeoutMs: number,
  endpoint: URL,
  connections: number,
): Promise<{ agent: Dispatcher; proxy: ProxyChoice | null }> {
  const proxy = proxyFor(env, endpoint);
  const { EnvHttpProxyAgent } = await loadUndici();
  const https = endpoint.protocol === "https:";
  const agent = new EnvHttpProxyAgent({
    httpProxy: proxy && !https ? proxy.uri : "",
    httpsProxy: proxy && https ? proxy.uri : "",
    noProxy: proxy ? (env.NO_PROXY ?? env.no_proxy ?? "") : "*",
    connect: { timeout: Math.min(requestTimeoutMs, 10_000) },
    headersTimeout: requestTimeoutMs,
    bodyTimeout: requestTimeoutMs,
    // No more sockets to one origin than requests may be in flight (--concurrency).
    connections,
  });
  return { agent, proxy };
}

/**
 * Reads a body as UTF-8 text, refusing more than MAX_BODY_BYTES (by
 * Content-Length up front, else while reading) and invalid UTF-8. `what`
 * names the response in messages ("response", "IAM login response").
 */
export async function readCapped(res: Dispatcher.ResponseData, what = "response"): Promise<string> {
  const declared = Number(res.headers["content-length"]);
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
    res.body.destroy();
    throw new ApiError(
      `${what} body of ${declared} bytes exceeds the 1 MiB limit (HTTP ${res.statusCode})`,
      "invalidResponse",
      res.statusCode,
    );
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      res.body.destroy();
      throw new ApiError(`${what} body exceeds the 1 MiB limit (HTTP ${res.statusCode})`, "invalidResponse", res.statusCode);
    }
    chunks.push(chunk as Buffer);
  }
  // isUtf8 and toString, as a fatal TextDecoder would decode (a leading BOM dropped), without loading
  // ICU's converter: that alone was about 10 ms of a `get`'s start-up.
  const body = Buffer.concat(chunks);
  if (!isUtf8(body)) throw new ApiError(`${what} is not valid UTF-8 (HTTP ${res.statusCode})`, "invalidResponse", res.statusCode);
  const text = body.toString("utf8");
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
