import { Chalk, type ChalkInstance } from "chalk";

/** One output stream with the facts renderers need: is it a terminal, how wide, which colours. */
export interface OutStream {
  write(text: string): void;
  readonly isTTY: boolean;
  /** Terminal width, when known. */
  readonly columns: number | undefined;
  /** Colour for this stream; level 0 means none. */
  chalk: ChalkInstance;
  /** The underlying stream, when the spinner needs it (ora writes to a real stream). */
  readonly raw?: NodeJS.WriteStream;
}

export interface IO {
  stdout: OutStream;
  stderr: OutStream;
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
  text(): string;
}

export interface TestIOOptions {
  stdoutTTY?: boolean;
  stderrTTY?: boolean;
  color?: boolean;
  columns?: number;
  stdin?: string;
}

function testStream(isTTY: boolean, color: boolean, columns: number | undefined): TestStream {
  let buf = "";
  return {
    write(t: string) {
      buf += t;
    },
    isTTY,
    columns,
    chalk: new Chalk({ level: color ? 1 : 0 }),
    text: () => buf,
  };
}

/** An IO that records what was written, like gh's iostreams.Test(). */
export function createTestIO(opts: TestIOOptions = {}): IO & { stdout: TestStream; stderr: TestStream } {
  return {
    stdout: testStream(opts.stdoutTTY ?? false, opts.color ?? false, opts.columns),
    stderr: testStream(opts.stderrTTY ?? false, opts.color ?? false, opts.columns),
    readStdin: async () => opts.stdin ?? "",
    prepare: async () => {},
  };
}
