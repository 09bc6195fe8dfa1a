import os from "node:os";
import { Chalk, supportsColor, supportsColorStderr } from "chalk";
import { type Deps, realSleep } from "./deps.js";
import { colorLevel, type OutStream } from "./io.js";

function outStream(stream: NodeJS.WriteStream, detected: number, env: NodeJS.ProcessEnv): OutStream {
  return {
    write: (t: string) => {
      stream.write(t);
    },
    isTTY: Boolean(stream.isTTY),
    get columns() {
      return stream.isTTY ? stream.columns : undefined;
    },
    chalk: new Chalk({ level: colorLevel(detected, env) }),
    raw: stream,
  };
}

/** The real process's dependencies; only bin/ calls this. */
export function systemDeps(): Deps {
  const env = process.env;
  const controller = new AbortController();
  // The first signal asks commands to stop cleanly; a second one, with the
  // listener gone, ends the process the default way.
  process.once("SIGINT", () => controller.abort(new Error("SIGINT")));
  process.once("SIGTERM", () => controller.abort(new Error("SIGTERM")));
  return {
    io: {
      stdout: outStream(process.stdout, supportsColor ? supportsColor.level : 0, env),
      stderr: outStream(process.stderr, supportsColorStderr ? supportsColorStderr.level : 0, env),
      readStdin: async () => {
        const chunks: Buffer[] = [];
        for await (const c of process.stdin) chunks.push(c as Buffer);
        return Buffer.concat(chunks).toString("utf8");
      },
    },
    env,
    now: () => Date.now(),
    sleep: realSleep,
    signal: controller.signal,
    homedir: os.homedir(),
    uid: process.getuid?.(),
  };
}
