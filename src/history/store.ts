/**
 * The history file: one JSON line per resource per deployment, appended;
 * the newest MAX_LINES kept. Every write (an append, a compaction) holds a lock
 * file taken with O_EXCL, so an append never lands in a file that a
 * compaction is about to replace; a lock older than LOCK_STALE_MS is a crashed
 * run's and is taken over. A compaction writes a temporary file and renames it
 * over the history, so a crash leaves either the old file or the new one.
 * A symlink or anything but a regular file at the path is never followed.
 */
import { randomUUID } from "node:crypto";
import { chmod, close, constants, fchmod, fstat, fsync, lstat, mkdir, open, read, rename, unlink, write } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

// node:fs's callbacks, promisified: node:fs/promises costs every start that loads it a few ms, and a get writes here.
const fs = {
  chmod: promisify(chmod),
  close: promisify(close),
  fchmod: promisify(fchmod),
  fstat: promisify(fstat),
  fsync: promisify(fsync),
  lstat: promisify(lstat),
  mkdir: promisify(mkdir),
  open: promisify(open),
  read: promisify(read),
  rename: promisify(rename),
  unlink: promisify(unlink),
  write: promisify(write),
};

/** Writes all of `text` at the file's end (O_APPEND) or position: one write call for a line batch, looping only on a short write. */
async function writeAll(fd: number, text: string): Promise<void> {
  const buf = Buffer.from(text, "utf8");
  let done = 0;
  while (done < buf.length) {
    const { bytesWritten } = await fs.write(fd, buf, done, buf.length - done, null);
    done += bytesWritten;
  }
}

/** Lines kept; older ones go at the next compaction. */
export const MAX_LINES = 5000;
/** The most of the file read: far above MAX_LINES lines of records (each ~200 bytes). */
export const MAX_READ_BYTES = 4 * 1024 * 1024;
/** A lock file older than this belongs to a run that died: it is removed. */
export const LOCK_STALE_MS = 10_000;
/** How long a writer waits for the lock before giving up (the run goes on without writing). */
export const LOCK_WAIT_MS = 3_000;

export type Outcome = "finished" | "failed";

/** One line of the file. No id, name, project or secret: the deployment is a hash. */
export interface HistoryRecord {
  /** The region, or the endpoint's host name (loopback endpoints, no region). */
  key: string;
  resource: string;
  duration_ms: number;
  outcome: Outcome;
  /** ISO 8601, UTC. */
  ended_at: string;
  /** A hash of the blockchain id and the deployment's start time. */
  deployment: string;
}

export interface StoreClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** `$XDG_STATE_HOME/bcs-status/history.ndjson`, else `~/.local/state/bcs-status/history.ndjson`. */
export function historyPath(env: NodeJS.ProcessEnv, homedir: string): string {
  const state = env.XDG_STATE_HOME;
  const base = state && path.isAbsolute(state) ? state : path.join(homedir, ".local", "state");
  return path.join(base, "bcs-status", "history.ndjson");
}

/** A line as a record, or null when it is not one (a torn line, garbage, a field of the wrong type). */
export function parseRecord(line: string): HistoryRecord | null {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof v !== "object" || v === null) return null;
  const r = v as Record<string, unknown>;
  const ok =
    typeof r.key === "string" &&
    typeof r.resource === "string" &&
    typeof r.duration_ms === "number" &&
    Number.isFinite(r.duration_ms) &&
    r.duration_ms >= 0 &&
    (r.outcome === "finished" || r.outcome === "failed") &&
    typeof r.ended_at === "string" &&
    typeof r.deployment === "string";
  if (!ok) return null;
  return {
    key: r.key as string,
    resource: r.resource as string,
    duration_ms: r.duration_ms as number,
    outcome: r.outcome as Outcome,
    ended_at: r.ended_at as string,
    deployment: r.deployment as string,
  };
}

export function recordLine(r: HistoryRecord): string {
  const { key, resource, duration_ms, outcome, ended_at, deployment } = r;
  return `${JSON.stringify({ key, resource, duration_ms, outcome, ended_at, deployment })}\n`;
}

