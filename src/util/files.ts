import { constants, createReadStream } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { fsCallbacks as fs } from "../util/fs-callbacks.js";
import { openUnderSignal, pipeSocket } from "../util/pipes.js";
import { InterruptedError, UsageError } from "./errors.js";
import { showText } from "./text.js";

/** `~` and `~/x` expand to the home directory. */
export function expandHome(p: string, homedir: string): string {
  if (p === "~") return homedir;
  if (p.startsWith("~/")) return path.join(homedir, p.slice(2));
  return p;
}

/** The caps on files the user names (each over its cap is one line and exit 2): a token is small; a config or credentials file is text a person wrote. */
export const TOKEN_FILE_MAX_BYTES = 64 * 1024;
export const CONFIG_FILE_MAX_BYTES = 1024 * 1024;
export const CREDENTIALS_FILE_MAX_BYTES = 1024 * 1024;

/** `64 KiB`, `1 MiB`: a cap as messages show it. */
export function showBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

/** How the settings files are read: under the run's signal; warnings (a FIFO at a default path) go to `warn`. */
export interface ReadContext {
  signal?: AbortSignal | undefined;
  warn?: ((line: string) => void) | undefined;
}

export interface CappedReadOptions {
  /** More than this many bytes is a usage error. */
  maxBytes: number;
  /** What the file is, for messages: `token file`, `config file`. */
  what: string;
  /** Who named the file, shown after its path: `--token-file`, `token_file in FILE`. */
  origin?: string | undefined;
  /** Ends the read with InterruptedError (Ctrl-C, SIGTERM). */
  signal?: AbortSignal | undefined;
  /**
   * A file the tool found by itself (default config, credentials file): anything
   * but a regular file (a FIFO, a device, a directory) is ignored with a warning,
   * and it is opened without blocking so a FIFO cannot hang the run. A file the
   * user named may be a pipe (`<(pass show bcs)`) and is streamed.
   */
  mustBeRegular?: boolean;
  /** Where the warning for an ignored file goes (one line). */
  warn?: ((line: string) => void) | undefined;
}

/** `token file PATH (--token-file)`: the file as every message names it, controls escaped. */
function label(file: string, o: CappedReadOptions): string {
  return `${o.what} ${showText(file)}${o.origin ? ` (${o.origin})` : ""}`;
}

/** Over a cap: a usage error of its own kind, so a reader that forgives other failures still stops here. */
export class TooLargeError extends UsageError {
  override name = "TooLargeError";
}

function tooLarge(file: string, o: CappedReadOptions): TooLargeError {
  return new TooLargeError(`${label(file, o)} is larger than ${showBytes(o.maxBytes)}`);
}

/** Any failure as one line: a UsageError (exit 2), or the InterruptedError of the signal. */
function oneLine(file: string, o: CappedReadOptions, err: unknown): UsageError | InterruptedError {
  if (err instanceof UsageError || err instanceof InterruptedError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "EISDIR") return new UsageError(`${label(file, o)} is a directory`);
  return new UsageError(`cannot read ${label(file, o)}: ${code ?? (err as Error).message}`);
}

/**
 * Reads a stream to its end as UTF-8, refusing more than `maxBytes` (it stops
 * at maxBytes + 1, so /dev/urandom costs one chunk) with a UsageError naming
 * `name`, and giving up with InterruptedError when the signal aborts. The
 * stream is destroyed on every way out but its end. Also meant for stdin
 * (`--token-file -`).
 */
export function readCappedStream(
  stream: Readable,
  o: { maxBytes: number; name: string; signal?: AbortSignal | undefined },
): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (err: Error | null) => {
      if (settled) return;
      settled = true;
      o.signal?.removeEventListener("abort", onAbort);
      stream.off("data", onData).off("end", onEnd).off("error", onError);
      if (err === null) return resolve(Buffer.concat(chunks, size).toString("utf8"));
      // Whatever the stream still reports (a late read error, the open it could not cancel) goes nowhere.
      stream.on("error", () => {});
      stream.destroy();
      reject(err);
    };
    const onAbort = () => finish(new InterruptedError());
    const onData = (chunk: Buffer | string) => {
      const buf = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      size += buf.length;
      if (size > o.maxBytes) return finish(new TooLargeError(`${o.name} is larger than ${showBytes(o.maxBytes)}`));
      chunks.push(buf);
    };
    const onEnd = () => finish(null);
    const onError = (err: Error) => finish(err);
    if (o.signal?.aborted) return finish(new InterruptedError());
    o.signal?.addEventListener("abort", onAbort, { once: true });
    stream.on("data", onData).on("end", onEnd).on("error", onError);
  });
}

