import { ApiError } from "../errors.js";
import type { BlockchainStatus, QueryFailure } from "../status/model.js";

/** JSON.stringify leaves C1 controls (U+0080–U+009F) and DEL raw; escape them so a terminal never sees them. */
export function terminalSafe(json: string): string {
  return json.replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** `list --json`: the same document with `"name"` right after `blockchain_id` (SPEC "Output"). */
export interface Listed {
  name?: string;
}

/** `{"blockchain_id": …, "name": …}` when a name is given, else `{"blockchain_id": …}`: the head of every document. */
function head(id: string, listed: Listed): { blockchain_id: string; name?: string } {
  return listed.name === undefined ? { blockchain_id: id } : { blockchain_id: id, name: listed.name };
}

/** One NDJSON line per blockchain, exactly the SPEC's shape. */
export function renderStatusJson(s: BlockchainStatus, listed: Listed = {}): string {
  const doc = {
    ...head(s.blockchain_id, listed),
    overall: s.overall,
    checked_at: new Date(s.checkedAt).toISOString(),
    resources: s.resources.map((r) => ({
      name: r.name,
      status: r.status,
      start_time: r.start_time,
      end_time: r.end_time,
      duration_ms: r.duration_ms,
      detail: r.detail,
    })),
  };
  return `${terminalSafe(JSON.stringify(doc))}\n`;
}

/** `{"blockchain_id": "…", "error": {"http_status": 404, "error_code": "…", "error_msg": "…"}}` */
export function renderFailureJson(f: QueryFailure, listed: Listed = {}): string {
  return `${terminalSafe(JSON.stringify({ ...head(f.blockchain_id, listed), error: f.error }))}\n`;
}

/**
 * A JSON body spelled so that it carries no raw control character (JSON's own
 * whitespace included: a bare CR would let a terminal overwrite the line) and
 * no escaped spelling of printable ASCII (`\u0074oken`, `\/`) that would hide a
 * secret from the output boundary's masking.
 */
const NEEDS_RESPELLING = /[\u0000-\u001f]|\\u00[2-7][0-9a-fA-F]|\\\//;

/** `--raw`: the body as received, on one line; re-serialised only when needed (see above), C1 controls escaped. */
export function rawLine(raw: string): string {
  const text = NEEDS_RESPELLING.test(raw) ? JSON.stringify(JSON.parse(raw)) : raw.trim();
  return `${terminalSafe(text)}\n`;
}

/**
 * A failed id under --json (the SPEC's error document) or --raw (the API's own
 * error body when it sent JSON; the error document when it sent none, e.g. a
 * network error, or sent something else).
 */
export function failureLine(f: QueryFailure, flags: { raw?: boolean }): string {
  const body = flags.raw && f.cause instanceof ApiError ? f.cause.answer.body : undefined;
  if (body !== undefined) {
    try {
      const parsed: unknown = JSON.parse(body);
      if (typeof parsed === "object" && parsed !== null) return rawLine(body);
    } catch {}
  }
  return renderFailureJson(f);
}
