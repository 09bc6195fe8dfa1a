import type { QueryResult } from "./model.js";

/**
 * The order `list` shows blockchains in, the way a person scans: what needs
 * attention first (failed, then those whose state could not be read), then
 * what is still moving (deploying, waiting), then unknown, and finished last.
 * Ties by name (letter case aside, numbers in numeric order: bc-2 before
 * bc-10), then by id.
 */
export const SCAN_ORDER = ["failed", "error", "deploying", "waiting", "unknown", "finished"] as const;

export interface Named {
  id: string;
  name: string;
}

export interface ListEntry extends Named {
  result: QueryResult;
}

/** Where a query result sorts: its overall state, or "error" for a failed query. */
export function scanState(r: QueryResult): (typeof SCAN_ORDER)[number] {
  return r.ok ? r.status.overall : "error";
}

let collator: Intl.Collator | undefined;

/** By name as people read names, then by id (so the order is total). */
export function byName(a: Named, b: Named): number {
  collator ??= new Intl.Collator("en", { numeric: true, sensitivity: "base" });
  return collator.compare(a.name, b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** A sorted copy: SCAN_ORDER, then byName. */
export function sortForScan<T extends ListEntry>(entries: readonly T[]): T[] {
  const rank = (e: T) => SCAN_ORDER.indexOf(scanState(e.result));
  return [...entries].sort((a, b) => rank(a) - rank(b) || byName(a, b));
}
