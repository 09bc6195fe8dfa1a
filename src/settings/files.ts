import { readFile, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/** `~` and `~/x` expand to the home directory. */
export function expandHome(p: string, homedir: string): string {
  if (p === "~") return homedir;
  if (p.startsWith("~/")) return path.join(homedir, p.slice(2));
  return p;
}

/** Reads a text file; null when it does not exist. */
export async function readIfExists(file: string): Promise<string | null> {
  try {
    return await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}

/**
 * A warning when a file holding a secret can be read (or changed) by group or others,
 * naming the chmod that fixes it; null when the mode is fine (or on Windows).
 */
export async function permissionWarning(file: string): Promise<string | null> {
  if (os.platform() === "win32") return null;
  try {
    const st = await stat(file);
    // Read or write access: a secret others can read leaks, one they can change can be swapped.
    if ((st.mode & 0o066) === 0) return null;
    const mode = (st.mode & 0o777).toString(8).padStart(3, "0");
    const how = st.mode & 0o044 ? "readable" : "writable";
    return `warning: ${file} holds a secret and is ${how} by group or others (mode ${mode}); fix with: chmod 600 ${file}`;
  } catch {
    return null;
  }
}
