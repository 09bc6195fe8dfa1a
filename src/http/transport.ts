import { isUtf8 } from "node:buffer";
import type { Dispatcher } from "undici";
import { isLoopbackHost } from "../util/checks.js";
import { ApiError } from "../util/errors.js";
import { loadUndici } from "./undici.js";

/** The body cap: a status document or a token answer is a few KiB; anything past 1 MiB is not one. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * undici's EnvHttpProxyAgent (HTTPS_PROXY, HTTP_PROXY, NO_PROXY from the given
 * env) for requests to `endpoint`, bounded by the request timeout. A loopback
 * endpoint (a local simulator) is never proxied, as Go's and curl's defaults
 * would have it: a proxy elsewhere cannot reach this machine's 127.0.0.1.
 */
export async function createProxyAgent(
  env: NodeJS.ProcessEnv,
  requestTimeoutMs: number,
  endpoint: URL,
  connections: number,
): Promise<Dispatcher> {
  const { EnvHttpProxyAgent } = await loadUndici();
  return new EnvHttpProxyAgent({
    httpProxy: env.HTTP_PROXY ?? env.http_proxy,
    httpsProxy: env.HTTPS_PROXY ?? env.https_proxy,
    noProxy: isLoopbackHost(endpoint.hostname) ? "*" : (env.NO_PROXY ?? env.no_proxy),
    connect: { timeout: Math.min(requestTimeoutMs, 10_000) },
    headersTimeout: requestTimeoutMs,
    bodyTimeout: requestTimeoutMs,
    // No more sockets to one origin than requests may be in flight (--concurrency).
    connections,
  });
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
