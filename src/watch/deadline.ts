import { setMaxListeners } from "node:events";
import type { Timers } from "../deps/deps.js";

/** The abort reason of a watch's deadline: a timeout (exit 124), told apart from Ctrl-C (exit 130) by its type. */
export class DeadlineReached extends Error {
  override name = "DeadlineReached";
  constructor(readonly timeoutMs: number) {
    super(`--timeout ${timeoutMs} ms reached`);
  }
}

/**
 * The one deadline of a watch (`--timeout`), owned by the run from its first
 * instant: the IAM login, the name lookup, every poll and every wait end at
 * the same moment, and whatever is in progress then ends as a timeout.
 */
export interface Deadline {
  /** Epoch ms, or null with `--timeout 0` (never). */
  readonly at: number | null;
  /** Aborts when the deadline passes, with a DeadlineReached reason. */
  readonly signal: AbortSignal;
  /** Whether the deadline has passed (by its timer or by the clock, whichever is seen first). */
  passed(): boolean;
  /** Milliseconds left, never negative; `never` when there is no deadline. */
  left(never: number): number;
  /** Stops its timer (the run is over). */
  cancel(): void;
}

export function startDeadline(timeoutMs: number, now: () => number, timers: Timers): Deadline {
  const controller = new AbortController();
  // Every id's watch follows it with one listener: many ids are many listeners, not a leak.
  setMaxListeners(0, controller.signal);
  const at = timeoutMs > 0 ? now() + timeoutMs : null;
  const reach = () => {
    if (!controller.signal.aborted) controller.abort(new DeadlineReached(timeoutMs));
  };
  const cancel = at === null ? () => {} : timers.setTimeout(reach, timeoutMs);
  return {
    at,
    signal: controller.signal,
    passed() {
      if (at !== null && now() >= at) reach();
      return controller.signal.aborted;
    },
    left: (never) => (at === null ? never : Math.max(0, at - now())),
    cancel,
  };
}

/** Whether a signal aborted because a deadline passed (not Ctrl-C, not fail fast). */
export function isDeadline(signal: AbortSignal): boolean {
  return signal.aborted && signal.reason instanceof DeadlineReached;
}
