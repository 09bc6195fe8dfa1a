import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));

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
  },
});
