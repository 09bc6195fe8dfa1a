import { createHash, randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { chmod, lstat, mkdir, open, rename, unlink } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { mkdirPrivate } from "../util/private-dirs.js";

/**
 * The IAM token cache (docs/SETTINGS.md, "Authentication"): one 0600 file per login in a 0700
 * directory, written atomically. A file we cannot trust is ignored with a
 * warning; the cache never crashes a run. The password is never stored.
 */

/** A cached token is reused until this long before it expires. */
export const REUSE_MARGIN_MS = 5 * 60_000;
/** A cache entry is a token and five short fields; anything longer is not ours (64 KiB, the cap of a token file). */
const MAX_FILE_BYTES = 64 * 1024;
const POSIX = os.platform() !== "win32";

/** What a cached token belongs to. `iamEndpoint` is the IAM base URL (origin, plus any path prefix). */
export interface CacheKey {
  iamEndpoint: string;
  domain: string;
  user: string;
  projectId: string;
}

export interface CachedToken {
  token: string;
  /** ISO time, as IAM gave it. */
  expiresAt: string;
}

export interface CacheContext {
  env: NodeJS.ProcessEnv;
  homedir: string;
  /** Our user id; files owned by anyone else are not trusted (undefined on Windows). */
  uid?: number | undefined;
  now(): number;
  /** One line, without prefix or newline. */
  warn(line: string): void;
}

/** `$XDG_CACHE_HOME/bcs-status` when that is absolute, else `~/.cache/bcs-status`. */
export function cacheDir(env: NodeJS.ProcessEnv, homedir: string): string {
  const xdg = env.XDG_CACHE_HOME;
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(homedir, ".cache"), "bcs-status");
}

function keyLine(key: CacheKey): string {
  return `${key.iamEndpoint}\n${key.domain}\n${key.user}\n${key.projectId}`;
}

export function cacheFile(key: CacheKey, ctx: Pick<CacheContext, "env" | "homedir">): string {
  const hash = createHash("sha256").update(keyLine(key)).digest("hex");
  return path.join(cacheDir(ctx.env, ctx.homedir), `token-${hash.slice(0, 32)}.json`);
}

/** A token that can go into a header unchanged: printable ASCII, no spaces. */
function isHeaderSafe(token: string): boolean {
  return /^[\x21-\x7e]+$/.test(token);
}

/** The entry in a file's text, or why it cannot be trusted. */
function parseEntry(text: string, key: CacheKey): CachedToken | string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return "not valid JSON";
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) return "not a JSON object";
  const o = data as Record<string, unknown>;
  const { token, expires_at } = o;
  if (typeof token !== "string" || !isHeaderSafe(token)) return "no valid token";
  if (typeof expires_at !== "string" || !Number.isFinite(Date.parse(expires_at))) return "no valid expires_at";
  if (o.iam_endpoint !== key.iamEndpoint || o.domain !== key.domain || o.user !== key.user || o.project_id !== key.projectId) {
    return "it belongs to another login";
  }
  return { token, expiresAt: expires_at };
}

/**
 * The cached token for this login, or null: none, expiring within REUSE_MARGIN_MS
 * (silently), or untrustworthy (corrupt, foreign-owned, group/other-accessible: with a warning).
 */
export async function readCachedToken(key: CacheKey, ctx: CacheContext): Promise<CachedToken | null> {
  const file = cacheFile(key, ctx);
  let text: string;
  try {
    // O_NONBLOCK: open() of a FIFO planted at this path would otherwise wait for a writer, forever.
    const fh = await open(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
    try {
      const st = await fh.stat();
      if (!st.isFile()) return ignore(ctx, file, "not a regular file");
      if (POSIX && ctx.uid !== undefined && st.uid !== ctx.uid)
        return ignore(ctx, file, `owned by uid ${st.uid}, not by us (uid ${ctx.uid})`);
      if (POSIX && (st.mode & 0o077) !== 0) {
        return ignore(ctx, file, `group or others can access it (mode ${(st.mode & 0o777).toString(8).padStart(3, "0")}, expected 600)`);
      }
      if (st.size > MAX_FILE_BYTES) return ignore(ctx, file, `larger than ${MAX_FILE_BYTES / 1024} KiB`);
      // No more than the cap and one byte, whatever the file has grown to since stat.
      const buf = Buffer.alloc(MAX_FILE_BYTES + 1);
      let size = 0;
      while (size < buf.length) {
        const { bytesRead } = await fh.read(buf, size, buf.length - size, null);
        if (bytesRead === 0) break;
        size += bytesRead;
      }
      if (size > MAX_FILE_BYTES) return ignore(ctx, file, `larger than ${MAX_FILE_BYTES / 1024} KiB`);
      text = buf.subarray(0, size).toString("utf8");
    } finally {
      await fh.close();
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return null;
    return ignore(ctx, file, `cannot read it (${code ?? (err as Error).name})`);
  }
  const entry = parseEntry(text, key);
  if (typeof entry === "string") return ignore(ctx, file, entry);
  if (Date.parse(entry.expiresAt) - ctx.now() <= REUSE_MARGIN_MS) return null;
  return entry;
}

function ignore(ctx: CacheContext, file: string, why: string): null {
  ctx.warn(`ignoring token cache ${file}: ${why}`);
  return null;
}

/** Creates the cache directory 0700 (tightening our own looser one); false, with a warning, when it is unusable. */
async function ensureDir(dir: string, ctx: CacheContext): Promise<boolean> {
  // Every folder made on the way (`~/.cache` itself on a fresh account) is 0700 too, whatever the umask.
  await mkdirPrivate(path.dirname(dir));
  try {
    await mkdir(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  const st = await lstat(dir);
  if (!st.isDirectory()) {
    ctx.warn(`not caching the IAM token: ${dir} is not a directory`);
    return false;
  }
  if (!POSIX || (st.mode & 0o077) === 0) return true;
  if (ctx.uid !== undefined && st.uid !== ctx.uid) {
    ctx.warn(`not caching the IAM token: ${dir} is owned by uid ${st.uid} and open to group or others`);
    return false;
  }
  await chmod(dir, 0o700);
  return true;
}

/** Stores a token atomically (temp file 0600 in the same directory, then rename); a failure is a warning. */
export async function writeCachedToken(key: CacheKey, entry: CachedToken, ctx: CacheContext): Promise<void> {
  const file = cacheFile(key, ctx);
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(8).toString("hex")}.tmp`);
  const content = {
    token: entry.token,
    expires_at: entry.expiresAt,
    iam_endpoint: key.iamEndpoint,
    domain: key.domain,
    user: key.user,
    project_id: key.projectId,
  };
  try {
    if (!(await ensureDir(dir, ctx))) return;
    const fh = await open(tmp, "wx", 0o600);
    try {
      await fh.writeFile(`${JSON.stringify(content)}\n`);
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    const e = err as NodeJS.ErrnoException;
    ctx.warn(`cannot write token cache ${file}: ${e.code ?? e.name}`);
  }
}

/** Removes this login's cached token (after the API rejected it); a missing file is fine. */
export async function dropCachedToken(key: CacheKey, ctx: CacheContext): Promise<void> {
  const file = cacheFile(key, ctx);
  try {
    await unlink(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== "ENOENT" && code !== "ENOTDIR") ctx.warn(`cannot remove token cache ${file}: ${code ?? (err as Error).name}`);
  }
}
