import type { ChalkInstance } from "chalk";
import type { Secrets } from "./secrets.js";
import { cleanStreamText, isCursorControl } from "./terminal-text.js";
import type { FileOut, IO, OutStream } from "./types.js";

/**
 * The one output boundary (like gh's iostreams with its regex filter writer):
 * every byte the process emits, to stdout, stderr or a file, passes here.
 * Control characters and escape sequences are removed (colour kept where the
 * stream shows colour), then every secret of the run is masked, including
 * secrets learned after the writer was made. Commands and renderers are handed
 * these writers and nothing else: no raw stream is reachable from them.
 */

const BEL = "\u0007";
/** OSC 9: a desktop notification (iTerm2, Windows Terminal, kitty, WezTerm, foot); others ignore it. */
const OSC9 = "\u001b]9;";
/** Characters of a notification: a line, not a page. */
const NOTIFY_MAX = 200;

/** A destination as the system (or a test) provides it, before the boundary. */
export interface RawStream {
  write(text: string): void;
  readonly isTTY: boolean;
  readonly columns: number | undefined;
  readonly rows: number | undefined;
  chalk: ChalkInstance;
}

/** How files are written, before the boundary; the signal ends a write that waits (a FIFO nobody reads) with InterruptedError. */
export interface RawFiles {
  write(path: string, text: string, signal?: AbortSignal): Promise<void>;
  append(path: string, text: string, signal?: AbortSignal): Promise<void>;
}

export interface RawIO {
  stdout: RawStream;
  stderr: RawStream;
  files: RawFiles;
  readStdin(o: { maxBytes: number; signal?: AbortSignal | undefined }): Promise<string>;
  prepare(): Promise<void>;
}

function guardStream(raw: RawStream, secrets: Secrets): OutStream {
  return {
    write(text: string) {
      // Colour is looked up only when the text holds a colour sequence: --version writes before chalk is loaded.
      const cleaned = cleanStreamText(text, text.includes("\u001b") && raw.chalk.level > 0);
      raw.write(secrets.mask(cleaned));
    },
    control(seq: string) {
      if (raw.isTTY && isCursorControl(seq)) raw.write(seq);
    },
    notify(message: string) {
      if (!raw.isTTY) return;
      // No control character survives cleaning (ESC, BEL, C1 ST included), so the payload cannot close the OSC early.
      const text = secrets.mask(cleanStreamText(message, false).replace(/\s+/g, " ").trim());
      raw.write(`${BEL}${OSC9}${Array.from(text).slice(0, NOTIFY_MAX).join("")}${BEL}`);
    },
    get isTTY() {
      return raw.isTTY;
    },
    get columns() {
      return raw.columns;
    },
    get rows() {
      return raw.rows;
    },
    get chalk() {
      return raw.chalk;
    },
    set chalk(c: ChalkInstance) {
      raw.chalk = c;
    },
  };
}

function guardFiles(raw: RawFiles, secrets: Secrets): FileOut {
  const safe = (text: string) => secrets.mask(cleanStreamText(text, false));
  return {
    write: (path, text, signal) => raw.write(path, safe(text), signal),
    append: (path, text, signal) => raw.append(path, safe(text), signal),
  };
}

/** The IO that commands get: both streams and the files behind the boundary, sharing one set of secrets. */
export function guardedIO(raw: RawIO, secrets: Secrets): IO {
  return {
    stdout: guardStream(raw.stdout, secrets),
    stderr: guardStream(raw.stderr, secrets),
    files: guardFiles(raw.files, secrets),
    secrets,
    readStdin: (o) => raw.readStdin(o),
    prepare: () => raw.prepare(),
  };
}