const NO_FOLLOW = (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

function notRegular(file: string): Error {
  return Object.assign(new Error(`${file} is not a regular file; left alone`), { code: "ENOTREG" });
}

/** The file's lines, whole ones only (at most the last MAX_READ_BYTES); none when it does not exist. */
async function readLines(file: string): Promise<string[]> {
  let fd: number;
  try {
    fd = await fs.open(file, constants.O_RDONLY | NO_FOLLOW);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    if ((err as NodeJS.ErrnoException).code === "ELOOP") throw notRegular(file);
    throw err;
  }
  try {
    const st = await fs.fstat(fd);
    if (!st.isFile()) throw notRegular(file);
    const size = Math.min(st.size, MAX_READ_BYTES);
    const buf = Buffer.alloc(size);
    let got = 0;
    while (got < size) {
      const { bytesRead } = await fs.read(fd, buf, got, size - got, st.size - size + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    const lines = buf.subarray(0, got).toString("utf8").split("\n");
    // Cut from the tail of a bigger file: its first line is a part of one.
    if (st.size > size) lines.shift();
    // The last piece is whole only when the file ends with a newline (it is then "").
    lines.pop();
    return lines;
  } finally {
    await fs.close(fd);
  }
}

/** Every record of the file, in the order written; lines that do not parse are skipped. */
export async function readHistory(file: string): Promise<HistoryRecord[]> {
  const out: HistoryRecord[] = [];
  for (const line of await readLines(file)) {
    const r = parseRecord(line);
    if (r) out.push(r);
  }
  return out;
}

/** The folder, 0700 whatever the umask; one that is a symlink or not a folder is refused. */
async function ensureFolder(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const st = await fs.lstat(dir);
  if (!st.isDirectory()) throw Object.assign(new Error(`${dir} is not a folder; left alone`), { code: "ENOTDIR" });
  if ((st.mode & 0o777) !== 0o700) await fs.chmod(dir, 0o700);
}

/** Takes the lock file, waiting for another writer (at most LOCK_WAIT_MS) and taking over a stale lock. */
async function lock(file: string, clock: StoreClock): Promise<() => Promise<void>> {
  const lockFile = `${file}.lock`;
  const until = clock.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      await fs.close(await fs.open(lockFile, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NO_FOLLOW, 0o600));
      return () => fs.unlink(lockFile).catch(() => {});
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    const held = await fs.lstat(lockFile).catch(() => null);
    if (held && clock.now() - held.mtimeMs > LOCK_STALE_MS) {
      await fs.unlink(lockFile).catch(() => {});
      continue;
    }
    if (clock.now() >= until) throw Object.assign(new Error(`${lockFile} is held by another run`), { code: "ELOCKED" });
    // A writer holds it for about a millisecond: look again soon, at a jittered time so two waiters do not collide again.
    await clock.sleep(1 + Math.floor(Math.random() * 4));
  }
}

/** Opens the history for appending, 0600 whatever the umask; a symlink or non-regular file is refused. */
async function openForAppend(file: string): Promise<number> {
  let fd: number;
  try {
    fd = await fs.open(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | NO_FOLLOW, 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ELOOP" || (err as NodeJS.ErrnoException).code === "ENXIO") throw notRegular(file);
    throw err;
  }
  const st = await fs.fstat(fd);
  if (!st.isFile()) {
    await fs.close(fd);
    throw notRegular(file);
  }
  if ((st.mode & 0o777) !== 0o600) await fs.fchmod(fd, 0o600);
  return fd;
}

/** Rewrites the file with its newest MAX_LINES whole lines: a temporary file, then a rename over it. */
async function compact(file: string, lines: readonly string[]): Promise<void> {
  const keep = lines.slice(-MAX_LINES);
  const tmp = `${file}.${randomUUID()}.tmp`;
  const fd = await fs.open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NO_FOLLOW, 0o600);
  try {
    await fs.fchmod(fd, 0o600);
    await writeAll(fd, keep.map((l) => `${l}\n`).join(""));
    await fs.fsync(fd);
  } catch (err) {
    await fs.close(fd);
    await fs.unlink(tmp).catch(() => {});
    throw err;
  }
  await fs.close(fd);
  await fs.rename(tmp, file);
}

/**
 * Appends the records that the file does not hold yet (a deployment's resource
 * is written once, however often it is seen), then compacts past MAX_LINES.
 * Returns how many were written.
 */
export async function appendHistory(file: string, records: readonly HistoryRecord[], clock: StoreClock): Promise<number> {
  if (records.length === 0) return 0;
  await ensureFolder(path.dirname(file));
  const unlock = await lock(file, clock);
  try {
    let fd: number | null = await openForAppend(file);
    try {
      const lines = await readLines(file);
      const good: string[] = [];
      const seen = new Set<string>();
      for (const line of lines) {
        const r = parseRecord(line);
        if (!r) continue;
        good.push(line);
        seen.add(`${r.deployment}|${r.key}|${r.resource}`);
      }
      const fresh = records.filter((r) => {
        const k = `${r.deployment}|${r.key}|${r.resource}`;
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      });
      if (lines.length + fresh.length <= MAX_LINES) {
        if (fresh.length > 0) await writeAll(fd, fresh.map(recordLine).join(""));
        return fresh.length;
      }
      await fs.close(fd);
      fd = null;
      // Past MAX_LINES the file is rewritten with its newest lines (lines that do not parse go too). Only the
      // records that stay are spelled out, and none is appended first to be dropped at once: a run of
      // thousands of ids holds a hundred thousand records, and writing them all out took seconds.
      const newest = fresh.slice(-MAX_LINES).map((r) => recordLine(r).trimEnd());
      await compact(file, [...good.slice(Math.max(0, good.length - (MAX_LINES - newest.length))), ...newest]);
      return fresh.length;
    } finally {
      if (fd !== null) await fs.close(fd).catch(() => {});
    }
  } finally {
    await unlock();
  }
}

/** `history --clear`: deletes the file (a symlink at the path is removed, never its target). Whether there was one. */
export async function clearHistory(file: string): Promise<boolean> {
  const st = await fs.lstat(file).catch(() => null);
  if (!st) return false;
  if (st.isDirectory()) throw notRegular(file);
  await fs.unlink(file);
  return true;
}
