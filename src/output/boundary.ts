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
  /** See OutStream.drained. */
  drained?(signal?: AbortSignal): Promise<void>;
  readonly isTTY: boolean;
  readonly columns: number | undefined;
  readonly rows: number | undefined;
  chalk: ChalkInstance;
  /** Colour this stream has been given: a chalk chosen for it with a level above 0 (none before chalk is loaded). */
  readonly colorOn: boolean;
}

export interface RawIO {
  stdout: RawStream;
  stderr: RawStream;
  files: FileOut;
  readStdin(o: { maxBytes: number; signal?: AbortSignal | undefined }): Promise<string>;
  prepare(): Promise<void>;
}

/** Options of the boundary. */
export interface BoundaryOptions {
  /**
   * The run is on GitHub Actions (GITHUB_ACTIONS=true): the runner reads the
   * process's stdout and stderr for workflow commands, so no text written may
   * start one; the tool's own go through OutStream.command().
   */
  workflowCommands?: boolean;
  /**
   * The run is a GitHub Action (action/run.ts): every secret of the run, the moment it is
   * learned, is announced to the runner on stdout as `::add-mask::<secret>`, so that the
   * runner hides it in the log too (whatever another step prints). The one workflow command
   * that carries a secret: the runner consumes the line and never shows it. It is written
   * here and nowhere else; no command or renderer can reach this channel.
   */
  maskCommands?: boolean;
}

/** A workflow command's data escaped as the runner unescapes it (actions/runner ActionCommand.cs). */
const commandData = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");

/**
 * The workflow commands the tool itself writes (render/github.ts), each a
 * whole line: `::error` or `::warning` with optional `key=value` properties
 * (escaped: no `:`, `,` or newline inside), `::group::` and `::endgroup::`.
 */
const OWN_COMMAND = /^::(?:(?:error|warning)(?: [a-z]+=[^,:\n]*(?:,[a-z]+=[^,:\n]*)*)?::[^\n]*|group::[^\n]*|endgroup::)$/;

/**
 * Keeps text written to a stream that GitHub's runner reads from starting a
 * workflow command (actions/runner ActionCommand.cs): the runner takes `##[`
 * anywhere in a line as a command, and `::` at the start of a line once
 * leading whitespace is trimmed. A space goes before the `[` of every `##[`
 * (`## [`) and between the two colons of a line-start `::` (`: :`). It keeps
 * the end of what it let out, so a `##[` or a line-start `::` split between
 * two writes is caught too. Linear in the text.
 */
class CommandGuard {
  /** The last two characters let out. */
  #tail = "";
  /** The line so far: only whitespace ("blank"), whitespace and one `:` ("colon"), or anything else. */
  #line: "blank" | "colon" | "text" = "blank";

  get atLineStart(): boolean {
    return this.#line === "blank" && (this.#tail === "" || this.#tail.endsWith("\n"));
  }

  neutralise(text: string): string {
    let out = "";
    let from = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i] as string;
      if (c === "\n") {
        this.#line = "blank";
        continue;
      }
      if (c === "[" && (i >= 2 ? text.slice(i - 2, i) : (this.#tail + text.slice(0, i)).slice(-2)) === "##") {
        out += `${text.slice(from, i)} `;
        from = i;
      }
      if (c === ":" && this.#line === "colon") {
        out += `${text.slice(from, i)} `;
        from = i;
        this.#line = "text";
      } else if (c === ":" && this.#line === "blank") this.#line = "colon";
      else if (this.#line !== "blank" || !/\s/.test(c)) this.#line = "text";
    }
    out += text.slice(from);
    this.#tail = (this.#tail + out).slice(-2);
    return out;
  }

  /** After a line written as is (a command of the tool's own, ending in a newline). */
  passed(line: string): void {
    this.#tail = (this.#tail + line).slice(-2);
    this.#line = "blank";
  }
}

function guardStream(raw: RawStream, secrets: Secrets, opts: BoundaryOptions, announceMasks = false): OutStream {
  const guard = opts.workflowCommands || announceMasks ? new CommandGuard() : null;
  if (announceMasks) {
    secrets.onLearn((secret) => {
      const out = `${guard?.atLineStart === false ? "\n" : ""}::add-mask::${commandData(secret)}\n`;
      guard?.passed(out);
      raw.write(out);
    });
  }
  /** Masked, then (on GitHub Actions) neutralised, then masked again: neutralising adds a space, which cannot be allowed to complete a secret. */
  const safe = (cleaned: string) => {
    const masked = secrets.mask(cleaned);
    if (!guard) return masked;
    const neutral = guard.neutralise(masked);
    return neutral === masked ? masked : secrets.mask(neutral);
  };
  let documents = false;
  const stream: OutStream = {
    write(text: string) {
      // Colour is kept only where this stream was given colour: `--version` and `--json` write with chalk never loaded.
      raw.write(safe(cleanStreamText(text, text.includes("\u001b") && raw.colorOn, documents)));
    },
    get documents() {
      return documents;
    },
    set documents(on: boolean) {
      documents = on;
    },
    command(line: string) {
      if (!guard) return stream.write(`${line}\n`);
      const text = secrets.mask(cleanStreamText(line, false).replace(/##\[/g, "## ["));
      // Anything but the tool's own shape of command is written as text, so it starts no command.
      if (!OWN_COMMAND.test(text)) return stream.write(`${line}\n`);
      const out = `${guard.atLineStart ? "" : "\n"}${text}\n`;
      guard.passed(out);
      raw.write(out);
    },
    control(seq: string) {
      if (raw.isTTY && isCursorControl(seq)) raw.write(seq);
    },
    drained(signal?: AbortSignal) {
      return raw.drained?.(signal) ?? Promise.resolve();
    },
    notify(message: string) {
      if (!raw.isTTY) return;
      // No control character survives cleaning (ESC, BEL, C1 ST included), so the payload cannot close the OSC early.
      let text = secrets.mask(cleanStreamText(message, false).replace(/\s+/g, " ").trim());
      if (guard) text = secrets.mask(text.replace(/##\[/g, "## ["));
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
  return stream;
}

function guardFiles(raw: FileOut, secrets: Secrets): FileOut {
  const safe = (text: string) => secrets.mask(cleanStreamText(text, false));
  return {
    write: (path, text, signal) => raw.write(path, safe(text), signal),
    append: (path, text, signal) => raw.append(path, safe(text), signal),
  };
}

/**
 * The IO that commands get: both streams and the files behind the boundary,
 * sharing one set of secrets. On GitHub Actions (`workflowCommands`), no text
 * written to either stream can start a workflow command; files are not read
 * for commands.
 */
export function guardedIO(raw: RawIO, secrets: Secrets, opts: BoundaryOptions = {}): IO {
  return {
    stdout: guardStream(raw.stdout, secrets, opts, opts.maskCommands === true),
    stderr: guardStream(raw.stderr, secrets, opts),
    files: guardFiles(raw.files, secrets),
    secrets,
    readStdin: (o) => raw.readStdin(o),
    prepare: () => raw.prepare(),
  };
}
