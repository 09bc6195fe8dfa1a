/**
 * Exit 130 (docs/RELIABILITY.md, "Signals during long work"): a file read or written through a pipe or
 * FIFO ends at the run's signal and leaves nothing behind in libuv's thread
 * pool (a blocked read, open or write there holds the process past its exit).
 * The descriptor of a pipe is closed as soon as the signal fires.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { closeSync, constants, mkdtempSync, openSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { nodeFiles } from "../../src/output/node-files.js";
import { resolveScenario } from "../../src/simulator/scenarios.js";
import { InterruptedError, UsageError } from "../../src/util/errors.js";
import { readCappedFile } from "../../src/util/files.js";
import { rejection } from "../helpers/settle.js";

const linux = process.platform === "linux";
const posix = process.platform !== "win32";

const dirs: string[] = [];
const fifos: string[] = [];
const children: ChildProcess[] = [];
function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), "bcs-abortable-"));
  dirs.push(d);
  return d;
}
function mkfifo(name = "f.fifo"): string {
  const file = path.join(tempDir(), name);
  execFileSync("mkfifo", ["-m", "600", file]);
  fifos.push(file);
  return file;
}
afterEach(() => {
  for (const c of children.splice(0)) c.kill("SIGKILL");
  // Whatever still waits in open() on a FIFO is released by the other end appearing.
  for (const f of fifos.splice(0)) {
    try {
      closeSync(openSync(f, constants.O_RDWR | constants.O_NONBLOCK));
    } catch {}
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Descriptors of this process open on `file` (Linux). */
function openOn(file: string): number {
  return readdirSync("/proc/self/fd").filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === file;
    } catch {
      return false;
    }
  }).length;
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!linux)("a pipe whose writer never writes", () => {
  it("readCappedFile: the signal ends the read and closes the pipe at once", async () => {
    const fifo = mkfifo();
    // A writer that opens the FIFO and holds it without writing (pass waiting for its PIN).
    const holder = spawn("sh", ["-c", 'exec 3>"$0"; sleep 10', fifo], { stdio: "ignore" });
    children.push(holder);
    const controller = new AbortController();
    const pending = readCappedFile(fifo, { maxBytes: 64 * 1024, what: "token file", signal: controller.signal });
    await tick(300);
    expect(openOn(fifo)).toBe(1);
    controller.abort(new Error("SIGTERM"));
    expect(await rejection(pending)).toBeInstanceOf(InterruptedError);
    await tick(50);
    // A read blocked in the thread pool would keep its descriptor until the writer writes or goes.
    expect(openOn(fifo)).toBe(0);
  });

  it("readCappedFile: a pipe's text is read, capped", async () => {
    const fifo = mkfifo();
    children.push(spawn("sh", ["-c", 'printf "tok-1\\n" > "$0"', fifo], { stdio: "ignore" }));
    expect(await readCappedFile(fifo, { maxBytes: 64, what: "token file" })).toBe("tok-1\n");
    const big = mkfifo("big.fifo");
    children.push(spawn("sh", ["-c", 'head -c 100 /dev/zero > "$0"', big], { stdio: "ignore" }));
    await expect(readCappedFile(big, { maxBytes: 64, what: "token file" })).rejects.toThrow(`token file ${big} is larger than 64 bytes`);
    await tick(50);
    expect(openOn(fifo) + openOn(big)).toBe(0);
  });

  it("readCappedFile: /dev/null is an empty file", async () => {
    expect(await readCappedFile("/dev/null", { maxBytes: 64, what: "token file" })).toBe("");
  });
});

describe.skipIf(!posix)("a file written to a FIFO", () => {
  it("nobody reads: the signal ends the write (its blocked open is released), InterruptedError", async () => {
    const fifo = mkfifo();
    for (const write of [nodeFiles.write, nodeFiles.append]) {
      const controller = new AbortController();
      const pending = write(fifo, "## summary\n", controller.signal);
      await tick(200);
      controller.abort(new Error("SIGTERM"));
      expect(await rejection(pending)).toBeInstanceOf(InterruptedError);
    }
    await tick(50);
    if (linux) expect(openOn(fifo)).toBe(0);
  });

  it("a reader gets the text", async () => {
    const fifo = mkfifo();
    const out = path.join(tempDir(), "out");
    const reader = spawn("sh", ["-c", 'cat "$0" > "$1"', fifo, out], { stdio: "ignore" });
    children.push(reader);
    const done = new Promise((r) => reader.on("exit", r));
    await nodeFiles.write(fifo, "## summary\n", new AbortController().signal);
    await done;
    expect(readFileSync(out, "utf8")).toBe("## summary\n");
  });

  it("a regular file is written and appended to as before", async () => {
    const file = path.join(tempDir(), "a", "b", "summary.md");
    await nodeFiles.write(file, "one\n");
    await nodeFiles.append(file, "two\n", new AbortController().signal);
    expect(readFileSync(file, "utf8")).toBe("one\ntwo\n");
    await nodeFiles.write(file, "three\n", new AbortController().signal);
    expect(readFileSync(file, "utf8")).toBe("three\n");
  });

  it("after the signal (an interrupted watch's summary): a regular file is still written; a FIFO nobody reads is not waited on", async () => {
    const aborted = new AbortController();
    aborted.abort(new Error("SIGINT"));
    const file = path.join(tempDir(), "summary.md");
    await nodeFiles.write(file, "last state\n", aborted.signal);
    await nodeFiles.append(file, "more\n", aborted.signal);
    expect(readFileSync(file, "utf8")).toBe("last state\nmore\n");
    const fifo = mkfifo();
    expect(await rejection(nodeFiles.write(fifo, "x", aborted.signal))).toMatchObject({ code: "ENXIO" });
  });
});

describe("scenario files", () => {
  it("over 1 MiB: a usage error naming the cap", async () => {
    const file = path.join(tempDir(), "big.json");
    writeFileSync(file, JSON.stringify({ default: [{ at: 0, status: {} }], x: "a".repeat(1024 * 1024) }));
    const err = await rejection(resolveScenario(file));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toBe(`scenario file ${file} is larger than 1 MiB`);
  });

  it.skipIf(!posix)("a FIFO nobody writes to ends with InterruptedError at the signal", async () => {
    const fifo = mkfifo("scenario.fifo");
    const controller = new AbortController();
    const pending = resolveScenario(fifo, { signal: controller.signal });
    await tick(200);
    controller.abort(new Error("SIGTERM"));
    expect(await rejection(pending)).toBeInstanceOf(InterruptedError);
  });

  it.skipIf(!posix)("a FIFO with a writer is read", async () => {
    const fifo = mkfifo("scenario.fifo");
    const text = JSON.stringify({ default: [{ at: 0, status: {} }], names: { "bc-7": "seven" } });
    children.push(spawn("sh", ["-c", 'printf "%s" "$0" > "$1"', text, fifo], { stdio: "ignore" }));
    const source = await resolveScenario(fifo);
    expect(source.named()).toEqual([{ id: "bc-7", name: "seven", headStartSec: 0 }]);
  });
});
