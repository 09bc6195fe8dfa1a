import { type LiveItem, liveBlockText } from "../../render/live-block.js";
import { spinnerText } from "../../render/progress.js";

/** What the live status needs to know of the watch and the terminal. */
export interface LiveContext {
  ids: readonly string[];
  now(): number;
  startedAt: number;
  ascii: boolean;
  /** Cells a stderr line may take (util/width.ts), read at each redraw: the terminal may be resized. */
  width?: () => number | undefined;
  /** The terminal's height, read at each redraw. */
  rows?: () => number | undefined;
}

/**
 * The spinner's text: one id keeps its single line; several ids are a block,
 * one line per id, capped to the terminal's height (render/live-block.ts).
 */
export function liveText(ctx: LiveContext, items: readonly LiveItem[]): string {
  const width = ctx.width?.();
  if (ctx.ids.length <= 1) return spinnerText(items, ctx.now(), ctx.startedAt, ctx.ascii, width);
  return liveBlockText(items, ctx.now(), ctx.startedAt, { ascii: ctx.ascii, width, rows: ctx.rows?.() });
}
