import { chmod, mkdir, stat } from "node:fs/promises";
import path from "node:path";

/**
 * Creates the folder and each missing one above it, level by level, every one
 * of them 0700 whatever the umask: a recursive mkdir gives the levels it makes
 * (`~/.cache` itself on a fresh account) 0777 less the umask, 0777 under
 * `umask 000`. Folders that were there are left as they are; one that another
 * process makes meanwhile is not ours and is left too.
 */
export async function mkdirPrivate(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let d = path.resolve(dir); ; ) {
    try {
      await stat(d);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
    missing.push(d);
    const up = path.dirname(d);
    if (up === d) break;
    d = up;
  }
  for (const level of missing.reverse()) {
    try {
      await mkdir(level, { mode: 0o700 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EEXIST") continue;
      throw err;
    }
    await chmod(level, 0o700);
  }
}
