import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { choosesHeapPolicy, preferSmallHeap, SMALL_HEAP_FLAGS } from "../../src/heap-policy.js";

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

/**
 * What the policy relies on: this Node's V8 knows the flags (an unknown one
 * would print an error on stderr at every start) and honours them when they are
 * set at run time. A child allocates 3 million objects, some surviving each
 * scavenge, and reports the young generation's size.
 */
describe("V8 honours the flags set at run time", () => {
  const child = (setFlags: boolean) => {
    const script = `
      const v8 = require("node:v8");
      if (${setFlags}) for (const f of ${JSON.stringify(SMALL_HEAP_FLAGS)}) v8.setFlagsFromString(f);
      const keep = [];
      for (let i = 0; i < 3e6; i++) { keep.push({ i, s: "x" + i }); if (keep.length > 20000) keep.splice(0, 10000); }
      const young = v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space");
      process.stdout.write(String(young.space_size));`;
    const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 30_000 });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    return Number(r.stdout);
  };

  it("keeps the young generation at its initial size, which V8's defaults grow", () => {
    const tuned = child(true);
    const defaults = child(false);
    expect(tuned).toBeGreaterThan(0);
    expect(tuned).toBeLessThanOrEqual(4 * 1024 * 1024);
    expect(defaults).toBeGreaterThanOrEqual(4 * tuned);
  });
});
