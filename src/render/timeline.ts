/**
 * A Gantt chart of one blockchain's resources, for the terminal (`--timeline`).
 * Pure: everything it needs (colour, width, character set, the time) is passed in.
 *
 *            0s      15s     30s     45s     1m00s   1m15s
 *            ├───────┼───────┼───────┼───────┼───────┼───┤
 *   ◆ ✓ bcs           ███████████████████████████████████  1m04s
 *     ✓ eip  █                                                1s
 *     ✓ sfs  █████████                                       16s
 *   ◆ critical path (ends last): bcs · total 1m21s
 *
 * Columns: mark (2), state symbol (2), name, gap, bars, gap, duration. The name
 * and duration columns are sized to their content; the bars take the rest.
 */
import type { ChalkInstance } from "chalk";
import type { BlockchainStatus, Resource } from "../status/model.js";
import { deploymentSpan, instant, type Placement, placeOf } from "../status/summary.js";
import { formatDuration } from "../util/duration.js";
import { stateColor, stateSymbol } from "./states.js";
import { type Axis, axisLabels, axisRule, cellOf, chooseAxis } from "./timeline-axis.js";

export interface TimelineOptions {
  chalk: ChalkInstance;
  /** Display columns available; no line is longer. */
  width: number;
  /** Printable ASCII only. */
  ascii: boolean;
  /** Epoch ms: where bars of resources still running end. */
  now: number;
}

interface Glyphs {
  /** Partial cells by eighths: index 0 is empty; ASCII has no partial cells. */
  eighths: string[];
  full: string;
  noEnd: string;
  mark: string;
  ellipsis: string;
  dot: string;
}

