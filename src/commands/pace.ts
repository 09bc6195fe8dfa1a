import type { Deps } from "../deps/deps.js";
import { InterruptedError } from "../util/errors.js";

/** The longest stretch of synchronous work between two turns of the event loop, in ms. */
export const SLICE_MS = 20;

/**
 * A checkpoint for long work (thousands of tables, a summary of thousands of
 * ids): once SLICE_MS of work has passed since the last turn, it lets the
 * event loop run, the only place a signal's handler can run; once the run's
 * signal has aborted it throws InterruptedError. So the first Ctrl-C ends the
 * run within a slice, not when the work is done, and the work costs a turn of
 * the loop per slice, not per piece.
 */
export function pacer(deps: Pick<Deps, "now" | "signal" | "yieldToLoop">): () => Promise<void> {
  let last = deps.now();
  return async () => {
    if (deps.yieldToLoop && deps.now() - last >= SLICE_MS) {
      await deps.yieldToLoop();
      last = deps.now();
    }
    if (deps.signal.aborted) throw new InterruptedError();
  };
}

/**
 * A checkpoint between two steps of a run's end (the last result printed, the summary written, the
 * history next): one turn of the event loop whatever the time, so a signal that came during the step
 * before is heard here, and InterruptedError if it has.
 */
export async function heardSignal(deps: Pick<Deps, "signal" | "yieldToLoop">): Promise<void> {
  await deps.yieldToLoop?.();
  if (deps.signal.aborted) throw new InterruptedError();
}
