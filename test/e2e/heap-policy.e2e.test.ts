import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BIN } from "../helpers/cli.js";

const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

/**
 * What the heap policy relies on, through the built systemDeps(): this Node's
 * V8 knows the flags (an unknown one would print an error on stderr) and
 * honours them when they are set at run time. A child allocates 3 million
 * objects, some surviving each scavenge, and reports the young generation's size.
 */
function youngGenerationAfterWork(opts: { longRunning: boolean; nodeArgs?: string[] }): number {
  const script = `
    import v8 from "node:v8";
    const { systemDeps } = await import(${JSON.stringify(CLI)});
    if (${opts.longRunning}) await systemDeps().longRunning();
    const keep = [];
    for (let i = 0; i < 3e6; i++) { keep.push({ i, s: "x" + i }); if (keep.length > 20000) keep.splice(0, 10000); }
    const young = v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space");
    process.stdout.write(String(young.space_size));
    process.exit(0);`;
  const r = spawnSync(process.execPath, [...(opts.nodeArgs ?? []), "--input-type=module", "-e", script], {
    encoding: "utf8",
    timeout: 30_000,
  });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return Number(r.stdout);
}

describe("the heap policy of the real process", () => {
  it("longRunning() keeps the young generation at its initial size, which V8's defaults grow", () => {
    const tuned = youngGenerationAfterWork({ longRunning: true });
    const defaults = youngGenerationAfterWork({ longRunning: false });
    expect(tuned).toBeGreaterThan(0);
    expect(tuned).toBeLessThanOrEqual(4 * 1024 * 1024);
    expect(defaults).toBeGreaterThanOrEqual(4 * tuned);
  });

  it("a node started with its own heap choice keeps it", () => {
    const own = youngGenerationAfterWork({ longRunning: true, nodeArgs: ["--no-optimize-for-size"] });
    const tuned = youngGenerationAfterWork({ longRunning: true });
    expect(own).toBeGreaterThanOrEqual(4 * tuned);
  });

  it("--version does not even load node:v8", () => {
    const probe =
      "data:text/javascript,process.on('exit',()=>process.stderr.write(String(process.moduleLoadList.includes('NativeModule v8'))))";
    const r = spawnSync(process.execPath, ["--import", probe, BIN, "--version"], { encoding: "utf8", timeout: 10_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(r.stderr).toBe("false");
  });
});
