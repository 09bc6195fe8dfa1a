import type { BlockchainStatus, QueryFailure } from "../status/model.js";

/** JSON.stringify leaves C1 controls (U+0080–U+009F) and DEL raw; escape them so a terminal never sees them. */
export function terminalSafe(json: string): string {
  return json.replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** One NDJSON line per blockchain, exactly the SPEC's shape. */
export function renderStatusJson(s: BlockchainStatus): string {
  const doc = {
    blockchain_id: s.blockchain_id,
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
export function renderFailureJson(f: QueryFailure): string {
  return `${terminalSafe(JSON.stringify({ blockchain_id: f.blockchain_id, error: f.error }))}\n`;
}
