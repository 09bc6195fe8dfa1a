import { UsageError } from "./errors.js";
import { displayUrl, quoteText, showText } from "./text.js";

/** Blockchain and project ids: 1–64 letters, digits, `-` or `_` (docs/SETTINGS.md). The simulator checks the same. */
export const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function validateId(id: string, what: string): string {
  if (!ID.test(id)) {
    throw new UsageError(`invalid ${what} ${quoteText(id, 67)}: use 1-64 letters, digits, '-' or '_'`);
  }
  return id;
}

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * An http(s) URL for an endpoint; plain http only to loopback, since credentials
 * travel with every request. A user or password in it is refused (never sent),
 * and no message shows it: the text is shown through displayUrl.
 */
export function endpointUrl(value: string, source: string, flag: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(
      `invalid endpoint ${quoteText(displayUrl(value), 200)} (${source}): expected a URL like https://bcs.cn-north-4.myhuaweicloud.com`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new UsageError(
      `invalid endpoint ${showText(displayUrl(value), 200)} (${source}): use an https:// URL (http:// only to a loopback simulator)`,
    );
  }
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    throw new UsageError(
      `refusing to send credentials over plain http to ${url.host} (${source}): use https://, or ${flag} http://127.0.0.1:PORT for a local simulator`,
    );
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new UsageError(`invalid endpoint ${url.origin}… (${source}): no user, query or fragment allowed`);
  }
  return url;
}
