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

/** From the earliest start to the latest end (or to `now` while anything is unfinished). */
export function overallElapsed(s: BlockchainStatus, now: number): number | null {
  const starts = s.resources.map((r) => r.startMs).filter((v): v is number => v !== null);
  if (starts.length === 0) return null;
  const first = Math.min(...starts);
  const done = s.overall === "finished" || s.overall === "failed";
  const ends = s.resources.map((r) => r.endMs).filter((v): v is number => v !== null);
  const last = done && ends.length > 0 ? Math.max(...ends) : now;
  return Math.max(0, last - first);
}