/**
 * A file's text, read within a cap and under the run's signal. Null when it does
 * not exist, or (mustBeRegular) when it is not a regular file, with a warning
 * `ignoring PATH: not a regular file`. Too large, a directory the user named, or
 * unreadable: a UsageError of one line naming the file; the signal: InterruptedError.
 */
export async function readCappedFile(file: string, o: CappedReadOptions): Promise<string | null> {
  if (o.signal?.aborted) throw new InterruptedError();
  return o.mustBeRegular ? readRegularFile(file, o) : readNamedFile(file, o);
}

const isMissing = (err: unknown) => ["ENOENT", "ENOTDIR"].includes((err as NodeJS.ErrnoException).code ?? "");

/** Reads at most `max` + 1 bytes of an open file, a chunk at a time; more than `max` is the cap's error. */
async function readUpTo(fd: number, file: string, o: CappedReadOptions): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    if (o.signal?.aborted) throw new InterruptedError();
    const buf = Buffer.alloc(Math.min(64 * 1024, o.maxBytes + 1 - size));
    const { bytesRead } = await fs.read(fd, buf, 0, buf.length, null);
    if (bytesRead === 0) return Buffer.concat(chunks, size).toString("utf8");
    size += bytesRead;
    if (size > o.maxBytes) throw tooLarge(file, o);
    chunks.push(buf.subarray(0, bytesRead));
  }
}

/**
 * Opened without blocking (open() of a FIFO with no writer would wait for one),
 * then checked on the handle itself, so nothing can be swapped in between.
 */
async function readRegularFile(file: string, o: CappedReadOptions): Promise<string | null> {
  let fd: number;
  try {
    fd = await fs.open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    if (isMissing(err)) return null;
    throw oneLine(file, o, err);
  }
  try {
    const st = await fs.fstat(fd);
    if (!st.isFile()) {
      o.warn?.(`ignoring ${showText(file)}: not a regular file`);
      return null;
    }
    if (st.size > o.maxBytes) throw tooLarge(file, o);
    return await readUpTo(fd, file, o);
  } catch (err) {
    throw oneLine(file, o, err);
  } finally {
    await fs.close(fd).catch(() => {});
  }
}

/**
 * A file the user named: a regular file, or a pipe, FIFO or device, streamed
 * under the signal. Nothing may wait in libuv's thread pool, where no signal
 * reaches it and the process cannot exit while it waits: a FIFO's open that
 * waits for a writer is released at the signal, and a pipe (a FIFO, or the
 * `<(pass show bcs)` of a process substitution, whose writer may never write)
 * is read through a pipe handle that the signal really cancels (util/pipes.ts).
 */
async function readNamedFile(file: string, o: CappedReadOptions): Promise<string | null> {
  try {
    const st = await fs.stat(file);
    if (st.isDirectory()) throw new UsageError(`${label(file, o)} is a directory`);
    if (st.isFile() && st.size > o.maxBytes) throw tooLarge(file, o);
    const fd = await openUnderSignal(file, constants.O_RDONLY, { signal: o.signal, fifo: st.isFIFO() });
    const stream: Readable =
      (await pipeSocket(fd, true)) ?? createReadStream(file, { fd, highWaterMark: Math.min(64 * 1024, o.maxBytes + 1) });
    try {
      return await readCappedStream(stream, { maxBytes: o.maxBytes, name: label(file, o), signal: o.signal });
    } finally {
      stream.on("error", () => {});
      stream.destroy();
    }
  } catch (err) {
    if (isMissing(err)) return null;
    throw oneLine(file, o, err);
  }
}

/**
 * A warning when a file holding a secret can be read (or changed) by group or others,
 * naming the chmod that fixes it; null when the mode is fine (or on Windows).
 */
export async function permissionWarning(file: string): Promise<string | null> {
  if (os.platform() === "win32") return null;
  try {
    const st = await fs.stat(file);
    // A device or a pipe (`/dev/null`, `<(pass show bcs)`) holds nothing at rest, and chmod on it would change the system's.
    if (!st.isFile()) return null;
    // Read or write access: a secret others can read leaks, one they can change can be swapped.
    if ((st.mode & 0o066) === 0) return null;
    const mode = (st.mode & 0o777).toString(8).padStart(3, "0");
    const how = st.mode & 0o044 ? "readable" : "writable";
    return `warning: ${file} holds a secret and is ${how} by group or others (mode ${mode}); fix with: chmod 600 ${file}`;
  } catch {
    return null;
  }
}
