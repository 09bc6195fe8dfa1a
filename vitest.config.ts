import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));

/**
 * The end-to-end files first, each group in vitest's own order (the slowest first once it has timed
 * a run; by size on a fresh clone). They spend most of their time waiting on the processes they
 * spawn and on real timers, which the unit files then fill in; on a fresh clone the default order
 * left a deadline file of 11 s, mostly waiting, to start at 73 s of an 87 s run.
 */
class EndToEndFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const e2e = (f: TestSpecification) => f.moduleId.includes("/test/e2e/");
    return [...sorted.filter(e2e), ...sorted.filter((f) => !e2e(f))];
  }
}

export default defineConfig({
  define: { __VERSION__: JSON.stringify(pkg.version) },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Two workers a core: vitest's default (cores - 1) is one worker on a 2-core machine, and most of
    // the suite's time is spent waiting on spawned binaries, which more workers overlap (measured on
    // 2 cores: 146 s with 2 workers, 121 s with 4).
    pool: "forks",
    maxWorkers: 2 * availableParallelism(),
    // One process per worker for all its files, not one per file: a test file's own cost is mostly
    // starting a process and importing src/ (48 s of the suite's import time in all, 16 s so). The
    // tests share no module state that matters: each builds its deps, clock, IO and mock agent.
    isolate: false,
    sequence: { sequencer: EndToEndFirst },
  },
});
