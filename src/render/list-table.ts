import type { ChalkInstance } from "chalk";
import type { ListEntry } from "../status/list-order.js";
import { deploymentAge, finishedCount } from "../status/summary.js";
import { capForPeople, WORD_MAX } from "../util/cap.js";
import { formatDuration } from "../util/duration.js";
import { cellWidth, truncate, wrapIntoLines } from "./fit.js";
import { sanitize } from "./sanitize.js";
import { formatState } from "./states.js";

export interface ListTableOptions {
  chalk: ChalkInstance;
  /** Cells a line may take (docs/OUTPUT.md, width); undefined: no limit, nothing is cut. */
  width: number | undefined;
  ascii: boolean;
  /** --wide: a long name wraps inside its column instead of being cut. */
  wide?: boolean;
  /**
   * The run's masking (output/secrets.ts), applied to each name before the
   * columns are measured: the boundary would mask it anyway, after, and the
   * columns would then be as wide as the secret was (its length shown, the
   * rows out of line).
   */
  mask?: (text: string) => string;
}

const GAP = "  ";
/** A name column narrower than this (or than the longest name) puts each id on a line of its own. */
const NAME_ROOM = 12;

interface Cells {
  name: string;
  id: string;
  state: string;
  finished: string;
  elapsed: string;
}

function cellsOf(e: ListEntry, o: ListTableOptions): Cells {
  // Cap first (cost bounded by what is shown), then clean (idempotent: the list client cleaned it already).
  const shown = sanitize(capForPeople(e.name, { max: WORD_MAX, ascii: o.ascii }));
  const name = (o.mask ? o.mask(shown) : shown) || "-";
  if (!e.result.ok) {
    return { name, id: e.id, state: o.chalk.red(`${o.ascii ? "x" : "✗"} error`), finished: "-", elapsed: "-" };
  }
  const s = e.result.status;
  const { finished, total } = finishedCount(s);
  const age = deploymentAge(s);
  return {
    name,
    id: e.id,
    state: formatState(s.overall, o.chalk, o.ascii),
    finished: `${finished}/${total}`,
    elapsed: age === null ? "-" : formatDuration(age),
  };
}

const pad = (text: string, w: number) => text + " ".repeat(Math.max(0, w - cellWidth(text)));

/** A row's lines: the cells side by side, a wrapped first cell going on below with the others blank. */
function rowLines(first: string[], rest: readonly string[], widths: readonly number[]): string[] {
  return first.map((part, i) =>
    [pad(part, widths[0] as number), ...rest.map((c, j) => (i === 0 ? pad(c, widths[j + 1] as number) : pad("", widths[j + 1] as number)))]
      .join(GAP)
      .trimEnd(),
  );
}

/**
 * `list` as a table, one row per blockchain in the order given: name, id,
 * state, finished count, elapsed. Every line fits `width`: the name is cut
 * (`--wide`: wrapped in its column); ids are never cut. When the ids leave
 * the name too little room, each id goes on its own line under its row.
 */
export function renderListTable(entries: readonly ListEntry[], o: ListTableOptions): string {
  const head: Cells = { name: "NAME", id: "ID", state: "STATE", finished: "DONE", elapsed: "ELAPSED" };
  const rows = entries.map((e) => cellsOf(e, o));
  const w = (k: keyof Cells) => Math.max(cellWidth(head[k]), ...rows.map((r) => cellWidth(r[k])));
  const bold = (c: Cells): Cells => ({
    name: o.chalk.bold(c.name),
    id: o.chalk.bold(c.id),
    state: o.chalk.bold(c.state),
    finished: o.chalk.bold(c.finished),
    elapsed: o.chalk.bold(c.elapsed),
  });
  const tail = [w("state"), w("finished"), w("elapsed")];
  const tailWidth = tail.reduce((a, b) => a + b + GAP.length, 0);
  const nameNeed = w("name");
  const width = o.width;
  const fitName = (text: string, room: number): string[] =>
    cellWidth(text) <= room ? [text] : o.wide ? wrapIntoLines(text, room) : [truncate(text, room, o.ascii)];

  // One line per blockchain: NAME ID STATE FINISHED ELAPSED.
  const roomA = width === undefined ? nameNeed : width - tailWidth - w("id") - GAP.length;
  if (roomA >= Math.min(nameNeed, NAME_ROOM)) {
    const nameW = Math.min(nameNeed, roomA);
    const widths = [nameW, w("id"), ...tail];
    const line = (c: Cells, first: string[]) => rowLines(first, [c.id, c.state, c.finished, c.elapsed], widths);
    const lines = [...line(bold(head), [o.chalk.bold(head.name)])];
    for (const r of rows) lines.push(...line(r, fitName(r.name, nameW)));
    return `${lines.join("\n")}\n`;
  }

  // Narrow: NAME STATE FINISHED ELAPSED, and the id on a line of its own below, indented.
  const room = width as number;
  const nameW = Math.max(Math.min(nameNeed, 4), Math.min(nameNeed, room - tailWidth));
  const widths = [nameW, ...tail];
  const fit = (line: string) => (cellWidth(line) <= room ? line : truncate(line, room, o.ascii));
  const idLines = (id: string) => wrapIntoLines(id, Math.max(1, room - 2)).map((l) => `  ${l}`);
  const line = (c: Cells, first: string[]) => rowLines(first, [c.state, c.finished, c.elapsed], widths).map(fit);
  const lines = [...line(bold(head), [o.chalk.bold(head.name)]), ...idLines(o.chalk.bold(head.id))];
  for (const r of rows) lines.push(...line(r, fitName(r.name, nameW)), ...idLines(r.id));
  return `${lines.join("\n")}\n`;
}
