import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { fakeClock } from "../helpers/deps.js";

/** The tests' clock is a discrete-event clock: time moves to the next due sleep or timer only when everything waits. */
describe("fakeClock", () => {
  it("sleeps side by side end together, as on a real clock (they do not add up)", async () => {
    const clock = fakeClock();
    const t0 = clock.now();
    const ends: number[] = [];
    await Promise.all([1000, 1000, 400].map((ms) => clock.sleep(ms).then(() => ends.push(clock.now() - t0))));
    expect(ends).toEqual([400, 1000, 1000]);
    expect(clock.now() - t0).toBe(1000);
  });

  it("a timer fires at its time while a longer sleep waits, and a cancelled one never fires", async () => {
    const clock = fakeClock();
    const t0 = clock.now();
    const fired: Array<[string, number]> = [];
    clock.timers.setTimeout(() => fired.push(["deadline", clock.now() - t0]), 2000);
    const cancel = clock.timers.setTimeout(() => fired.push(["cancelled", clock.now() - t0]), 1500);
    cancel();
    await clock.sleep(5000);
    expect(fired).toEqual([["deadline", 2000]]);
    expect(clock.now() - t0).toBe(5000);
    expect(clock.pending()).toBe(0);
  });

  it("time stands still while the code under test works (a chain of promises, a file read)", async () => {
    const clock = fakeClock();
    const t0 = clock.now();
    let seenAt = -1;
    void clock.sleep(10_000);
    const work = async () => {
      for (let i = 0; i < 50; i++) await Promise.resolve();
      await readFile(new URL(import.meta.url));
      seenAt = clock.now() - t0;
    };
    await work();
    expect(seenAt).toBe(0);
  });

  it("a sleep whose signal aborts ends at once, without moving time", async () => {
    const clock = fakeClock();
    const t0 = clock.now();
    const ac = new AbortController();
    const long = clock.sleep(60_000, ac.signal);
    ac.abort();
    await long;
    expect(clock.now() - t0).toBe(0);
    expect(clock.pending()).toBe(0);
  });

  it("advance(ms) moves time at once, firing what falls due on the way, in order", () => {
    const clock = fakeClock();
    const fired: string[] = [];
    clock.timers.setTimeout(() => fired.push("b"), 200);
    clock.timers.setTimeout(() => fired.push("a"), 100);
    clock.advance(150);
    expect(fired).toEqual(["a"]);
    clock.advance(50);
    expect(fired).toEqual(["a", "b"]);
  });
});
