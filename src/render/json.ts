import type { BlockchainStatus, QueryFailure } from "../status/model.js";
import { instant } from "../status/summary.js";
import { ApiError } from "../util/errors.js";

/**
 * JSON.stringify leaves C1 controls (U+0080–U+009F) and DEL raw; escape them so
 * a terminal never sees them. The line and paragraph separators (U+2028,
 * U+2029) too: valid in a JSON string, but a line break to Python's
 * splitlines() and many NDJSON readers, which would cut a document in two.
 */
export function terminalSafe(json: string): string {
  return json.replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** `list --json`: the same document with `"name"` right after `blockchain_id` (docs/OUTPUT.md). */
export interface Listed {
  name?: string;
}

/** `{"blockchain_id": …, "name": …}` when a name is given, else `{"blockchain_id": …}`: the head of every document. */
function head(id: string, listed: Listed): { blockchain_id: string; name?: string } {
  return listed.name === undefined ? { blockchain_id: id } : { blockchain_id: id, name: listed.name };
}

/**
 * One NDJSON line per blockchain, exactly the shape docs/OUTPUT.md gives: `"name"` when the
 * blockchain was looked up by one, and each resource's instants also as epoch
 * milliseconds (null where the API's string is no real instant), for jq.
 */
export function renderStatusJson(s: BlockchainStatus, listed: Listed = {}): string {
  const doc = {
    ...head(s.blockchain_id, { name: listed.name ?? s.name }),
    overall: s.overall,
    checked_at: new Date(s.checkedAt).toISOString(),
    // When the history expects the deployment to end (history/): UTC.
    ...(s.expected?.eta != null ? { eta: new Date(s.expected.eta).toISOString() } : {}),
    resources: s.resources.map((r) => {
      const e = r.endMs === null && r.status !== "finished" && r.status !== "failed" ? s.expected?.resources.get(r.name) : undefined;
      return {
        name: r.name,
        status: r.status,
        start_time: r.start_time,
        end_time: r.end_time,
        start_ms: instant(r.startMs),
        end_ms: instant(r.endMs),
        duration_ms: r.duration_ms,
        detail: r.detail,
        ...(e ? { expected_ms: { p25: e.p25, p50: e.p50, p75: e.p75, p90: e.p90, samples: e.samples } } : {}),
      };
    }),
  };
  return `${terminalSafe(JSON.stringify(doc))}\n`;
}

/** `{"blockchain_id": "…", "error": {"http_status": 404, "error_code": "…", "error_msg": "…"}}` */
export function renderFailureJson(f: QueryFailure, listed: Listed = {}): string {
  return `${terminalSafe(JSON.stringify({ ...head(f.blockchain_id, { name: listed.name ?? f.name }), error: f.error }))}\n`;
}

/**
 * `--raw`: the body as received, on one line. It is respelled when, as sent,
 * it could hide a secret from the output boundary's masking or act on a
 * terminal: a raw control character (JSON's own whitespace included: a bare CR
 * would let a terminal overwrite the line), `\/`, or any `\u` escape that
 * JSON.stringify would not write (`\u0074oken`, `P\u00e4ssw\u00f6rd`, `\u0009`,
 * an escaped surrogate pair). Respelled, every string is spelled as
 * JSON.stringify spells it (the spelling masking knows, output/secrets.ts) and
 * whitespace between tokens goes; numbers, key order and nesting stay as sent.
 * Linear in the body, without recursion: no nesting depth can make it throw.
 * C1 controls and DEL are escaped either way.
 */
export function rawLine(raw: string): string {
  return `${terminalSafe(needsRespelling(raw) ? respell(raw) : raw.trim())}\n`;
}

/** A raw control character, or an escape (`\\` taken as a pair, so `\\u0041` is no escape). */
const CONTROL_OR_ESCAPE = /[\u0000-\u001f]|\\(?:u([0-9a-fA-F]{4})|[\s\S])/g;
const HIGH = /^[dD][89abAB]/;
const LOW = /^[dD][c-fC-F]/;
const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** Whether the body holds a raw control character, `\/`, or a `\u` escape JSON.stringify would not write. */
function needsRespelling(raw: string): boolean {
  CONTROL_OR_ESCAPE.lastIndex = 0;
  let afterHigh = -1;
  for (let m = CONTROL_OR_ESCAPE.exec(raw); m !== null; m = CONTROL_OR_ESCAPE.exec(raw)) {
    const hex = m[1];
    if (hex === undefined) {
      if (m[0].length === 1 || m[0] === "\\/") return true;
      continue;
    }
    if (JSON.stringify(String.fromCharCode(Number.parseInt(hex, 16))) !== `"${m[0]}"`) return true;
    // A surrogate pair, escaped in whole or in half, is one character that JSON.stringify writes as itself.
    if (LOW.test(hex) && (m.index === afterHigh || isHigh(raw.charCodeAt(m.index - 1)))) return true;
    if (HIGH.test(hex) && isLow(raw.charCodeAt(m.index + 6))) return true;
    afterHigh = HIGH.test(hex) ? m.index + 6 : -1;
  }
  return false;
}

const SHORT: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

/** In a string: where its text stops (an escape or the closing quote). Outside: a string's start, or whitespace and controls to drop. */
const IN_STRING = /["\\]/g;
const OUTSIDE = /["\u0000-\u0020]/g;

/** The body with each string spelled as JSON.stringify spells it and no whitespace between tokens: one pass, no recursion. */
function respell(raw: string): string {
  const out: string[] = [];
  let i = 0;
  while (i < raw.length) {
    OUTSIDE.lastIndex = i;
    const stop = OUTSIDE.exec(raw);
    if (!stop) {
      out.push(raw.slice(i));
      break;
    }
    out.push(raw.slice(i, stop.index));
    i = stop.index + 1;
    if (stop[0] !== '"') continue;
    const parts: string[] = [];
    for (;;) {
      IN_STRING.lastIndex = i;
      const m = IN_STRING.exec(raw);
      const at = m ? m.index : raw.length;
      parts.push(raw.slice(i, at));
      if (!m || m[0] === '"') {
        i = at + 1;
        break;
      }
      const hex = raw[at + 1] === "u" ? raw.slice(at + 2, at + 6) : "";
      if (/^[0-9a-fA-F]{4}$/.test(hex)) {
        parts.push(String.fromCharCode(Number.parseInt(hex, 16)));
        i = at + 6;
      } else {
        const e = raw[at + 1] ?? "";
        parts.push(SHORT[e] ?? e);
        i = at + 2;
      }
    }
    // A well-formed JSON.stringify: a lone surrogate is written \udxxx, a pair as its character.
    out.push(JSON.stringify(parts.join("")));
  }
  return out.join("");
}

/**
 * A failed id under --json (the error document of docs/OUTPUT.md) or --raw (the API's own
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