const UNICODE: Glyphs = { eighths: ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"], full: "█", noEnd: "▏", mark: "◆", ellipsis: "…", dot: "·" };
const ASCII: Glyphs = { eighths: [""], full: "#", noEnd: "|", mark: ">", ellipsis: "~", dot: "-" };

/** Fewest bar cells we draw before shortening names; below MIN_CELLS, no chart. */
const WANT_CELLS = 10;
const MIN_CELLS = 2;
const MIN_NAME = 4;
/** Columns besides name, bars and duration: mark (2), state symbol (2), two gaps. */
const CHROME = 6;

/** Earliest start and latest end (now for running resources) over all resources; null when none started. */
export const timelineSpan = deploymentSpan;

/** Resources still running: started, no end time, neither finished nor failed. */
function runningOf(resources: readonly Resource[]): string[] {
  return resources
    .filter((r) => instant(r.startMs) !== null && instant(r.endMs) === null && r.status !== "finished" && r.status !== "failed")
    .map((r) => r.name);
}

/**
 * The resource that ended last (ties: the one that started first): the
 * critical path to completion. Only once nothing runs (a running resource may
 * yet end later), and only among resources with an end time.
 */
function criticalIndex(resources: readonly Resource[], places: Array<Placement | null>, running: readonly string[]): number {
  if (running.length > 0) return -1;
  let best = -1;
  places.forEach((p, i) => {
    const b = places[best];
    if (p?.end == null || instant(resources[i]?.endMs ?? null) === null) return;
    if (!b || b.end === null || p.end > b.end || (p.end === b.end && p.start < b.start)) best = i;
  });
  return best;
}

function durationLabel(r: Resource, p: Placement | null): string {
  if (!p) return "-";
  if (p.end === null) return "?";
  const given = instant(r.endMs) !== null && r.duration_ms !== null && Number.isFinite(r.duration_ms);
  return formatDuration(given ? (r.duration_ms as number) : p.end - p.start);
}

/** `text` in at most `width` characters; reads no further into it than that, however long it is. */
function clip(text: string, width: number, g: Glyphs): string {
  if (text.length <= width) return text;
  const head: string[] = [];
  for (const ch of text) {
    if (head.length > width) break;
    head.push(ch);
  }
  if (head.length <= width) return text;
  return width <= 0 ? "" : `${head.slice(0, width - 1).join("")}${g.ellipsis}`;
}

interface Layout {
  nameW: number;
  durW: number;
  cells: number;
}

function layout(width: number, names: string[], durs: string[]): Layout | null {
  const durW = Math.max(6, ...durs.map((d) => d.length));
  let nameW = Math.max(MIN_NAME, ...names.map((n) => n.length));
  if (width - CHROME - durW - nameW < WANT_CELLS) nameW = Math.max(MIN_NAME, width - CHROME - durW - WANT_CELLS);
  const cells = width - CHROME - durW - nameW;
  return cells < MIN_CELLS ? null : { nameW, durW, cells };
}

/** `text`, dimmed, in exactly `cells` columns. */
function note(text: string, cells: number, o: TimelineOptions, g: Glyphs): string {
  const shown = clip(text, cells, g);
  return o.chalk.dim(shown) + " ".repeat(Math.max(0, cells - [...shown].length));
}

/** The bar area of one row: exactly `cells` columns. */
function barArea(r: Resource, p: Placement | null, t0: number, axis: Axis, cells: number, o: TimelineOptions, g: Glyphs): string {
  if (!p) return note(r.status === "waiting" ? "waiting" : "no start time", cells, o, g);
  const paint = o.chalk[stateColor(r.status)];
  const at = (t: number) => ((t - t0) * cells) / axis.span;
  const first = Math.min(cells - 1, cellOf(p.start - t0, axis.span, cells));
  if (p.end === null) return " ".repeat(first) + paint(g.noEnd) + note(" no end time", cells - first - 1, o, g);
  // Sub-cell precision in eighths (Unicode) or whole cells (ASCII); never less than one cell.
  const res = g.eighths.length;
  const units = Math.min((cells - first) * res, Math.max(res, Math.round((at(p.end) - first) * res)));
  const bar = g.full.repeat(Math.floor(units / res)) + (g.eighths[units % res] ?? "");
  return " ".repeat(first) + paint(bar) + " ".repeat(cells - first - Math.ceil(units / res));
}

export function renderTimeline(status: BlockchainStatus, opts: TimelineOptions): string {
  const g = opts.ascii ? ASCII : UNICODE;
  const { chalk, width, now } = opts;
  const resources = status.resources;
  if (resources.length === 0) return clip("No resources to draw yet.", width, g);
  const places = resources.map((r) => placeOf(r, now));
  const durs = resources.map((r, i) => durationLabel(r, places[i] ?? null));
  const box = layout(
    width,
    resources.map((r) => r.name),
    durs,
  );
  if (!box) return clip(`Timeline needs ${CHROME + MIN_NAME + MIN_CELLS + 6} columns.`, width, g);
  const { nameW, durW, cells } = box;
  const span = timelineSpan(status, now);
  // Nothing has started: there is no time to draw, only rows of "waiting" without an axis.
  if (!span) return "";
  const axis = chooseAxis(span.end - span.start, cells);
  const t0 = span.start;
  const running = runningOf(resources);
  const critical = criticalIndex(resources, places, running);
  const indent = " ".repeat(CHROME - 1 + nameW);

  const lines: string[] = [];
  lines.push(`${indent}${axisLabels(axis, cells + 1 + durW)}`.trimEnd());
  lines.push(`${indent}${chalk.dim(axisRule(axis, cells, opts.ascii))}`);
  resources.forEach((r, i) => {
    const p = places[i] ?? null;
    const mark = i === critical ? `${chalk.bold(g.mark)} ` : "  ";
    const symbol = chalk[stateColor(r.status)](stateSymbol(r.status, opts.ascii));
    const name = clip(r.name, nameW, g).padEnd(nameW);
    const dur = (durs[i] ?? "").padStart(durW);
    lines.push(`${mark}${symbol} ${name} ${barArea(r, p, t0, axis, cells, opts, g)} ${dur}`);
  });
  lines.push(legend(critical >= 0 ? resources[critical]?.name : undefined, running, span.end - span.start, opts, g));
  return lines.join("\n");
}

/**
 * The mark's meaning and the total time (the deployment's age: status/summary.ts),
 * or while resources run, which ones; shortened until it fits.
 */
function legend(critical: string | undefined, running: readonly string[], spanMs: number, o: TimelineOptions, g: Glyphs): string {
  const total = `total ${formatDuration(spanMs)}`;
  if (running.length > 0) {
    const first = running[0] as string;
    const more = running.length > 1 ? ` +${running.length - 1} more` : "";
    const texts = [
      `still running: ${running.join(", ")} ${g.dot} ${total} so far`,
      `still running: ${running.join(", ")}`,
      `still running: ${first}${more}`,
    ];
    return o.chalk.dim(texts.find((t) => t.length <= o.width) ?? clip(texts[2] ?? "", o.width, g));
  }
  if (critical === undefined) return o.chalk.dim(clip(total, o.width, g));
  const texts = [
    `critical path (ends last): ${critical} ${g.dot} ${total}`,
    `critical path: ${critical} ${g.dot} ${total}`,
    `critical path: ${critical}`,
  ];
  const text = texts.find((t) => t.length + 2 <= o.width) ?? clip(texts[2] ?? "", o.width - 2, g);
  return `${o.chalk.bold(g.mark)} ${o.chalk.dim(text)}`;
}
