/**
 * The table of one blockchain (get, watch's final state): a header line and a
 * row per resource, fitted to the width in terminal cells (docs/OUTPUT.md,
 * width). Pure: colour, width, character set and the time are passed in.
 *
 *     bc-4f1e2a  ✓ finished  3/3 finished  elapsed 1m21s  on 2020-10-15
 *       RESOURCE  STATE       STARTED   ENDED     DURATION  DETAIL
 *       bcs       ✓ finished  18:24:48  18:25:53  1m04s
 *
 * Times on another day than the answer's give the date once, in the header,
 * and `+1d` on a time of a later day. A failed resource's detail wraps inside
 * its column, every word kept; other details are cut with `…` (all wrap with
 * --wide). When the columns do not fit, the times go (ended first), then the
 * detail moves under its row.
 */
import type { ChalkInstance } from "chalk";
import Table from "cli-table3";
import type { BlockchainStatus, QueryFailure, Resource } from "../status/model.js";
import { deploymentAge, elapsedOf, finishedCount, instant } from "../status/summary.js";
import { capForPeople, LINE_MAX } from "../util/cap.js";
import { formatDuration } from "../util/duration.js";
import { etaText, expectationText } from "./expected.js";
import { cellWidth, truncate, wrap, wrapParts } from "./fit.js";
import { type Identified, shownName } from "./names.js";
import { sanitize } from "./sanitize.js";
import { formatState } from "./states.js";
import { zoneFormatter } from "./time-format.js";

export interface TableOptions {
  chalk: ChalkInstance;
  /** Cells a line may take (util/width.ts); undefined: lines are not cut. */
  width: number | undefined;
  ascii: boolean;
  /** Epoch ms: durations of running resources end here, and "today" is its day. Commands pass the answer's time. */
  now: number;
  timeZone?: string;
  /** --wide: every detail wraps whole, none is cut. */
  wide?: boolean;
  /** `watch --for`: these resources are marked (▸, or > with --ascii), with a line saying what the mark means. */
  waitedFor?: readonly string[];
}

const SEP = "  ";

/**
 * `bc-1  ● deploying  5/8 finished  elapsed 3m05s`, and `on 2020-10-15` when the
 * times are of another day; a named blockchain leads with its name
 * (`marbles  b268e1ca-…  ✗ failed …`).
 */
export function renderHeader(s: BlockchainStatus, o: TableOptions, day: string | null = null): string {
  const { finished, total } = finishedCount(s);
  const age = deploymentAge({ ...s, checkedAt: o.now });
  const state = formatState(s.overall, o.chalk, o.ascii);
  const rest = [`${finished}/${total} finished`];
  if (age !== null) rest.push(`elapsed ${formatDuration(age)}`);
  if (day !== null) rest.push(`on ${day}`);
  if (s.expected?.eta != null) rest.push(etaText(s.expected.eta, o.now, o.timeZone));
  return wrapParts([...whose(s, state, o), state, ...rest], SEP, o.width, 2);
}

/** An id cut shorter than this says nothing: it then wraps whole instead. */
const MIN_ID_CELLS = 9;

/**
 * The header's first parts: the id, or the name then the id. Where the name,
 * the id and the state do not fit one line, the id is cut (with `…`) before
 * the name is: the name is what the person typed, the id is in --json.
 */
function whose(s: Identified, state: string, o: Pick<TableOptions, "chalk" | "ascii"> & { width?: number | undefined }): string[] {
  const name = shownName(s.name, o.ascii);
  if (name === "") return [o.chalk.bold(s.blockchain_id)];
  let id = s.blockchain_id;
  if (o.width !== undefined) {
    const room = o.width - cellWidth(name) - cellWidth(state) - 2 * SEP.length;
    if (cellWidth(id) > room && room >= MIN_ID_CELLS) id = truncate(id, room, o.ascii);
  }
  return [o.chalk.bold(name), id];
}

/** cli-table3 with no borders, columns SEP apart (the history table draws with it too). */
export const NO_BORDERS = {
  top: "",
  "top-mid": "",
  "top-left": "",
  "top-right": "",
  bottom: "",
  "bottom-mid": "",
  "bottom-left": "",
  "bottom-right": "",
  left: "",
  "left-mid": "",
  mid: "",
  "mid-mid": "",
  right: "",
  "right-mid": "",
  middle: SEP,
};

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a `YYYY-MM-DD` day (any year a Date holds), NaN when it is not one. */
function dayNumber(day: string): number {
  const m = /^(-?\d+)-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return Number.NaN;
  const d = new Date(0);
  d.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Math.round(d.getTime() / DAY_MS);
}

/**
 * The time cells of the table: `HH:mm:ss` each, and the day they fall on when
 * it is not `now`'s (then a time of a later day says `+1d`). Null times are `-`.
 */
