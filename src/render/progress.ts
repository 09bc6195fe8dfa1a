import type { ChalkInstance } from "chalk";
import type { BlockchainStatus, Expectations, Resource } from "../status/model.js";
import { deploymentAge, elapsedOf, finishedCount } from "../status/summary.js";
import type { Transition } from "../status/transitions.js";
import { capForPeople, WORD_MAX } from "../util/cap.js";
import { formatDuration } from "../util/duration.js";
import { expectationText, longerText, usualRange } from "./expected.js";
import { cellWidth, truncate, wrapParts } from "./fit.js";
import { shortLabel, shownName } from "./names.js";
import { sanitize } from "./sanitize.js";
import { formatState } from "./states.js";
import { formatClock } from "./time-format.js";

export interface LineLook {
  chalk: ChalkInstance;
  ascii: boolean;
  now: number;
  timeZone?: string;
  /** Cells a line may take (util/width.ts); undefined: lines are not cut. Lines that stay wrap, indented. */
  width?: number | undefined;
  /** With several ids, the cells of the longest label: labels are padded to it so that the lines of a watch align. */
  idWidth?: number;
  /** A watch of one blockchain: its change lines carry no id (its first line names it once). */
  single?: boolean;
  /** What past runs say of the blockchain's resources (history/). */
  expected?: Expectations | undefined;
}

/** Below this width, a line says no usual range. */
const NARROW = 60;

export { wrapDiagnostic } from "./fit.js";

/**
 * `18:25:53  bc-1  cce.cluster  deploying → finished  1m05s`, and a failure's
 * detail whole; wrapped between its parts (continuations indented) when it is
 * wider than `o.width`.
 */
export function renderTransition(t: Transition, o: LineLook): string {
  const arrow = o.ascii ? "->" : "→";
  const from =
    t.from === null
      ? ""
      : `${o.chalk.dim(sanitize(capForPeople(t.from, { max: WORD_MAX, ascii: o.ascii })).trim() || "unknown")} ${arrow} `;
  const change = `${from}${formatState(t.to, o.chalk, o.ascii)}`;
  const duration = t.duration_ms !== null && (t.to === "finished" || t.to === "failed") ? formatDuration(t.duration_ms) : "";
  // Names padded so that lines align, unless the padding alone would wrap the line. One blockchain: no label at all.
  const label = o.single ? "" : shortLabel(t, o.ascii);
  const id = (pad: boolean) => (pad && o.idWidth && label ? padCells(label, o.idWidth) : label);
  const line = (pad: boolean) => [
    o.chalk.dim(formatClock(t.at, o.now, o.timeZone)),
    id(pad),
    pad ? t.resource.padEnd(18) : t.resource,
    change,
    duration,
  ];
  let parts = line(true);
  if (o.width !== undefined && cellWidth(parts.filter(Boolean).join("  ")) > o.width) parts = line(false);
  const usual = o.expected?.resources.get(t.resource);
  if (usual && t.to === "deploying" && (o.width === undefined || o.width >= NARROW))
    parts.push(o.chalk.dim(`usually ${usualRange(usual, o.ascii)}`));
  if (t.to === "failed" && t.detail) parts.push(o.chalk.red(sanitize(capForPeople(t.detail, { ascii: o.ascii }))));
  return wrapParts(parts, "  ", o.width, 2);
}

/** Text padded with spaces to `cells` terminal cells (ids may hold wide characters). */
export function padCells(text: string, cells: number): string {
  return text + " ".repeat(Math.max(0, cells - cellWidth(text)));
}

/**
 * The longest-running unfinished resource, as `cce.cluster deploying 1m12s`, as
 * of the answer, with what past runs say of it (`usually 6m–8m`) when the
 * history knows.
 */
function slowest(s: BlockchainStatus, ascii: boolean): string | null {
  let best: { r: Resource; ms: number } | null = null;
  for (const r of s.resources) {
    if (r.status !== "deploying") continue;
    const e = elapsedOf(r, s.checkedAt);
    if (e && (!best || e.ms > best.ms)) best = { r, ms: e.ms };
  }
  if (!best) return null;
  const usual = expectationText(best.r, s.expected, s.checkedAt, ascii);
  return `${best.r.name} deploying ${formatDuration(best.ms)}${usual ? ` (${usual})` : ""}`;
}

