import type { ChalkInstance } from "chalk";
import type { BlockchainStatus } from "../status/model.js";
import { elapsedOf, finishedCount } from "../status/summary.js";
import type { Transition } from "../status/transitions.js";
import { formatDuration } from "../util/duration.js";
import { capForPeople, WORD_MAX } from "./cap.js";
import { sanitize } from "./sanitize.js";
import { formatState } from "./states.js";
import { formatClock } from "./time-format.js";

export interface LineLook {
  chalk: ChalkInstance;
  ascii: boolean;
  now: number;
  timeZone?: string;
}

/** `18:25:53  bc-1  cce.cluster  deploying → finished  1m05s` */
export function renderTransition(t: Transition, o: LineLook): string {
  const arrow = o.ascii ? "->" : "→";
  const from =
    t.from === null
      ? ""
      : `${o.chalk.dim(sanitize(capForPeople(t.from, { max: WORD_MAX, ascii: o.ascii })).trim() || "unknown")} ${arrow} `;
  const parts = [
    o.chalk.dim(formatClock(t.at, o.now, o.timeZone)),
    t.blockchain_id,
    t.resource.padEnd(18),
    `${from}${formatState(t.to, o.chalk, o.ascii)}`,
  ];
  if (t.duration_ms !== null && (t.to === "finished" || t.to === "failed")) parts.push(formatDuration(t.duration_ms));
  if (t.to === "failed" && t.detail) parts.push(o.chalk.red(sanitize(capForPeople(t.detail, { ascii: o.ascii }))));
  return parts.join("  ");
}

/** The longest-running unfinished resource, as `cce.cluster deploying 1m12s`. */
function slowest(s: BlockchainStatus, now: number): string | null {
  let best: { name: string; ms: number } | null = null;
  for (const r of s.resources) {
    if (r.status !== "deploying") continue;
    const e = elapsedOf(r, now);
    if (e && (!best || e.ms > best.ms)) best = { name: r.name, ms: e.ms };
  }
  return best ? `${best.name} deploying ${formatDuration(best.ms)}` : null;
}

/** `deploying · 5/8 finished · cce.cluster deploying 1m12s` for one blockchain. */
/** The separator of summary parts: a middle dot, or a hyphen with --ascii / a non-UTF-8 locale. */
export function dot(ascii = false): string {
  return ascii ? " - " : " · ";
}

export function summarize(s: BlockchainStatus, now: number, ascii = false): string {
  const { finished, total } = finishedCount(s);
  return [s.overall, `${finished}/${total} finished`, slowest(s, now)].filter(Boolean).join(dot(ascii));
}

/** The spinner's text: each id's summary (prefixed by its id when there are several), then the watch's elapsed time. */
export function spinnerText(
  items: ReadonlyArray<{ id: string; status: BlockchainStatus | null; note?: string }>,
  now: number,
  startedAt: number,
  ascii = false,
): string {
  const one = items.length === 1;
  const parts = items.map(({ id, status, note }) => {
    const text = status ? summarize(status, now, ascii) : "waiting for the first answer";
    return `${one ? "" : `${id}: `}${text}${note ? ` (${note})` : ""}`;
  });
  return `${parts.join(dot(ascii))}${dot(ascii)}elapsed ${formatDuration(now - startedAt)}`;
}

/** The first answer of a watch: `18:24:48  bc-1  deploying · 3/8 finished · …` */
export function renderFirstState(s: BlockchainStatus, o: LineLook): string {
  return `${o.chalk.dim(formatClock(s.checkedAt, o.now, o.timeZone))}  ${s.blockchain_id}  ${summarize(s, o.now, o.ascii)}`;
}

/** In CI, after minutes without a change: `18:30:00  still deploying · bc-1: deploying · 5/8 finished · … · elapsed 9m05s` */
export function renderHeartbeat(
  pending: ReadonlyArray<{ id: string; status: BlockchainStatus | null }>,
  startedAt: number,
  o: LineLook,
): string {
  const each = pending.map(({ id, status }) => `${id}: ${status ? summarize(status, o.now, o.ascii) : "no answer yet"}`);
  return `${o.chalk.dim(formatClock(o.now, o.now, o.timeZone))}  still deploying${dot(o.ascii)}${each.join(dot(o.ascii))}${dot(o.ascii)}elapsed ${formatDuration(o.now - startedAt)}`;
}
