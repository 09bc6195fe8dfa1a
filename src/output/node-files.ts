import { appendFile, writeFile } from "node:fs/promises";
import type { RawFiles } from "./boundary.js";

/** Files on disk, before the boundary: what system.ts and the test IO hand to guardedIO. */
export const nodeFiles: RawFiles = {
  write: (path, text) => writeFile(path, text),
  append: (path, text) => appendFile(path, text),
};
