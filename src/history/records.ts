import { createHash } from "node:crypto";
import type { BlockchainStatus } from "../status/model.js";
import { cellWidth } from "../util/cells.js";
import { sanitize } from "../util/clean.js";
import type { HistoryRecord } from "./store.js";

/** The most resources of one deployment recorded: a response with hundreds of made-up keys never floods the file. */
export const MAX_RESOURCES = 20;
/** A resource name longer than this (in cells) is not recorded. */
export const MAX_NAME_CELLS = 64;

/**
 * What the history is keyed by: the region, except for a loopback endpoint
 * (the simulator) or where no region is set: then the endpoint's host name
 * without its port, so simulated seconds never mix with a real region's.
 */
export function historyKey(endpoint: URL, region: string | undefined, loopback: boolean): string {
  return region && !loopback ? region : endpoint.hostname;
}

/** A name fit to keep: clean (what sanitizing leaves unchanged, no spaces at its ends), 1–64 cells. */
function recordable(name: string): boolean {
  return name !== "" && sanitize(name) === name && name.trim() === name && cellWidth(name) <= MAX_NAME_CELLS;
}

/** The deployment's hash: its blockchain id and first start time, so the id itself is never stored. */
export function deploymentHash(blockchainId: string, startMs: number): string {
  return createHash("sha256").update(`${blockchainId}\n${startMs}`).digest("hex").slice(0, 32);
}

/** The records of an answer: each resource that ended (finished or failed) with both times. */
export function recordsOf(s: BlockchainStatus, key: string): HistoryRecord[] {
  const starts = s.resources.flatMap((r) => (r.startMs !== null && Number.isFinite(r.startMs) ? [r.startMs] : []));
  if (starts.length === 0) return [];
  const deployment = deploymentHash(s.blockchain_id, Math.min(...starts));
  const out: HistoryRecord[] = [];
  for (const r of s.resources.slice(0, MAX_RESOURCES)) {
    if (r.status !== "finished" && r.status !== "failed") continue;
    if (r.endMs === null || r.duration_ms === null || !Number.isFinite(r.duration_ms) || r.duration_ms < 0) continue;
    if (!recordable(r.name)) continue;
    const ended = new Date(r.endMs);
    if (Number.isNaN(ended.getTime())) continue;
    out.push({ key, resource: r.name, duration_ms: r.duration_ms, outcome: r.status, ended_at: ended.toISOString(), deployment });
  }
  return out;
}
