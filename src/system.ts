import { setMaxListeners } from "node:events";
import os from "node:os";
import type { ChalkInstance } from "chalk";
import { colorLevel } from "./color-level.js";
import { type Deps, OUTPUT_CLOSED, realSleep } from "./deps.js";
import { guardedIO, type RawStream } from "./output/boundary.js";
import { nodeFiles } from "./output/node-files.js";
import { Secrets } from "./output/secrets.js";

/** chalk, once io.prepare() has loaded it: its import and colour detection are a large part of start-up. */
let chalkModule: typeof import("chalk") | null = null;

/** A real stream before the boundary: only guardedIO sees it. */
function rawStream(stream: NodeJS.WriteStream, which: "stdout" | "stderr", env: NodeJS.ProcessEnv, onClosed: () => void): RawStream {
  let chosen: ChalkInstance | null = null;
  let closed = false;
  // The reader went away (`bcs-status watch --json | head -1`): no stack trace, no more writes; the command is told to stop.
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code !== "EPIPE") throw err;
    closed = true;
    onClosed();
  });
  return {
    write: (t: string) => {
      if (!closed) stream.write(t);
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
  };
}

/** The real process's dependencies; only bin/ calls this. */
export function systemDeps(): Deps {
  const env = process.env;
  const controller = new AbortController();
  // Every sleep and request of a watch listens to this one signal: 20 ids are 40 listeners, not a leak.
  setMaxListeners(0, controller.signal);
  // The first signal asks commands to stop cleanly; a second one ends the process the default way.
  // The listener stays registered until then: ora's signal-exit re-raises a signal that nobody
  // else listens to, which would kill a watch mid-spinner before it prints its last state.
  const onSignal = (sig: NodeJS.Signals) => {
    if (!controller.signal.aborted) return controller.abort(new Error(sig));
    process.removeListener(sig, onSignal);
    process.kill(process.pid, sig);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const closed = () => controller.abort(Object.assign(new Error("output closed"), { code: OUTPUT_CLOSED }));
  return {
    io: guardedIO(
      {
        stdout: rawStream(process.stdout, "stdout", env, closed),
        stderr: rawStream(process.stderr, "stderr", env, closed),
        files: nodeFiles,
        readStdin: async () => {
          const chunks: Buffer[] = [];
          for await (const c of process.stdin) chunks.push(c as Buffer);
          return Buffer.concat(chunks).toString("utf8");
        },
        prepare: async () => {
          chalkModule ??= await import("chalk");
        },
      },
      new Secrets(),
    ),
    env,
    now: () => Date.now(),
    sleep: realSleep,
    signal: controller.signal,
    homedir: os.homedir(),
    uid: process.getuid?.(),
    // Loaded only here: node:v8 alone costs ~4 ms, which --version and get need not pay.
    longRunning: async () => {
      const [{ default: v8 }, { preferSmallHeap }] = await Promise.all([import("node:v8"), import("./heap-policy.js")]);
      preferSmallHeap(process.execArgv, env.NODE_OPTIONS, (flags) => v8.setFlagsFromString(flags));
    },
  };
}
