import { capForPeople } from "../util/cap.js";
import { sanitize } from "../util/clean.js";
import { ApiError, type ApiErrorKind } from "../util/errors.js";

/** Error code and message from any of the shapes Huawei Cloud services answer with. */
export function parseErrorBody(text: string): { code: string | null; message: string | null } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { code: null, message: null };
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) return { code: null, message: null };
  const o = data as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : null);
  const nested = typeof o.error === "object" && o.error !== null ? (o.error as Record<string, unknown>) : {};
  return {
    code: str(o.error_code) ?? str(nested.code),
    message: str(o.error_msg) ?? str(o.error_message) ?? str(nested.message),
  };
}

const REASONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

export type AuthMode = "token" | "aksk" | "password";

const EXAMPLE_ENDPOINT = "like https://bcs.cn-north-4.myhuaweicloud.com";

/** Where the request went, for hints that name the endpoint. */
export interface RequestContext {
  /** The endpoint's path, when it has one beyond `/` (it is put before /v2/…). */
  endpointPath?: string;
}

function hintFor(kind: ApiErrorKind, status: number, mode: AuthMode, code: string | null, where: RequestContext): string | null {
  if (status === 401) {
    if (mode === "aksk")
      return "check the access key and secret key (and the security token, for temporary credentials), and that the clock is right";
    return "the token may have expired (IAM tokens last 24 h): get a new one, or use an access key (BCS_ACCESS_KEY / BCS_SECRET_KEY)";
  }
  if (status === 403) return "the credentials lack permission: the user needs BCS read access (e.g. BCS ReadOnlyAccess) in this project";
  if (status === 404) {
    // BCS names its errors BCS.*; any other answer (a web server's page, the gateway's APIGW.0101) is not the BCS API's.
    if (code === null || !code.startsWith("BCS.")) {
      return `the answer is not the BCS API's: the endpoint looks wrong; check --endpoint (${EXAMPLE_ENDPOINT})`;
    }
    if (where.endpointPath) {
      return `the endpoint looks wrong: its path ${where.endpointPath} comes before /v2/…; check --endpoint (${EXAMPLE_ENDPOINT})`;
    }
  }
  if (kind === "notFound") return "check the blockchain id, the project id and the region";
  return null;
}

/**
 * A typed error for a non-2xx answer. Server text is cleaned here, once, where it
 * enters: the whole error_msg for --json (machine output, never capped), and the
 * line shown to people capped at 2,000 characters with a note of what was left out.
 */
export function apiErrorFromResponse(
  status: number,
  bodyText: string,
  mode: AuthMode,
  retryAfterMs: number | null = null,
  where: RequestContext = {},
): ApiError {
  const { code, message } = parseErrorBody(bodyText);
  let kind: ApiErrorKind = "api";
  if (status === 401 || status === 403) kind = "auth";
  else if (status === 404 || code === "BCS.4001011") kind = "notFound";
  const reason = REASONS[status] ?? "error";
  const msg = sanitize(message ?? reason);
  const shown = capForPeople(msg);
  const cleanCode = code === null ? null : sanitize(code);
  const text = cleanCode
    ? `HTTP ${status} ${capForPeople(cleanCode, { max: 200 })}: ${shown}`
    : `HTTP ${status} ${reason}${message ? `: ${shown}` : ""}`;
  return new ApiError(text, kind, status, cleanCode, hintFor(kind, status, mode, cleanCode, where), {
    body: bodyText,
    ...(message ? { message: msg } : {}),
    ...(retryAfterMs !== null ? { retryAfterMs } : {}),
  });
}
