/**
 * The time axis of the timeline: a round tick step that fits the bar area, and
 * the two lines that draw it (labels above, a ruled line with ticks below).
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
const ROUND_STEPS = [
  ...[1, 2, 5, 10, 15, 30].map((n) => n * SECOND),
  ...[1, 2, 5, 10, 15, 30].map((n) => n * MINUTE),
  ...[1, 2, 3, 6, 12, 24].map((n) => n * HOUR),
];

/** Blank cells wanted after a label before the next one starts. */
const LABEL_GAP = 3;

export function tickLabel(ms: number): string {
  return ms === 0 ? "0s" : formatDuration(ms);
}

function candidateSteps(spanMs: number): number[] {
  const steps = [...ROUND_STEPS];
  while ((steps[steps.length - 1] ?? SECOND) < spanMs) steps.push((steps[steps.length - 1] ?? SECOND) * 2);
  return steps.filter((s) => s <= spanMs);
}

/** A tick sits in the cell its instant falls in, as a bar's first cell does. */
export function cellOf(ms: number, span: number, cells: number): number {
  return Math.floor((ms * cells) / span + 1e-9);
}

function ticksFor(step: number, span: number, cells: number): Tick[] {
  const count = Math.floor(span / step);
  return Array.from({ length: count + 1 }, (_, k) => ({ col: cellOf(k * step, span, cells), label: tickLabel(k * step) }));
}

function labelsFit(ticks: Tick[]): boolean {
  return ticks.every((t, i) => i === 0 || t.col - (ticks[i - 1]?.col ?? 0) >= (ticks[i - 1]?.label.length ?? 0) + LABEL_GAP);
}

/**
 * The axis spans exactly the chart's time span (one second when that is zero, so
 * nothing divides by zero), with ticks at the finest round step whose labels fit.
 */
export function chooseAxis(spanMs: number, cells: number): Axis {
  const span = spanMs > 0 ? spanMs : SECOND;
  for (const step of candidateSteps(span)) {
    const ticks = ticksFor(step, span, cells);
    if (labelsFit(ticks)) return { span, ticks };
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