export function clockCells(times: ReadonlyArray<number | null>, now: number, timeZone?: string): { day: string | null; cells: string[] } {
  const f = zoneFormatter(timeZone);
  const parts = times.map((t) => {
    const at = instant(t);
    return at === null ? null : f.parts(at);
  });
  const days = parts.flatMap((p) => (p ? [p.day] : []));
  const today = instant(now) === null ? null : f.parts(now).day;
  if (days.every((d) => d === today)) return { day: null, cells: parts.map((p) => p?.clock ?? "-") };
  const base = days.reduce((a, b) => (dayNumber(b) < dayNumber(a) ? b : a));
  const cells = parts.map((p) => {
    if (!p) return "-";
    if (p.day === base) return p.clock;
    const later = dayNumber(p.day) - dayNumber(base);
    return Number.isFinite(later) ? `${p.clock} +${later}d` : `${p.day} ${p.clock}`;
  });
  return { day: base, cells };
}

type Col = "name" | "state" | "started" | "ended" | "duration";
const HEAD: Record<Col | "detail", string> = {
  name: "RESOURCE",
  state: "STATE",
  started: "STARTED",
  ended: "ENDED",
  duration: "DURATION",
  detail: "DETAIL",
};

interface Row {
  cells: Record<Col, string>;
  detail: string;
  /** Its detail is never cut (a failed resource, or --wide). */
  whole: boolean;
}

/** Which columns, where the detail goes, and the spacing. */
interface Layout {
  cols: Col[];
  detail: "column" | "below";
  indent: number;
  gap: number;
}

const LAYOUTS: Layout[] = [
  { cols: ["name", "state", "started", "ended", "duration"], detail: "column", indent: 2, gap: 2 },
  { cols: ["name", "state", "started", "duration"], detail: "column", indent: 2, gap: 2 },
  { cols: ["name", "state", "duration"], detail: "column", indent: 2, gap: 2 },
  { cols: ["name", "state", "duration"], detail: "below", indent: 2, gap: 2 },
  { cols: ["name", "state", "duration"], detail: "below", indent: 0, gap: 1 },
];

/** A detail column narrower than this moves the detail under its row instead (unless every detail is shorter). */
const MIN_DETAIL = 20;
/** Where a detail under its row starts. */
const BELOW_INDENT = 4;

/** The first layout that fits `width`, and the detail column's width in it (0 when the detail goes below). */
function chooseLayout(rows: readonly Row[], width: number | undefined): { layout: Layout; room: number } {
  const natural = (c: Col) => Math.max(cellWidth(HEAD[c]), ...rows.map((r) => cellWidth(r.cells[c])));
  const detailNatural = Math.max(cellWidth(HEAD.detail), ...rows.map((r) => cellWidth(r.detail)));
  const first = LAYOUTS[0] as Layout;
  if (width === undefined) return { layout: first, room: detailNatural };
  for (const layout of LAYOUTS) {
    const fixed = layout.indent + layout.cols.reduce((n, c) => n + natural(c), 0) + layout.gap * (layout.cols.length - 1);
    if (layout.detail === "column") {
      const room = width - fixed - layout.gap;
      if (room >= Math.min(MIN_DETAIL, detailNatural)) return { layout, room: Math.min(room, detailNatural) };
    } else if (fixed <= width) return { layout, room: 0 };
  }
  return { layout: LAYOUTS[LAYOUTS.length - 1] as Layout, room: 0 };
}

/** Below this width, a table says no usual range (the detail keeps the room). */
export const NARROW = 60;

/** The detail, then what past runs say of the resource: `creating · usually 6m–8m`. */
function withExpectation(detail: string, text: string | null): string {
  if (text === null) return detail;
  return detail === "" ? text : `${detail} · ${text}`;
}

/** A detail in `room` cells: whole and wrapped, or cut with `…`. */
function fitDetail(row: Row, room: number, ascii: boolean): string {
  return row.whole ? wrap(row.detail, room) : truncate(row.detail, room, ascii);
}

