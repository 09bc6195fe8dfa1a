import { close, constants, fstat, open, type Stats, stat, write } from "node:fs";
import type { Socket } from "node:net";
import { InterruptedError } from "./errors.js";

/**
 * Files that may be pipes (`--token-file <(pass show bcs)`, `--summary-file FIFO`)
 * under the run's signal (exit 130: the first signal ends any phase within
 * 1 s). A blocking open, read or write waits in libuv's thread pool, where no
 * signal reaches it, and the process cannot exit while it waits. So:
 * - open() of a FIFO that waits for its other end is released on the signal by
 *   opening that end without blocking and closing it at once;
 * - a pipe, once open, is read or written through a libuv pipe handle (the fd
 *   in non-blocking mode, polled), which destroy() really cancels.
 */

const NONBLOCK = constants.O_NONBLOCK ?? 0;

const openFd = (file: string, flags: number, mode?: number) =>
  new Promise<number>((resolve, reject) => open(file, flags, mode, (err, fd) => (err ? reject(err) : resolve(fd))));

const fstatFd = (fd: number) => new Promise<Stats>((resolve, reject) => fstat(fd, (err, st) => (err ? reject(err) : resolve(st))));

/** Closes a descriptor this module opened; a failure to close has nothing left to tell. */
export function closeFd(fd: number): void {
  close(fd, () => {});
}

/** Is the path a FIFO now? (a path that does not exist yet is not) */
const isFifoPath = (file: string) => new Promise<boolean>((resolve) => stat(file, (err, st) => resolve(!err && st.isFIFO())));

/** The other end of a FIFO, opened without blocking and closed at once: a blocked open() of this end returns. */
function releaseFifo(file: string, reading: boolean, then: () => void): void {
  open(file, (reading ? constants.O_WRONLY : constants.O_RDONLY) | NONBLOCK, (err, fd) => {
    // ENXIO: no reader waits (the open already returned), or the FIFO is gone: nothing to release.
    if (!err) closeFd(fd);
    then();
  });
}

/**
 * open(2) of `file` that ends with InterruptedError at the signal, even while a
 * FIFO waits for its other end (`fifo`: the caller saw a FIFO there). A release
 * that came before the open began to wait would be missed, so it is repeated
 * (a few times, one after the other) until the open returns.
 */
export async function openUnderSignal(
  file: string,
  flags: number,
  o: { signal?: AbortSignal | undefined; fifo: boolean; mode?: number },
): Promise<number> {
  if (o.signal?.aborted) throw new InterruptedError();
  const reading = (flags & (constants.O_WRONLY | constants.O_RDWR)) === 0;
  let settled = false;
  let tries = 0;
  const release = () => {
    if (!settled && tries++ < 20) releaseFifo(file, reading, release);
  };
  if (o.fifo) o.signal?.addEventListener("abort", release, { once: true });
  let fd: number;
  try {
    fd = await openFd(file, flags, o.mode);
  } finally {
    settled = true;
    o.signal?.removeEventListener("abort", release);
  }
  if (o.signal?.aborted) {
    closeFd(fd);
    throw new InterruptedError();
  }
  return fd;
}

/** A pipe or socket: read and written through a libuv pipe handle, never the thread pool. */
const isPipe = (st: Stats) => st.isFIFO() || st.isSocket();

/**
 * An open descriptor of a pipe as a socket (which owns and closes it), or null
 * for anything else (regular file, device); on failure the fd is closed.
 */
export async function pipeSocket(fd: number, reading: boolean): Promise<Socket | null> {
  try {
    if (!isPipe(await fstatFd(fd))) return null;
    const { Socket } = await import("node:net");
    return new Socket({ fd, readable: reading, writable: !reading });
  } catch (err) {
    closeFd(fd);
    throw err;
  }
}

/**
 * Writes `text` to `file` (created 0666 less the umask; `append` or truncated).
 * The signal ends a write that waits: a FIFO nobody reads, its blocked open
 * released, or a pipe nobody drains; InterruptedError. A signal that fired
 * before the write (an interrupted watch still writes its summary) waits for
 * nothing: a regular file is written, a FIFO without a reader is ENXIO.
 */
export async function writeUnderSignal(
  file: string,
  text: string,
  o: { append: boolean; signal?: AbortSignal | undefined },
): Promise<void> {
  const late = o.signal?.aborted === true;
  const signal = late ? undefined : o.signal;
  const flags = constants.O_WRONLY | constants.O_CREAT | (o.append ? constants.O_APPEND : constants.O_TRUNC) | (late ? NONBLOCK : 0);
  const fd = await openUnderSignal(file, flags, { signal, fifo: await isFifoPath(file), mode: 0o666 });
  const socket = await pipeSocket(fd, false);
  if (socket) return writeSocket(socket, text, signal);
  try {
    const data = Buffer.from(text, "utf8");
    for (let at = 0; at < data.length; ) {
      if (signal?.aborted) throw new InterruptedError();
      at += await new Promise<number>((resolve, reject) =>
        write(fd, data, at, data.length - at, null, (err, n) => (err ? reject(err) : resolve(n))),
      );
    }
  } finally {
    closeFd(fd);
  }
}

function writeSocket(socket: Socket, text: string, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const finish = (err: Error | null | undefined) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      socket.off("error", finish);
      socket.on("error", () => {});
      socket.destroy();
      if (err) reject(err);
      else resolve();
    };
    const onAbort = () => finish(new InterruptedError());
    if (signal?.aborted) return onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });
    socket.once("error", finish);
    socket.end(text, (err?: Error | null) => finish(err));
  });
}
