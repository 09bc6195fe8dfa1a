import { type Expected, expectationOf } from "./percentiles.js";
import type { HistoryRecord } from "./store.js";

/** One row of `bcs-status history`: a region (or endpoint host) and resource. */
export interface HistoryRow {
  region: string;
  resource: string;
  /** Finished durations (failures are kept but not counted). */
  samples: number;
  failed: number;
  /** Null below MIN_SAMPLES finished durations: nothing is claimed. */
  expected: Expected | null;
  /** Epoch ms of the latest end seen, or null when no end time parses. */
  lastSeen: number | null;
}

/** The rows, by region then resource, in the order records were first seen. */
export function historyRows(records: readonly HistoryRecord[]): HistoryRow[] {
  const groups = new Map<string, { region: string; resource: string; durations: number[]; failed: number; lastSeen: number | null }>();
  for (const r of records) {
    const k = `${r.key}\n${r.resource}`;
    let g = groups.get(k);
    if (!g) {
      g = { region: r.key, resource: r.resource, durations: [], failed: 0, lastSeen: null };
      groups.set(k, g);
    }
    if (r.outcome === "finished") g.durations.push(r.duration_ms);
    else g.failed++;
    const at = Date.parse(r.ended_at);
    if (Number.isFinite(at) && (g.lastSeen === null || at > g.lastSeen)) g.lastSeen = at;
  }
  return [...groups.values()]
    .sort((a, b) => (a.region < b.region ? -1 : a.region > b.region ? 1 : 0))
    .map((g) => ({
      region: g.region,
      resource: g.resource,
      samples: g.durations.length,
      failed: g.failed,
      expected: expectationOf(g.durations),
      lastSeen: g.lastSeen,
    }));
}
