import { appendFile, mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { RawFiles } from "./boundary.js";

/**
 * Files on disk, before the boundary: what system.ts and the test IO hand to guardedIO.
 * A file written whole (--summary-file) gets its missing parent folders, as eslint -o
 * and vitest --outputFile do; an appended one ($GITHUB_STEP_SUMMARY) is the runner's.
 */
export const nodeFiles: RawFiles = {
  write: async (path, text) => {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
  },
  append: (path, text) => appendFile(path, text),
};
