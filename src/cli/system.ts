import { setMaxListeners } from "node:events";
import os from "node:os";
import type { ChalkInstance } from "chalk";
import { clampWait, type Deps, OUTPUT_CLOSED, OUTPUT_FAILED, type Timers } from "../deps/deps.js";
import { guardedIO, type RawStream } from "../output/boundary.js";
import { nodeFiles } from "../output/node-files.js";
import { Secrets } from "../output/secrets.js";
import { EXIT } from "../util/errors.js";
import { colorLevel } from "./color-level.js";

/** chalk, once io.prepare() has loaded it: its import and colour detection are a large part of start-up. */
let chalkModule: typeof import("chalk") | null = null;

/** A real stream before the boundary: only guardedIO sees it. */
function rawStream(
  stream: NodeJS.WriteStream,
  which: "stdout" | "stderr",
  env: NodeJS.ProcessEnv,
  onClosed: () => void,
  onFailed: (which: "stdout" | "stderr", code: string) => void,
): RawStream {
  let chosen: ChalkInstance | null = null;
  let closed = false;
  // The reader went away (`bcs-status watch --json | head -1`): no stack trace, no more writes; the command is told to stop.
  // A full disk or an I/O error (ENOSPC, EIO): one line on stderr when it can take it, exit 5, never a stack trace.
  stream.on("error", (err: NodeJS.ErrnoException) => {
    closed = true;
    if (err.code === "EPIPE") onClosed();
    else onFailed(which, err.code ?? err.name);
  });
  return {
    write: (t: string) => {
      if (!closed) stream.write(t);
    },
    drained: (signal?: AbortSignal) => {
      if (closed || !stream.writableNeedDrain || signal?.aborted) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const done = () => {
          stream.off("drain", done);
          stream.off("close", done);
          stream.off("error", done);
          signal?.removeEventListener("abort", done);
          resolve();
        };
        stream.on("drain", done);
        stream.on("close", done);
        stream.on("error", done);
        signal?.addEventListener("abort", done);
      });
    },
    isTTY: Boolean(stream.isTTY),
    get columns() {
      return stream.isTTY ? stream.columns : undefined;
    },
    get rows() {
      return stream.isTTY ? stream.rows : undefined;
    },
    /** chalk's own detection for this stream (TTY, FORCE_COLOR, TERM, CI), then NO_COLOR. */
    get chalk(): ChalkInstance {
      if (chosen) return chosen;
      if (!chalkModule) throw new Error("colour used before io.prepare()");
      const detected = which === "stdout" ? chalkModule.supportsColor : chalkModule.supportsColorStderr;
      chosen = new chalkModule.Chalk({ level: colorLevel(detected ? detected.level : 0, env) });
      return chosen;
    },
    set chalk(c: ChalkInstance) {
      chosen = c;
    },
    /** Before io.prepare() no colour can have been made, so none is kept (server text's escapes go). */
    get colorOn(): boolean {
      return chalkModule !== null && this.chalk.level > 0;
    },
  };
}

/** Real timers, every delay clamped (a delay past Node's maximum would fire after 1 ms). */
const realTimers: Timers = {
  setTimeout(fn, ms) {
    const t = setTimeout(fn, clampWait(ms));
    return () => clearTimeout(t);
  },
  setInterval(fn, ms) {
    const t = setInterval(fn, Math.max(1, clampWait(ms)));
    t.unref();
    return () => clearInterval(t);
  },
};

/** A sleep on real timers that ends early when the signal aborts. */
function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const cancel = realTimers.setTimeout(done, ms);
    function done() {
      cancel();
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/**
 * The real process's dependencies; only bin/ and the entries of the single executable and the
 * GitHub Action call this. `githubAction`: the process is the Action (action/run.ts), whose
 * output the runner reads for workflow commands, and which announces every secret with
 * `::add-mask::` (output/boundary.ts).
 */
export function systemDeps(opts: { githubAction?: boolean } = {}): Deps {
  const env = process.env;
  const controller = new AbortController();
  // Every sleep and request of a watch listens to this one signal: 20 ids are 40 listeners, not a leak.
  setMaxListeners(0, controller.signal);
  // The first signal asks commands to stop cleanly; a second one ends the process the default way.
  // The listener stays registered until then: ora's signal-exit re-raises a signal that nobody
  // else listens to, which would kill a watch mid-spinner before it prints its last state.
  const onSignal = (sig: NodeJS.Signals) => {
    if (!controller.signal.aborted) {
      controller.abort(new Error(sig));
      // Every phase listens to the signal and ends at once; a read that cannot be cancelled (open() of a FIFO
      // nobody writes to blocks in libuv's thread pool) must not hold the process: it ends within 1 s regardless.
      setTimeout(() => process.exit(130), 1000).unref();
      return;
    }
    process.removeListener(sig, onSignal);
    process.kill(process.pid, sig);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const closed = () => controller.abort(Object.assign(new Error("output closed"), { code: OUTPUT_CLOSED }));
  const failed = (which: "stdout" | "stderr", code: string) => {
    // Exit 5 whatever the command returned: a write error can be reported after main has settled
    // (`--version >/dev/full`), so the code is set again as the process exits.
    process.exitCode = EXIT.api;
    process.once("exit", () => {
      process.exitCode = EXIT.api;
    });
    if (which === "stdout") process.stderr.write(`bcs-status: cannot write to stdout: ${code}\n`);
    if (!controller.signal.aborted) controller.abort(Object.assign(new Error(`${which}: ${code}`), { code: OUTPUT_FAILED }));
  };
  const io = guardedIO(
    {
      stdout: rawStream(process.stdout, "stdout", env, closed, failed),
      stderr: rawStream(process.stderr, "stderr", env, closed, failed),
      files: nodeFiles,
      // Loaded when stdin is read: --version and most runs never do.
      readStdin: async (o) => (await import("../util/files.js")).readCappedStream(process.stdin, { ...o, name: "token on stdin" }),
      prepare: async () => {
        chalkModule ??= await import("chalk");
      },
    },
    new Secrets(),
    { workflowCommands: env.GITHUB_ACTIONS === "true" || opts.githubAction === true, maskCommands: opts.githubAction === true },
  );
  // What the process itself would print goes through the boundary too: a warning, and (a bug) a rejection
  // nobody handled, which Node would print as a raw stack trace and exit 1 ("a resource failed").
  process.removeAllListeners("warning");
  process.on("warning", (w) => io.stderr.write(`bcs-status: warning: ${w.name}: ${w.message}\n`));
  process.on("unhandledRejection", (err) => {
    io.stderr.write(`bcs-status: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(EXIT.api);
  });
  return {
    io,
    env,
    now: () => Date.now(),
    sleep: realSleep,
    timers: realTimers,
    signal: controller.signal,
    yieldToLoop: () => new Promise((resolve) => setImmediate(resolve)),
    homedir: os.homedir(),
    uid: process.getuid?.(),
    // Loaded only here: node:v8 alone costs ~4 ms, which --version and get need not pay.
    longRunning: async () => {
      const [{ default: v8 }, { preferSmallHeap }] = await Promise.all([import("node:v8"), import("./heap-policy.js")]);
      preferSmallHeap(process.execArgv, env.NODE_OPTIONS, (flags) => v8.setFlagsFromString(flags));
    },
  };
}
