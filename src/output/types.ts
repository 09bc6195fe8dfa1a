import type { ChalkInstance } from "chalk";
import type { Secrets } from "./secrets.js";

/**
 * One output stream behind the boundary (output/boundary.ts), with the facts
 * renderers need: is it a terminal, how wide, which colours. Text written here
 * is cleaned of control characters and has every secret of the run masked.
 */
export interface OutStream {
  write(text: string): void;
  /**
   * Resolves once what was written has left the process (a pipe's reader has taken it), or when
   * `signal` aborts: a writer of much output waits here, so the output it has not delivered yet
   * does not pile up in memory.
   */
  drained?(signal?: AbortSignal): Promise<void>;
  /**
   * One GitHub Actions workflow command of the tool's own (render/github.ts:
   * `::error …::…`, `::warning …::…`, `::group::…`, `::endgroup::`), without
   * its newline; written on a line of its own. Cleaned and masked like any
   * text. On GitHub Actions, text given to write() can never start a workflow
   * command (the boundary neutralises `##[` and a line-start `::`): this is
   * the one way a command gets out, and only in that shape; anything else is
   * written as text.
   */
  command(line: string): void;
  /**
   * The stream carries --json or --raw documents: what is written keeps its
   * invisible characters (the document stays as the server sent it), and
   * secrets are still masked, matched through them (output/match-key.ts).
   * Off: people's text, which loses them.
   */
  documents: boolean;
  /** A cursor or screen sequence of a live view (output/terminal-text.ts); dropped unless the stream is a terminal. */
  control(seq: string): void;
  /**
   * A bell and a desktop notification (OSC 9) with `message`, only on a
   * terminal (watch --notify). The message is cleaned, flattened to one line,
   * masked and capped like any text: it cannot end the sequence or start another.
   */
  notify(message: string): void;
  readonly isTTY: boolean;
  /** Terminal width, when known. */
  readonly columns: number | undefined;
  /** Terminal height, when known. */
  readonly rows: number | undefined;
  /** Colour for this stream; level 0 means none. */
  chalk: ChalkInstance;
}

/**
 * Files the tool writes (--summary-file, $GITHUB_STEP_SUMMARY): the same shape before the
 * boundary (RawIO.files, node-files.ts) and behind it (IO.files, which masks every secret).
 * The signal ends a write that waits (a FIFO nobody reads) with InterruptedError.
 */
export interface FileOut {
  write(path: string, text: string, signal?: AbortSignal): Promise<void>;
  append(path: string, text: string, signal?: AbortSignal): Promise<void>;
}

export interface IO {
  stdout: OutStream;
  stderr: OutStream;
  files: FileOut;
  /** Every secret of the run: settings add theirs, an IAM login its token; every write above masks them. */
  secrets: Secrets;
  /** Reads all of stdin (for `--token-file -`), at most maxBytes (more is an error), ending early when the signal aborts. */
  readStdin(o: { maxBytes: number; signal?: AbortSignal | undefined }): Promise<string>;
  /** Loads what colour output needs; a command calls it before it renders for people (applyOutputFlags), never for `--json` or `--raw`. */
  prepare(): Promise<void>;
}