/** The header line and one row per resource: name, state, started, ended, duration, detail. */
export function renderStatusTable(s: BlockchainStatus, o: TableOptions): string {
  const clocks = clockCells(
    s.resources.flatMap((r) => [r.startMs, r.endMs]),
    o.now,
    o.timeZone,
  );
  const header = renderHeader(s, o, clocks.day);
  if (s.resources.length === 0) {
    const note = o.chalk.dim("the API reported no resources yet");
    return `${header}\n${o.width === undefined ? `  ${note}` : wrap(`  ${note}`, o.width, 2)}\n`;
  }
  const waited = new Set(o.waitedFor ?? []);
  const marked = s.resources.some((r) => waited.has(r.name));
  const mark = o.ascii ? ">" : "▸";
  // Below NARROW cells the usual range goes first, before the detail is cut (a longer-than-usual note stays, short).
  const narrow = o.width !== undefined && o.width < NARROW;
  const expected = (r: Resource): string | null => {
    if (r.endMs !== null || r.status === "finished" || r.status === "failed") return null;
    const text = expectationText(r, s.expected, o.now, o.ascii);
    if (text === null || !narrow) return text;
    return text.startsWith("usually") ? null : "longer than usual";
  };
  const rows: Row[] = s.resources.map((r, i) => {
    const e = elapsedOf(r, o.now);
    const duration = e === null ? "-" : `${formatDuration(e.ms)}${e.running ? (o.ascii ? "..." : "…") : ""}`;
    return {
      cells: {
        name: marked ? `${waited.has(r.name) ? mark : " "} ${r.name}` : r.name,
        state: formatState(r.status, o.chalk, o.ascii),
        started: clocks.cells[2 * i] ?? "-",
        ended: clocks.cells[2 * i + 1] ?? "-",
        duration,
      },
      // Cap first (cost bounded by what is shown), then clean (idempotent: normalize cleaned it already).
      detail: withExpectation(sanitize(capForPeople(r.detail, { ascii: o.ascii })).trim(), expected(r)),
      whole: o.wide === true || r.status === "failed",
    };
  });
  const { layout, room } = chooseLayout(rows, o.width);
  const below = layout.detail === "below";
  // cli-table3 draws the fixed columns; the detail, the last column, is put after them here. cli-table3 pads
  // and aligns by cell width (string-width), and each time it draws a cell it also cuts the cell's text to 10
  // cells for a debug line, one character at a time, measuring the rest again: for a detail of 2,000 characters
  // that are not plain ASCII that was a quarter of a second per table, or seconds for a watch. A detail is fitted
  // before it gets here (its own wrap leaves a word wider than the column to its truncation, which drops words
  // and can split an emoji's surrogate pair), one row per line of it, the other cells empty: drawn without
  // borders that is the same table.
  const table = new Table({
    head: layout.cols.map((c) => o.chalk.bold(HEAD[c])),
    chars: { ...NO_BORDERS, middle: " ".repeat(layout.gap) },
    style: { head: [], border: [], "padding-left": 0, "padding-right": 0, compact: true },
  });
  /** The detail line that follows each drawn line of the table (the header's first). */
  const details: string[] = [below ? "" : o.chalk.bold(HEAD.detail)];
  for (const row of rows) {
    const cells = layout.cols.map((c) => row.cells[c]);
    if (below) {
      table.push(cells);
      details.push("");
      continue;
    }
    const [first = "", ...more] = (o.width === undefined ? row.detail : fitDetail(row, room, o.ascii)).split("\n");
    table.push(cells);
    details.push(first);
    for (const line of more) {
      table.push(cells.map(() => ""));
      details.push(line);
    }
  }
  const pad = " ".repeat(layout.indent);
  const gap = " ".repeat(layout.gap);
  const drawn = table
    .toString()
    .split("\n")
    .map((line, i) => `${pad}${(details[i] ? `${line}${gap}${details[i]}` : line).trimEnd()}`);
  let lines = drawn;
  if (below) {
    // One line per row (the columns fit), each followed by its detail.
    const width = o.width ?? Number.POSITIVE_INFINITY;
    const under = " ".repeat(BELOW_INDENT);
    lines = [drawn[0] ?? ""];
    rows.forEach((row, i) => {
      lines.push(drawn[i + 1] ?? "");
      if (row.detail !== "")
        lines.push(
          ...fitDetail(row, width - BELOW_INDENT, o.ascii)
            .split("\n")
            .map((l) => `${under}${l}`),
        );
    });
  }
  // Past every layout (a width near 20, a status hundreds of characters long): wrap what is still too wide.
  if (o.width !== undefined) {
    const w = o.width;
    lines = lines.flatMap((l) => (cellWidth(l) <= w ? [l] : wrap(l, w, layout.indent + 2).split("\n")));
  }
  if (marked) lines.push(`${" ".repeat(layout.indent)}${o.chalk.dim(`${mark} waited for (--for)`)}`);
  return `${header}\n${lines.join("\n")}\n`;
}

/** A failed query in table form: the message (already cleaned and capped where it was made) is capped again as a guard, and wrapped, never cut. */
export function renderFailure(f: QueryFailure, o: Pick<TableOptions, "chalk" | "ascii"> & { width?: number | undefined }): string {
  const mark = o.chalk.red(o.ascii ? "x" : "✗");
  const message = sanitize(capForPeople(f.message, { max: LINE_MAX, ascii: o.ascii }));
  const state = `${mark} ${o.chalk.red("error")}`;
  return `${wrapParts([...whose(f, state, o), state, message], SEP, o.width, 2)}\n`;
}
