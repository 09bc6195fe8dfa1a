import { access, close, fstat, mkdir, open, read, rmdir, stat } from "node:fs";
import { promisify } from "node:util";

/**
 * node:fs's callbacks, promisified. node:fs/promises (with its FileHandle,
 * streams and readline) costs ~2 ms of every start that loads it, and a get
 * reads a config file on every run (docs/PERFORMANCE.md).
 */
export const fsCallbacks = {
  access: promisify(access),
  close: promisify(close),
  fstat: promisify(fstat),
  mkdir: promisify(mkdir),
  open: promisify(open),
  read: promisify(read),
  rmdir: promisify(rmdir),
  stat: promisify(stat),
};
