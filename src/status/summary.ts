import type { BlockchainStatus, Resource } from "./model.js";

/** How long a resource has taken: its duration, or start to `now` while it runs. */
export function elapsedOf(r: Resource, now: number): { ms: number; running: boolean } | null {
  if (r.duration_ms !== null) return { ms: r.duration_ms, running: false };
  if (r.startMs !== null && r.status === "deploying") return { ms: Math.max(0, now - r.startMs), running: true };
  return null;
}

/** Resources finished, of all present. */
export function finishedCount(s: BlockchainStatus): { finished: number; total: number } {
  return { finished: s.resources.filter((r) => r.status === "finished").length, total: s.resources.length };
}

/** The instants JavaScript dates can hold (±8.64e15 ms): anything else is no time at all. */
const DATE_LIMIT = 8.64e15;
export function instant(t: number | null): number | null {
  return t !== null && Number.isFinite(t) && Math.abs(t) <= DATE_LIMIT ? t : null;
}

/** Where a resource sits in time; `end` is null for a finished resource without an end time. */
export interface Placement {
  start: number;
  end: number | null;
}

/**
 * A resource's place in time as of `now`: from its start to its end; one
 * still running (deploying, or failed without an end) reaches `now`; null when
 * it has not started.
 */
export function placeOf(r: Resource, now: number): Placement | null {
  const start = instant(r.startMs);
  if (start === null) return null;
  const end = instant(r.endMs);
  if (end !== null) return { start, end: Math.max(start, end) };
  if (r.status === "finished") return { start, end: null };
  return { start, end: Math.max(start, instant(now) ?? start) };
}

/** Earliest start and latest end (`now` for running resources) over all resources; null when none started. */
export function deploymentSpan(s: BlockchainStatus, now: number): { start: number; end: number } | null {
  let span: { start: number; end: number } | null = null;
  for (const r of s.resources) {
    const p = placeOf(r, now);
    if (!p) continue;
    const end = p.end ?? p.start;
    span = span ? { start: Math.min(span.start, p.start), end: Math.max(span.end, end) } : { start: p.start, end };
  }
  return span;
}

/**
 * The deployment's age (docs/OUTPUT.md, elapsed time), the one figure every view shows as
 * "elapsed" (table header, timeline total, Markdown summary, spinner): from
 * the earliest start to the time of the answer while anything runs, else to
 * the last end. "Now" is the answer's own time (checked_at), so the same
 * answer gives the same figure wherever and whenever it is drawn; how long a
 * watch itself has run is another figure, labelled "watching".
 */
export function deploymentAge(s: BlockchainStatus): number | null {
  const span = deploymentSpan(s, s.checkedAt);
  return span ? span.end - span.start : null;
}
