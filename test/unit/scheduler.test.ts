import { describe, expect, it } from "vitest";
import { clampWait, MAX_TIMER_MS } from "../../src/deps/deps.js";
import { MAX_PAUSE_MS, Scheduler } from "../../src/http/scheduler.js";
import { InterruptedError } from "../../src/util/errors.js";
import { spreadOffset } from "../../src/watch/loop.js";
import { fakeClock } from "../helpers/deps.js";

/** A task that stays in flight until released. */
function gate() {
  let open!: () => void;
  const done = new Promise<void>((r) => {
    open = r;
  });
  return { done, open };
}

describe("Scheduler", () => {
  it("never has more than `concurrency` tasks in flight; the rest wait their turn, in order", async () => {
    const clock = fakeClock();
    const s = new Scheduler({ concurrency: 3, now: clock.now, sleep: clock.sleep });
    const gates = Array.from({ length: 10 }, gate);
    const started: number[] = [];
    const runs = gates.map((g, i) =>
      s.run("https://a", async () => {
        started.push(i);
        await g.done;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    expect(s.inFlight).toBe(3);
    for (const g of gates) {
      g.open();
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(runs);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(s.peakInFlight).toBe(3);
    expect(s.inFlight).toBe(0);
  });

  it("a task waiting for a slot ends with InterruptedError when the signal aborts, and gives no slot away", async () => {
    const clock = fakeClock();
    const s = new Scheduler({ concurrency: 1, now: clock.now, sleep: clock.sleep });
    const g = gate();
    const first = s.run("o", () => g.done);
    const ac = new AbortController();
    let ran = false;
    const second = s.run(
      "o",
      async () => {
        ran = true;
      },
      ac.signal,
    );
    ac.abort();
    await expect(second).rejects.toBeInstanceOf(InterruptedError);
    g.open();
    await first;
    expect(ran).toBe(false);
    expect(s.inFlight).toBe(0);
  });

  it("a pause asked by a server holds back every request to that origin, not to others", async () => {
    const clock = fakeClock();
    const s = new Scheduler({ concurrency: 10, now: clock.now, sleep: clock.sleep });
    s.pause("https://bcs", 3000);
    const t0 = clock.now();
    await s.run("https://bcs", async () => {});
    expect(clock.now() - t0).toBe(3000);
    const t1 = clock.now();
    await s.run("https://iam", async () => {});
    expect(clock.now() - t1).toBe(0);
  });

  it("a pause is clamped: never past the caller's bound, never past 10 minutes, never a busy loop", () => {
    const clock = fakeClock();
    let left = 45_000;
    const s = new Scheduler({ concurrency: 1, now: clock.now, sleep: clock.sleep, maxPauseMs: () => left });
    s.pause("o", 9_999_999_000);
    expect(s.pausedFor("o")).toBe(45_000);
    left = Number.POSITIVE_INFINITY;
    s.pause("p", Date.parse("2099-12-31T00:00:00Z") - clock.now());
    expect(s.pausedFor("p")).toBe(MAX_PAUSE_MS);
    s.pause("q", Number.NaN);
    expect(s.pausedFor("q")).toBe(0);
    // A pause never shortens one already asked for.
    s.pause("o", 1000);
    expect(s.pausedFor("o")).toBe(45_000);
  });
});

describe("every wait is clamped", () => {
  it("to Node's timer maximum, with NaN and negatives as 0", () => {
    expect(clampWait(9_999_999_000)).toBe(MAX_TIMER_MS);
    expect(clampWait(Number.POSITIVE_INFINITY)).toBe(MAX_TIMER_MS);
    expect(clampWait(-5)).toBe(0);
    expect(clampWait(Number.NaN)).toBe(0);
    expect(clampWait(1500)).toBe(1500);
  });
});

describe("watch spreads its ids over the interval", () => {
  it("n ids start at even offsets, the first at once", () => {
    expect([0, 1, 2, 3].map((i) => spreadOffset(i, 4, 4000))).toEqual([0, 1000, 2000, 3000]);
    expect(spreadOffset(0, 1, 5000)).toBe(0);
    expect(spreadOffset(999, 1000, 5000)).toBe(4995);
  });
});
