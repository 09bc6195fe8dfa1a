import { isLoopbackHost } from "../util/checks.js";
import { sanitize } from "../util/clean.js";
import { ApiError } from "../util/errors.js";
import { unknownRegionHint, unknownRegionOf } from "./region-hint.js";

/**
 * "cannot reach ORIGIN: CODE" for a request that got no HTTP answer, with a
 * hint for the usual causes: the host name (which flag sets it) and an
 * untrusted TLS certificate. The error's message is shown only when it has no
 * code, and sanitised (the output boundary masks any secret in it).
 */
export function unreachable(err: Error & { code?: string }, origin: string, endpointFlag: "--endpoint" | "--iam-endpoint"): ApiError {
  // A code (ECONNREFUSED) or a named error (SocketError) says it best; a plain Error or TypeError says nothing, its message does.
  const code = err.code ?? (GENERIC.has(err.name) ? undefined : err.name);
  const detail = code ?? (sanitize(err.message) || err.name);
  return new ApiError(`cannot reach ${origin}: ${detail}`, "network", null, null, hintFor(code ?? "", origin, endpointFlag));
}

const GENERIC = new Set(["Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "AggregateError"]);

/** OpenSSL's verify errors for a certificate chain that leads to no trusted CA. */
const UNTRUSTED = /SELF_SIGNED|UNABLE_TO_GET_ISSUER|UNABLE_TO_VERIFY_LEAF_SIGNATURE|CERT_UNTRUSTED|CERT_CHAIN_TOO_LONG|INVALID_CA/;

function hintFor(code: string, origin: string, endpointFlag: string): string | null {
  const url = URL.canParse(origin) ? new URL(origin) : null;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    const region = url ? unknownRegionOf(url.hostname) : null;
    return region ? unknownRegionHint(region) : `check --region / ${endpointFlag}`;
  }
  // A local simulator that is not running: the usual cause of a refusal on this machine.
  if (code === "ECONNREFUSED" && url && isLoopbackHost(url.hostname)) {
    return `nothing listens on ${url.host}: is the mock-server started? check ${endpointFlag}`;
  }
  if (UNTRUSTED.test(code)) return "the server's TLS certificate is not trusted; for a private CA set NODE_EXTRA_CA_CERTS";
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") return `the server's TLS certificate is for another host name; check ${endpointFlag}`;
  if (code === "CERT_HAS_EXPIRED" || code === "CERT_NOT_YET_VALID") {
    return "the server's TLS certificate is expired or not yet valid; check this machine's clock";
  }
  if (/^ERR_SSL_|^EPROTO$/.test(code)) return `TLS handshake failed; does ${endpointFlag} name an https port?`;
  if (/CERT/.test(code)) return "the server's TLS certificate was refused";
  return null;
}
