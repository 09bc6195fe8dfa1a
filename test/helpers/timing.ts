/**
 * The fastest of up to three runs of fn, in ms (it stops as soon as one is within budgetMs). A busy
 * machine (a GC pause, the process descheduled while the rest of the suite runs) stalls one run; code
 * whose cost grows with its input (a span, a length) is slow in all of them.
 */
export function fastestMs(fn: () => unknown, budgetMs: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3 && best >= budgetMs; i++) {
    const t = performance.now();
    fn();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}
