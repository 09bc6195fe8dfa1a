/**
 * The time axis of the timeline: a round tick step that fits the bar area, and
 * the two lines that draw it (labels above, a ruled line with ticks below).
 *
 * The work is bounded by the width, never by the span: the step is picked from a
 * fixed ladder (seconds up to years, then 1-2-5 multiples of years found by
 * arithmetic), starting at the first step whose ticks could fit at all, and each
 * try builds at most one tick per few cells. A span of 1970 to now, of year 1 to
 * 9999, or of Number.MAX_VALUE costs what a span of a minute does.
 */
import { formatDuration } from "../util/duration.js";

export interface Tick {
  /** Cell index in the axis line; a tick at the very end sits one past the bar area. */
  col: number;
  label: string;
}

export interface Axis {
  /** Milliseconds from the left edge to the right edge of the bar area. */
  span: number;
  ticks: Tick[];
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
/** The Gregorian average year (365.2425 days), and a twelfth of it: whole milliseconds both. */
const YEAR = 31_556_952_000;
const MONTH = YEAR / 12;

/**
 * A round step: `n` × 10^`exp` of `unit`; ticks are labelled in that unit (below
 * a day, as durations are written).
 */
interface Step {
  ms: number;
  n: number;
  exp: number;
  unit: "" | "d" | "w" | "mo" | "y";
}

const stepOf = (n: number, unit: Step["unit"], size: number): Step => ({ ms: n * size, n, exp: 0, unit });
const LADDER: readonly Step[] = [
  ...[1, 2, 5, 10, 15, 30].map((n) => stepOf(n, "", SECOND)),
  ...[1, 2, 5, 10, 15, 30].map((n) => stepOf(n, "", MINUTE)),
  ...[1, 2, 3, 6, 12].map((n) => stepOf(n, "", HOUR)),
  ...[1, 2].map((n) => stepOf(n, "d", DAY)),
  ...[1, 2].map((n) => stepOf(n, "w", WEEK)),
  ...[1, 2, 3, 6].map((n) => stepOf(n, "mo", MONTH)),
];
/** Past the ladder: 1, 2, 5, 10, 20, 50… years; index 0 is one year. */
const MANTISSAS = [1, 2, 5] as const;
function yearStep(i: number): Step {
  const exp = Math.floor(i / 3);
  const n = MANTISSAS[i % 3] ?? 1;
  return { ms: n * 10 ** exp * YEAR, n, exp, unit: "y" };
}

/** Blank cells wanted after a label before the next one starts. */
const LABEL_GAP = 3;
/** The shortest label ("0s", "1d") plus the gap: two ticks closer than this never fit. */
const MIN_PITCH = 2 + LABEL_GAP;
/** Steps tried after the first that could fit; each try is at most cells / MIN_PITCH ticks. */
const MAX_TRIES = 24;

export function tickLabel(ms: number): string {
  return ms === 0 ? "0s" : formatDuration(ms);
}

/** The k-th tick's value in the step's unit, short and exact from integers: `100y`, `3w`, `1.5e22y`. */
function unitLabel(k: number, step: Step): string {
  const digits = String(k * step.n);
  if (step.exp + digits.length <= 6) return `${digits}${"0".repeat(step.exp)}${step.unit}`;
  const rest = digits.slice(1).replace(/0+$/, "");
  return `${digits[0]}${rest ? `.${rest}` : ""}e${step.exp + digits.length - 1}${step.unit}`;
}

function labelOf(k: number, step: Step): string {
  if (k === 0) return "0s";
  return step.unit === "" ? tickLabel(k * step.ms) : unitLabel(k, step);
}

/** A tick sits in the cell its instant falls in, as a bar's first cell does. */
export function cellOf(ms: number, span: number, cells: number): number {
  const x = (ms * cells) / span;
  // ms × cells can overflow for absurd spans; the quotient first then (same cell up to rounding).
  return Math.floor((Number.isFinite(x) ? x : (ms / span) * cells) + 1e-9);
}

/** The ticks of one step, or null as soon as two labels would touch (at most cells / MIN_PITCH + 2 built). */
function ticksFor(step: Step, span: number, cells: number): Tick[] | null {
  const count = Math.floor(span / step.ms);
  if (count * MIN_PITCH > cells + MIN_PITCH) return null;
  const ticks: Tick[] = [];
  for (let k = 0; k <= count; k++) {
    const tick = { col: cellOf(k * step.ms, span, cells), label: labelOf(k, step) };
    const prev = ticks[ticks.length - 1];
    if (prev && tick.col - prev.col < prev.label.length + LABEL_GAP) return null;
    ticks.push(tick);
  }
  return ticks;
}

/** The index of the first step (ladder, then years) long enough that its ticks could be MIN_PITCH cells apart. */
function firstCandidate(span: number, cells: number): number {
  const least = (span * MIN_PITCH) / cells / 2;
  const inLadder = LADDER.findIndex((s) => s.ms >= least);
  if (inLadder >= 0) return inLadder;
  // log10 of the years needed, times three mantissas; one back for rounding.
  const years = least / YEAR;
  const i = Number.isFinite(years) ? Math.max(0, Math.floor(Math.log10(years)) * 3 - 1) : 0;
  return LADDER.length + i;
}

function stepAt(i: number): Step | undefined {
  return i < LADDER.length ? LADDER[i] : yearStep(i - LADDER.length);
}

/**
 * The axis spans exactly the chart's time span (one second when that is zero,
 * negative or not a number, so nothing divides by zero), with ticks at the
 * finest round step whose labels fit.
 */
export function chooseAxis(spanMs: number, cells: number): Axis {
  const span = Number.isFinite(spanMs) && spanMs > 0 ? spanMs : SECOND;
  const room = Number.isFinite(cells) && cells >= 1 ? Math.floor(cells) : 1;
  const first = firstCandidate(span, room);
  for (let i = first; i < first + MAX_TRIES; i++) {
    const step = stepAt(i);
    if (!step || !Number.isFinite(step.ms) || step.ms > span) break;
    const ticks = ticksFor(step, span, room);
    if (ticks) return { span, ticks };
  }
  return { span, ticks: [{ col: 0, label: "0s" }] };
}

/** The label line: each label starts at its tick; `room` is how many cells the line may use. */
export function axisLabels(axis: Axis, room: number): string {
  const line = Array.from({ length: room }, () => " ");
  for (const { col, label } of axis.ticks) {
    [...label].forEach((ch, i) => {
      if (col + i < room) line[col + i] = ch;
    });
  }
  return line.join("").trimEnd();
}

/**
 * The ruled line from the start (├) to the end (┤) of the span, ┼ at each tick:
 * `cells + 1` characters, or one fewer when the last tick falls in the last cell
 * (it then closes the line itself rather than sit beside the end mark).
 */
export function axisRule(axis: Axis, cells: number, ascii: boolean): string {
  const last = axis.ticks[axis.ticks.length - 1]?.col ?? 0;
  const end = last >= cells - 1 && last > 0 ? last : cells;
  const line: string[] = Array.from({ length: end + 1 }, () => (ascii ? "-" : "─"));
  for (const { col } of axis.ticks) line[col] = ascii ? "+" : "┼";
  line[0] = ascii ? "+" : "├";
  line[end] = ascii ? "+" : "┤";
  return line.join("");
}
