/**
 * What past durations say of the next one: nearest-rank percentiles of the
 * finished durations of one resource in one region. Pure.
 */

/** Fewer finished samples than this and nothing is claimed. */
export const MIN_SAMPLES = 3;

import type { Expected } from "../status/model.js";

export type { Expected };

/** The nearest-rank percentile `p` (0–100] of durations sorted ascending: the value at rank ceil(p/100 × n). */
export function nearestRank(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] as number;
}

/** The percentiles of these durations (ms), or null with fewer than MIN_SAMPLES usable ones. */
export function expectationOf(durations: readonly number[]): Expected | null {
  const sorted = durations.filter((d) => Number.isFinite(d) && d >= 0).sort((a, b) => a - b);
  if (sorted.length < MIN_SAMPLES) return null;
  return {
    p25: nearestRank(sorted, 25),
    p50: nearestRank(sorted, 50),
    p75: nearestRank(sorted, 75),
    p90: nearestRank(sorted, 90),
    samples: sorted.length,
  };
}
