import type { IO } from "../io.js";

/** Where a watch's progress goes: a spinner on a terminal, plain lines in CI, nothing when quiet. */
export interface Progress {
  /** The live summary (spinner text); ignored without a spinner. */
  status(text: string): void;
  /** A line that stays (a transition, a heartbeat, a retry note). */
  line(text: string): void;
  /** Stops the spinner and restores the cursor. */
  stop(): void;
}

export const silentProgress: Progress = { status() {}, line() {}, stop() {} };

/** Plain lines on stderr: no cursor movement, never one per poll. */
export function lineProgress(io: IO): Progress {
  return {
    status() {},
    line: (text) => io.stderr.write(`${text}\n`),
    stop() {},
  };
}

/** An ora spinner on stderr; lines are written above it. Loads ora only here. */
export async function spinnerProgress(stream: NodeJS.WriteStream, initial: string, ascii = false): Promise<Progress> {
  const { default: ora } = await import("ora");
  // --ascii (or a non-UTF-8 locale): ora's plain -\|/ spinner instead of braille dots.
  const spinner = ora({
    stream,
    text: initial,
    discardStdin: false,
    isEnabled: true,
    ...(ascii ? { spinner: "line" as const } : {}),
  }).start();
  return {
    status(text) {
      spinner.text = text;
    },
    line(text) {
      spinner.clear();
      stream.write(`${text}\n`);
      spinner.render();
    },
    stop() {
      spinner.stop();
    },
  };
}
