import type { BlockchainStatus } from "../status/model.js";
import { formatDuration } from "../util/duration.js";
import { cellWidth, truncate } from "./fit.js";
import { dot, padCells, summarize } from "./progress.js";

/**
 * The live view of a watch of several ids on a terminal (docs/OUTPUT.md): a
 * line for the watch, then one line per id, redrawn in place by the spinner.
 * No line may wrap (a wrapped line would break the redraw), and the block
 * stays shorter than the terminal (a block taller than the screen cannot be
 * redrawn): ids beyond the room left give a "+N more" line. Pure.
 */

export interface LiveItem {
  /** The id, or the name of a blockchain looked up by one. */
  id: string;
  status: BlockchainStatus | null;
  /** A retry in progress, e.g. `HTTP 503; retrying`. */
  note?: string;
}

export interface BlockLook {
  ascii: boolean;
  /** Cells of a line (util/width.ts); undefined: lines are not cut. */
  width: number | undefined;
  /** The terminal's height, when known. */
  rows: number | undefined;
}

/** Cells the spinner's frame and its space take before the first line. */
const FRAME = 2;
/** Rows assumed when the terminal does not say. */
const DEFAULT_ROWS = 24;
/** The block leaves this many rows of the screen free (the cursor's line, and one to spare). */
const SPARE_ROWS = 2;

function idLine(item: LiveItem, idWidth: number, ascii: boolean): string {
  const text = item.status ? summarize(item.status, ascii) : "waiting for the first answer";
  // A retry in progress is the freshest news: first, so a narrow terminal does not cut it off.
  return `  ${padCells(item.id, idWidth)}  ${item.note ? `${item.note}${dot(ascii)}` : ""}${text}`;
}

/** Whether an id still needs watching: shown first when not all fit. */
function pending(item: LiveItem): boolean {
  return item.note !== undefined || item.status === null || item.status.overall !== "finished";
}

/**
 * The block's text: `watching 3 blockchains · 1m05s`, then `  bc-1  deploying ·
 * 5/8 finished · …` per id; at most rows − 2 lines, each cut to the width − 1
 * (the first to what the spinner's frame leaves).
 */
export function liveBlockText(items: readonly LiveItem[], now: number, startedAt: number, look: BlockLook): string {
  const rows = look.rows !== undefined && look.rows > 0 ? look.rows : DEFAULT_ROWS;
  // Header, ids, and "+N more" when they do not all fit; never fewer than the header and one id.
  const room = Math.max(1, rows - SPARE_ROWS - 1);
  let shown: readonly LiveItem[] = items;
  if (items.length > room) {
    const keep = Math.max(1, room - 1);
    // Ids still running first, in the order given; then the finished ones.
    shown = [...items.filter(pending), ...items.filter((i) => !pending(i))].slice(0, keep);
    const chosen = new Set(shown);
    shown = items.filter((i) => chosen.has(i));
  }
  const idWidth = Math.max(...shown.map((i) => cellWidth(i.id)));
  const cut = (text: string, cells: number) => (look.width === undefined ? text : truncate(text, Math.max(1, cells), look.ascii));
  const width = look.width ?? 0;
  const lines = [
    cut(`watching ${items.length} blockchains${dot(look.ascii)}${formatDuration(now - startedAt)}`, width - 1 - FRAME),
    ...shown.map((i) => cut(idLine(i, idWidth, look.ascii), width - 1)),
  ];
  if (shown.length < items.length) lines.push(cut(`  +${items.length - shown.length} more`, width - 1));
  return lines.join("\n");
}