/** The separator of summary parts: a middle dot, or a hyphen with --ascii / a non-UTF-8 locale. */
export function dot(ascii = false): string {
  return ascii ? " - " : " · ";
}

/**
 * `deploying · 5/8 finished · cce.cluster deploying 1m12s · elapsed 3m05s` for
 * one blockchain, as of its answer: "elapsed" is the deployment's age
 * (status/summary.ts), the figure of the table's header.
 */
export function summarize(s: BlockchainStatus, ascii = false): string {
  const { finished, total } = finishedCount(s);
  const age = deploymentAge(s);
  return [s.overall, `${finished}/${total} finished`, slowest(s, ascii), age === null ? null : `elapsed ${formatDuration(age)}`]
    .filter(Boolean)
    .join(dot(ascii));
}

/** Cells ora's frame and its space take before the spinner's text. */
const SPINNER_FRAME = 2;

/**
 * The spinner's text: each id's summary (prefixed by its id when there are
 * several), then how long the watch itself has run, labelled `watching`. One
 * line that never wraps (a wrapped line breaks the redraw): cut with `…` to
 * the width.
 */
export function spinnerText(
  items: ReadonlyArray<{ id: string; status: BlockchainStatus | null; note?: string }>,
  now: number,
  startedAt: number,
  ascii = false,
  width?: number,
): string {
  const one = items.length === 1;
  const parts = items.map(({ id, status, note }) => {
    const text = status ? summarize(status, ascii) : "waiting for the first answer";
    return `${one ? "" : `${id}: `}${text}${note ? ` (${note})` : ""}`;
  });
  const text = `${parts.join(dot(ascii))}${dot(ascii)}watching ${formatDuration(now - startedAt)}`;
  return width === undefined ? text : truncate(text, width - SPINNER_FRAME, ascii);
}

/**
 * The first answer of a watch: `18:24:48  bc-1  deploying · 3/8 finished · …`,
 * with the name first for a named blockchain (`marbles  b268e1ca-…`): the line
 * that names the blockchain, whatever the lines after it leave out.
 */
export function renderFirstState(s: BlockchainStatus, o: LineLook): string {
  const name = shownName(s.name, o.ascii);
  return wrapParts(
    [o.chalk.dim(formatClock(s.checkedAt, o.now, o.timeZone)), name, s.blockchain_id, summarize(s, o.ascii)],
    "  ",
    o.width,
    2,
  );
}

/** In CI, after minutes without a change: `18:30:00  still deploying · bc-1: deploying · 5/8 finished · … · watching 9m05s` */
export function renderHeartbeat(
  pending: ReadonlyArray<{ id: string; name?: string | undefined; status: BlockchainStatus | null }>,
  startedAt: number,
  o: LineLook,
): string {
  const each = pending.map(
    ({ id, name, status }) =>
      `${shortLabel({ blockchain_id: id, name }, o.ascii)}: ${status ? summarize(status, o.ascii) : "no answer yet"}`,
  );
  const parts = [
    `${o.chalk.dim(formatClock(o.now, o.now, o.timeZone))}  still deploying`,
    ...each,
    `watching ${formatDuration(o.now - startedAt)}`,
  ];
  return wrapParts(parts, dot(o.ascii), o.width, 2);
}

/** Once a resource has run past the 90th percentile: `18:31:02  bc-1  cce.cluster  longer than usual (90% took ≤ 7m)`. */
export function renderLongerThanUsual(s: BlockchainStatus, resource: string, o: LineLook): string | null {
  const usual = s.expected?.resources.get(resource);
  if (!usual) return null;
  return wrapParts(
    [o.chalk.dim(formatClock(s.checkedAt, o.now, o.timeZone)), s.blockchain_id, resource, o.chalk.yellow(longerText(usual, o.ascii))],
    "  ",
    o.width,
    2,
  );
}
