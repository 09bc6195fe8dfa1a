import { describe, expect, it } from "vitest";
import { choosesHeapPolicy, preferSmallHeap, SMALL_HEAP_FLAGS } from "../../src/cli/heap-policy.js";

describe("preferSmallHeap", () => {
  it("sets every small-heap flag when the process made no choice", () => {
    const set: string[] = [];
    expect(preferSmallHeap(["--enable-source-maps"], "--max-old-space-size=4096", (f) => set.push(f))).toBe(true);
    expect(set).toEqual([...SMALL_HEAP_FLAGS]);
  });

  it.each([
    [["--no-optimize-for-size"], undefined],
    [["--optimize_for_size"], undefined],
    [["--max-semi-space-size=16"], undefined],
    [[], "--trace-gc --semi-space-growth-factor=2"],
    [[], " --no-optimize-for-size "],
  ])("leaves the heap alone when execArgv %j / NODE_OPTIONS %j choose", (execArgv, nodeOptions) => {
    const set: string[] = [];
    expect(choosesHeapPolicy(execArgv, nodeOptions)).toBe(true);
    expect(preferSmallHeap(execArgv, nodeOptions, (f) => set.push(f))).toBe(false);
    expect(set).toEqual([]);
  });

  it("is not fooled by look-alike flags", () => {
    expect(choosesHeapPolicy(["--optimize-for-sizes", "--max-old-space-size=1"], "--semi-space")).toBe(false);
  });
});
