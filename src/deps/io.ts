import { Chalk } from "chalk";
import { guardedIO, type RawStream } from "../output/boundary.js";
import { nodeFiles } from "../output/node-files.js";
import { Secrets } from "../output/secrets.js";
import type { IO, OutStream } from "../output/types.js";

export type { FileOut, IO, OutStream } from "../output/types.js";

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
  /** As on GitHub Actions: text cannot start a workflow command (output/boundary.ts). */
  workflowCommands?: boolean;
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
    get colorOn() {
      return this.chalk.level > 0;
    },
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
    { workflowCommands: opts.workflowCommands ?? false },
  );
  return { ...io, stdout: withText(io.stdout, out.text), stderr: withText(io.stderr, err.text) };
}

function withText(s: OutStream, text: () => string): TestStream {
  return Object.defineProperties(Object.create(null), {
    ...Object.getOwnPropertyDescriptors(s),
    text: { value: text, enumerable: true },
  }) as TestStream;
}
