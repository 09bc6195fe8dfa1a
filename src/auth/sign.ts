/**
 * Huawei Cloud AK/SK request signing (SDK-HMAC-SHA256), as described in
 * api/aksk-signing.md and checked against the official SDKs' test vectors.
 *
 * Which headers are signed: exactly those of {host, x-sdk-date, x-project-id,
 * x-security-token} that the request sends. signRequest adds X-Sdk-Date (and
 * X-Project-Id / X-Security-Token when given), so those are always signed;
 * Host is signed when the caller puts it in the headers map, which the HTTP
 * client does (use hostHeader(url)). The Go SDK's vectors give no Host header
 * and sign only x-sdk-date; the Python SDK's give one and sign host;x-sdk-date.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export const ALGORITHM = "SDK-HMAC-SHA256";
/** The largest difference between X-Sdk-Date and the server's clock that the gateway accepts. */
export const MAX_SKEW_MS = 15 * 60 * 1000;

const SIGNABLE = ["host", "x-sdk-date", "x-project-id", "x-security-token"] as const;

/** Percent-encodes UTF-8; only A-Z a-z 0-9 - _ . ~ stay as they are; upper-case hex. */
export function encodeComponent(text: string): string {
  let out = "";
  for (const byte of Buffer.from(text, "utf8")) {
    const isUnreserved =
      (byte >= 0x41 && byte <= 0x5a) ||
      (byte >= 0x61 && byte <= 0x7a) ||
      (byte >= 0x30 && byte <= 0x39) ||
      byte === 0x2d ||
      byte === 0x5f ||
      byte === 0x2e ||
      byte === 0x7e;
    out += isUnreserved ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** Canonical URI of a decoded path (`/v2/项目/a b`): each segment encoded, with a trailing `/`. */
export function canonicalUri(path: string): string {
  const joined = path.split("/").map(encodeComponent).join("/");
  return joined.endsWith("/") ? joined : `${joined}/`;
}

/** Canonical URI of a path as it appears on the wire (percent-encoded): decoded first, like the Go SDK's URL.Path. */
export function canonicalUriOfRawPath(rawPath: string): string {
  let decoded = rawPath;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    // A malformed escape is signed as it is written.
  }
  return canonicalUri(decoded);
}

/** Orders strings by their UTF-8 bytes, like Go's sort.Strings. */
function byUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/** Canonical query: keys sorted, a repeated key once per value with values sorted, all encoded; "" without a query. */
export function canonicalQuery(query: URLSearchParams | string): string {
  const params = typeof query === "string" ? new URLSearchParams(query.startsWith("?") ? query.slice(1) : query) : query;
  const byKey = new Map<string, string[]>();
  for (const [key, value] of params) {
    const values = byKey.get(key);
    if (values) values.push(value);
    else byKey.set(key, [value]);
  }
  const pairs: string[] = [];
  for (const key of [...byKey.keys()].sort(byUtf8)) {
    for (const value of (byKey.get(key) ?? []).sort(byUtf8)) {
      pairs.push(`${encodeComponent(key)}=${encodeComponent(value)}`);
    }
  }
  return pairs.join("&");
}

/** The Host header a client sends for this URL: the port only when it is not the scheme's default. */
export function hostHeader(url: string | URL): string {
  return new URL(url).host;
}

/** `YYYYMMDDTHHMMSSZ` in UTC. */
export function sdkDate(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace(/[-:]/g, "")}Z`;
}

/** Epoch ms of an X-Sdk-Date value, or null when it is not `YYYYMMDDTHHMMSSZ`. */
export function parseSdkDate(value: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  return back.getUTCMonth() === mo - 1 && back.getUTCDate() === d && h < 24 && mi < 60 && s < 60 ? ms : null;
}

function sha256Hex(data: string): string {
  return createHash("sha256").update(data, "utf8").digest("hex");
}

function hmacHex(key: string, data: string): string {
  return createHmac("sha256", Buffer.from(key, "utf8")).update(data, "utf8").digest("hex");
}

interface CanonicalInput {
  method: string;
  url: URL;
  /** Lower-case names to sign, sorted. */
  signedHeaders: readonly string[];
  /** Value of a header by lower-case name. */
  header(name: string): string;
  body: string;
}

/** The canonical request (step 8 of the signing description). */
export function canonicalRequest(input: CanonicalInput): string {
  const headers = input.signedHeaders.map((name) => `${name}:${input.header(name).trim()}\n`).join("");
  return [
    input.method.toUpperCase(),
    canonicalUriOfRawPath(input.url.pathname),
    canonicalQuery(input.url.searchParams),
    headers,
    input.signedHeaders.join(";"),
    sha256Hex(input.body),
  ].join("\n");
}

/** The hex signature of a canonical request made at `date` (an X-Sdk-Date value). */
export function signatureOf(canonical: string, date: string, secretKey: string): string {
  return hmacHex(secretKey, `${ALGORITHM}\n${date}\n${sha256Hex(canonical)}`);
}

export interface SignInput {
  method: string;
  /** Absolute URL, with the query. */
  url: string;
  /** Headers the request will send; a Host entry here is signed. */
  headers: Record<string, string>;
  body?: string;
  accessKey: string;
  secretKey: string;
  projectId?: string;
  securityToken?: string;
  /** The signing time when the headers carry no X-Sdk-Date; defaults to the current time. */
  now?: Date;
}

function lowerCaseMap(headers: Record<string, string>): Map<string, string> {
  const map = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) map.set(name.toLowerCase(), value);
  return map;
}

/**
 * The headers to add to a request so that it carries an AK/SK signature:
 * X-Sdk-Date (unless the caller set one), X-Project-Id and X-Security-Token
 * when given, and Authorization.
 */
export function signRequest(req: SignInput): Record<string, string> {
  const sent = lowerCaseMap(req.headers);
  const added: Record<string, string> = {};
  if (!sent.has("x-sdk-date")) {
    added["X-Sdk-Date"] = sdkDate(req.now ?? new Date());
    sent.set("x-sdk-date", added["X-Sdk-Date"]);
  }
  if (req.projectId !== undefined) {
    added["X-Project-Id"] = req.projectId;
    sent.set("x-project-id", req.projectId);
  }
  if (req.securityToken !== undefined) {
    added["X-Security-Token"] = req.securityToken;
    sent.set("x-security-token", req.securityToken);
  }
  const signedHeaders = SIGNABLE.filter((name) => sent.has(name)).sort();
  const canonical = canonicalRequest({
    method: req.method,
    url: new URL(req.url),
    signedHeaders,
    header: (name) => sent.get(name) ?? "",
    body: req.body ?? "",
  });
  const date = sent.get("x-sdk-date") ?? "";
  const signature = signatureOf(canonical, date, req.secretKey);
  added.Authorization = `${ALGORITHM} Access=${req.accessKey}, SignedHeaders=${signedHeaders.join(";")}, Signature=${signature}`;
  return added;
}

export interface ParsedAuthorization {
  accessKey: string;
  signedHeaders: string[];
  signature: string;
}

/** Reads `SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…`; null when it is not that shape. */
export function parseAuthorization(value: string): ParsedAuthorization | null {
  const m = /^SDK-HMAC-SHA256\s+(.*)$/.exec(value.trim());
  if (!m?.[1]) return null;
  const fields = new Map<string, string>();
  for (const part of m[1].split(",")) {
    const eq = part.indexOf("=");
    if (eq <= 0) return null;
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const accessKey = fields.get("Access");
  const signedHeaders = fields.get("SignedHeaders");
  const signature = fields.get("Signature");
  if (!accessKey || !signedHeaders || !signature || fields.size !== 3) return null;
  if (!/^[0-9a-f]{64}$/.test(signature)) return null;
  const names = signedHeaders.split(";");
  if (names.some((n) => !/^[a-z0-9-]+$/.test(n))) return null;
  return { accessKey, signedHeaders: names, signature };
}

export interface IncomingSigned {
  method: string;
  /** The request target as received (`/v2/…?a=b`), or an absolute URL. */
  url: string;
  /** Node-style headers: lower-case names. */
  headers: Record<string, string | string[] | undefined>;
  body?: string;
}

export interface VerifyOptions {
  /** The SK to check the signature with. Without one, only the shape, the AK and the date are checked. */
  secretKey?: string;
  /** When set, the only AK accepted. */
  accessKey?: string;
  /** Server time, epoch ms; defaults to Date.now(). */
  now?: number;
  maxSkewMs?: number;
}

export type VerifyResult = { ok: true; accessKey: string } | { ok: false; reason: string };

function headerValue(headers: IncomingSigned["headers"], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(",") : v;
}

/** Checks an incoming request's AK/SK signature the way the API gateway does. */
export function verifySignature(req: IncomingSigned, opts: VerifyOptions = {}): VerifyResult {
  const auth = parseAuthorization(headerValue(req.headers, "authorization") ?? "");
  if (!auth) return { ok: false, reason: "malformed Authorization header" };
  const date = headerValue(req.headers, "x-sdk-date");
  if (date === undefined || date === "") return { ok: false, reason: "missing X-Sdk-Date header" };
  const dateMs = parseSdkDate(date);
  if (dateMs === null) return { ok: false, reason: "malformed X-Sdk-Date header" };
  const now = opts.now ?? Date.now();
  if (Math.abs(now - dateMs) > (opts.maxSkewMs ?? MAX_SKEW_MS)) {
    return { ok: false, reason: "X-Sdk-Date is more than 15 minutes away from the server time" };
  }
  // The date must be signed, else a captured signature could be replayed with another date. (aksk-signing.md asks
  // signers for host too, but the official Go SDK's own vectors sign x-sdk-date alone, and the gateway takes them.)
  if (!auth.signedHeaders.includes("x-sdk-date")) return { ok: false, reason: "SignedHeaders must include x-sdk-date" };
  if (opts.accessKey !== undefined && auth.accessKey !== opts.accessKey) return { ok: false, reason: "unknown access key" };
  if (opts.secretKey === undefined) return { ok: true, accessKey: auth.accessKey };
  if (auth.signedHeaders.some((name) => headerValue(req.headers, name) === undefined)) {
    return { ok: false, reason: "a signed header is missing from the request" };
  }
  const canonical = canonicalRequest({
    method: req.method,
    url: new URL(req.url, "http://signed.invalid"),
    signedHeaders: auth.signedHeaders,
    header: (name) => headerValue(req.headers, name) ?? "",
    body: req.body ?? "",
  });
  const expected = Buffer.from(signatureOf(canonical, date, opts.secretKey), "utf8");
  const given = Buffer.from(auth.signature, "utf8");
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: "signature does not match" };
  return { ok: true, accessKey: auth.accessKey };
}
