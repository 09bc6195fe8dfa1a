import type { FileOut } from "./types.js";

/** Loaded at the first file write: --version and most runs write none (fs/promises alone is a few ms). */
const writer = () => Promise.all([import("../util/private-dirs.js"), import("node:path"), import("../util/pipes.js")]);

/**
 * Files on disk, before the boundary: what system.ts and the test IO hand to guardedIO.
 * A file written whole (--summary-file) gets its missing parent folders, as eslint -o
 * and vitest --outputFile do, each one it makes 0700 (util/private-dirs.ts); an
 * appended one ($GITHUB_STEP_SUMMARY) is the runner's.
 * A FIFO or pipe (`--summary-file >(…)`) is written too, and one nobody reads ends
 * at the run's signal with InterruptedError (exit 130), never holding the process.
 */
export const nodeFiles: FileOut = {
  write: async (path, text, signal?: AbortSignal) => {
    const [{ mkdirPrivate }, { dirname }, { writeUnderSignal }] = await writer();
    await mkdirPrivate(dirname(path));
    await writeUnderSignal(path, text, { append: false, signal });
  },
  append: async (path, text, signal?: AbortSignal) => {
    const [, , { writeUnderSignal }] = await writer();
    await writeUnderSignal(path, text, { append: true, signal });
  },
};
