import { isLoopbackHost } from "../util/checks.js";
import { UsageError } from "../util/errors.js";

/** The proxy a request to one endpoint goes through, from the environment. */
export interface ProxyChoice {
  /** The variable it came from (`HTTPS_PROXY`), for messages. */
  variable: string;
  /** The URL as undici takes it, credentials included. */
  uri: string;
  /** How messages name it: scheme, host and port, never its `user:pass@`. */
  shown: string;
}

/** The first variable set (not empty) among `names`, with its name. */
function firstSet(env: NodeJS.ProcessEnv, names: readonly string[]): { variable: string; value: string } | null {
  for (const variable of names) {
    const value = env[variable]?.trim();
    if (value) return { variable, value };
  }
  return null;
}

/** A proxy value without any `user:pass@`, for a message about a value that does not parse. */
function withoutUserinfo(value: string): string {
  return value.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/)?[^/?#]*@/, "$1");
}

/**
 * The proxy for `endpoint` from HTTPS_PROXY (https endpoints; HTTP_PROXY when it
 * is unset, as undici's EnvHttpProxyAgent falls back) or HTTP_PROXY (http
 * endpoints), or null: none set, or a loopback endpoint, which is never proxied
 * (a proxy elsewhere cannot reach this machine's 127.0.0.1). A value without a
 * scheme (`proxy.corp:3128`, `10.0.0.1:3128`) is read as http://, as curl reads
 * it; one that still does not parse is a configuration error naming the
 * variable. Only the variable this endpoint would use is read, so a broken
 * HTTP_PROXY never stops a command that makes no plain-http request.
 */
export function proxyFor(env: NodeJS.ProcessEnv, endpoint: URL): ProxyChoice | null {
  if (isLoopbackHost(endpoint.hostname)) return null;
  const http = ["HTTP_PROXY", "http_proxy"];
  const set = firstSet(env, endpoint.protocol === "https:" ? ["HTTPS_PROXY", "https_proxy", ...http] : http);
  if (!set) return null;
  const { variable, value } = set;
  const uri = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value) ? value : `http://${value}`;
  const url = URL.canParse(uri) ? new URL(uri) : null;
  if (!url || url.hostname === "" || !["http:", "https:"].includes(url.protocol)) {
    const shown = JSON.stringify(withoutUserinfo(value).slice(0, 200));
    throw new UsageError(`${variable} is not a proxy URL: ${shown} (expected http://host:port)`);
  }
  return { variable, uri: url.href, shown: `${url.protocol}//${url.host}` };
}
