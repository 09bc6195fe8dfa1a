import { sanitize } from "../util/clean.js";
import { type BlockchainStatus, type Overall, RESOURCE_NAMES, type Resource, type ResourceName } from "./model.js";
import { durationMs, parseApiTime } from "./time.js";

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Server text, cleaned where it enters: no control character or escape sequence (CR, LF, TAB become spaces). */
function clean(v: unknown): string {
  return typeof v === "string" ? sanitize(v) : "";
}

function text(v: unknown): string | null {
  const s = clean(v);
  return s.trim() !== "" ? s : null;
}

/** The Detail object for a resource name (`cce.cluster` lives at body.cce.cluster). */
function detailOf(body: Record<string, unknown>, name: ResourceName): Record<string, unknown> | null {
  const [top, sub] = name.split(".") as [string, string | undefined];
  const outer = body[top];
  if (!isObject(outer)) return null;
  if (sub === undefined) return outer;
  const inner = outer[sub];
  return isObject(inner) ? inner : null;
}

function toResource(name: ResourceName, d: Record<string, unknown>): Resource | null {
  // Every string the server sent is cleaned here, once, so no later reader (table, JSON, watch,
  // summary) sees a raw control character; the SPEC's state rules apply to the cleaned status.
  const status = clean(d.status).trim();
  const start = text(d.start_time);
  const end = text(d.end_time);
  const detail = clean(d.detail);
  // An empty object (or one with nothing we know) is not a resource the API reported.
  if (status === "" && start === null && end === null && detail === "") return null;
  return {
    name,
    status,
    start_time: start,
    end_time: end,
    startMs: parseApiTime(start),
    endMs: parseApiTime(end),
    duration_ms: durationMs(start, end),
    detail,
  };
}

/** SPEC rules for a blockchain's overall state. */
export function overallState(resources: readonly Pick<Resource, "status">[]): Overall {
  if (resources.length === 0) return "unknown";
  const statuses = resources.map((r) => r.status);
  if (statuses.includes("failed")) return "failed";
  if (statuses.every((s) => s === "finished")) return "finished";
  if (statuses.some((s) => s === "deploying" || s === "finished")) return "deploying";
  if (statuses.every((s) => s === "waiting")) return "waiting";
  return "unknown";
}

/** The API's response body (any JSON value) as the ordered resource list and overall state. Never throws. */
export function normalize(blockchainId: string, body: unknown, checkedAt: number): BlockchainStatus {
  const resources: Resource[] = [];
  if (isObject(body)) {
    for (const name of RESOURCE_NAMES) {
      const d = detailOf(body, name);
      const r = d && toResource(name, d);
      if (r) resources.push(r);
    }
  }
  return { blockchain_id: blockchainId, overall: overallState(resources), checkedAt, resources };
}
