import { Chalk, type ChalkInstance } from "chalk";
import { guardedIO, type RawStream } from "./output/boundary.js";
import { nodeFiles } from "./output/node-files.js";
import { Secrets } from "./output/secrets.js";

/**
 * One output stream behind the boundary (output/boundary.ts), with the facts
 * renderers need: is it a terminal, how wide, which colours. Text written here
 * is cleaned of control characters and has every secret of the run masked.
 */
export interface OutStream {
  write(text: string): void;
  /** A cursor or screen sequence of a live view (output/terminal-text.ts); dropped unless the stream is a terminal. */
  control(seq: string): void;
  readonly isTTY: boolean;
  /** Terminal width, when known. */
  readonly columns: number | undefined;
  /** Terminal height, when known. */
  readonly rows: number | undefined;
  /** Colour for this stream; level 0 means none. */
  chalk: ChalkInstance;
}

/** Files the tool writes (--summary-file, $GITHUB_STEP_SUMMARY), behind the same boundary. */
export interface FileOut {
  write(path: string, text: string): Promise<void>;
  append(path: string, text: string): Promise<void>;
}

export interface IO {
  stdout: OutStream;
  stderr: OutStream;
  files: FileOut;
  /** Every secret of the run: settings add theirs, an IAM login its token; every write above masks them. */
  secrets: Secrets;
  /** Reads all of stdin (for `--token-file -`). */
  readStdin(): Promise<string>;
  /** Loads what colour output needs; main calls it before any command runs (not for `--version`). */
  prepare(): Promise<void>;
}

/** Turns colour off on both streams (for --no-color). */
export function disableColor(io: IO): void {
  io.stdout.chalk = new Chalk({ level: 0 });
  io.stderr.chalk = new Chalk({ level: 0 });
}

export interface TestStream extends OutStream {
  /** What passed the boundary. */
  text(): string;
}

export interface TestIOOptions {
  stdoutTTY?: boolean;
  stderrTTY?: boolean;
  color?: boolean;
  columns?: number;
  rows?: number;
  stdin?: string;
}

function recorder(isTTY: boolean, color: boolean, columns: number | undefined, rows: number | undefined): RawStream & { text(): string } {
  let buf = "";
  return {
    write(t: string) {
      buf += t;
    },
    isTTY,
    columns,
    rows,
    chalk: new Chalk({ level: color ? 1 : 0 }),
    text: () => buf,
  };
}

/** An IO that records what passed the boundary, like gh's iostreams.Test(); files are written for real. */
export function createTestIO(opts: TestIOOptions = {}): IO & { stdout: TestStream; stderr: TestStream } {
  const out = recorder(opts.stdoutTTY ?? false, opts.color ?? false, opts.columns, opts.rows);
  const err = recorder(opts.stderrTTY ?? false, opts.color ?? false, opts.columns, opts.rows);
  const io = guardedIO(
    { stdout: out, stderr: err, files: nodeFiles, readStdin: async () => opts.stdin ?? "", prepare: async () => {} },
    new Secrets(),
  );
  return { ...io, stdout: { ...withText(io.stdout, out.text) }, stderr: { ...withText(io.stderr, err.text) } };
}

function withText(s: OutStream, text: () => string): TestStream {
  return Object.defineProperties(Object.create(null), {
    ...Object.getOwnPropertyDescriptors(s),
    text: { value: text, enumerable: true },
  }) as TestStream;
}
