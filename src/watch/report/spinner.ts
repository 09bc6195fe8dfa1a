import { EventEmitter } from "node:events";
import type { OutStream } from "../../deps/io.js";
import type { Surface } from "./surface.js";

/**
 * What ora needs of a stream, made from a writer behind the boundary: its
 * frames are text (cleaned and masked like every write), its cursor moves go
 * through the boundary's control channel, which lets only cursor sequences by.
 * ora never sees a real stream.
 */
function spinnerStream(err: OutStream): NodeJS.WriteStream {
  const events = new EventEmitter();
  const stream = {
    isTTY: true,
    get columns() {
      return err.columns;
    },
    get rows() {
      return err.rows;
    },
    write(chunk: string | Uint8Array) {
      const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
      if (/^(?:\u001b\[[?0-9;]*[A-Za-z])+$/.test(text)) err.control(text);
      else err.write(text);
      return true;
    },
    cursorTo(x: number) {
      err.control(`\u001b[${Math.max(0, Math.trunc(x)) + 1}G`);
      return true;
    },
    moveCursor(dx: number, dy: number) {
      const h = dx < 0 ? `\u001b[${-dx}D` : dx > 0 ? `\u001b[${dx}C` : "";
      const v = dy < 0 ? `\u001b[${-dy}A` : dy > 0 ? `\u001b[${dy}B` : "";
      if (h + v) err.control(h + v);
      return true;
    },
    clearLine(dir: number) {
      err.control(dir < 0 ? "\u001b[1K" : dir > 0 ? "\u001b[K" : "\u001b[2K");
      return true;
    },
    on: events.on.bind(events),
    once: events.once.bind(events),
    off: events.off.bind(events),
    removeListener: events.removeListener.bind(events),
  };
  return stream as unknown as NodeJS.WriteStream;
}

/** An ora spinner on stderr with lines written above it. Loads ora only here. */
export async function spinnerSurface(err: OutStream, initial: string, ascii: boolean): Promise<Surface> {
  const { default: ora } = await import("ora");
  // --ascii (or a non-UTF-8 locale): ora's plain -\|/ spinner instead of braille dots.
  const spinner = ora({
    stream: spinnerStream(err),
    text: initial,
    discardStdin: false,
    isEnabled: true,
    ...(ascii ? { spinner: "line" as const } : {}),
  }).start();
  return {
    live: true,
    status(text) {
      // Drawn at once: a block of several lines changes more than a frame.
      if (text === spinner.text || !spinner.isSpinning) return;
      spinner.text = text;
      spinner.render();
    },
    line(_id, text) {
      spinner.clear();
      err.write(`${text}\n`);
      spinner.render();
    },
    close() {
      spinner.stop();
    },
  };
}

/** Whether a live spinner can run: both streams on a terminal whose width is known (a 0-column pty would redraw forever). */
export function canSpin(out: OutStream, err: OutStream): boolean {
  return out.isTTY && err.isTTY && (err.columns ?? 0) > 0;
}
