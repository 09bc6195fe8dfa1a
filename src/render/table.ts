import type { ChalkInstance } from "chalk";
import Table from "cli-table3";
import type { BlockchainStatus, QueryFailure } from "../status/model.js";
import { elapsedOf, finishedCount, overallElapsed } from "../status/summary.js";
import { formatDuration } from "../util/duration.js";
import { capForPeople, LINE_MAX } from "./cap.js";
import { sanitize } from "./sanitize.js";
import { formatState } from "./states.js";
import { formatClock } from "./time-format.js";

export interface TableOptions {
  chalk: ChalkInstance;
  /** Terminal width; the detail column is wrapped to fit. Undefined: no limit. */
  width: number | undefined;
  ascii: boolean;
  now: number;
  timeZone?: string;
}

/** `bc-1  ● deploying  5/8 finished  elapsed 3m05s` */
export function renderHeader(s: BlockchainStatus, o: TableOptions): string {
  const { finished, total } = finishedCount(s);
  const elapsed = overallElapsed(s, o.now);
  const parts = [o.chalk.bold(s.blockchain_id), formatState(s.overall, o.chalk, o.ascii), `${finished}/${total} finished`];
  if (elapsed !== null) parts.push(`elapsed ${formatDuration(elapsed)}`);
  return parts.join("  ");
}

const NO_BORDERS = {
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
  middle: "  ",
};

/** The header line and one row per resource: name, state, started, ended, duration, detail. */
export function renderStatusTable(s: BlockchainStatus, o: TableOptions): string {
  const header = renderHeader(s, o);
  if (s.resources.length === 0) return `${header}\n  ${o.chalk.dim("the API reported no resources yet")}\n`;
  const rows = s.resources.map((r) => {
    const e = elapsedOf(r, o.now);
    const duration = e === null ? "-" : `${formatDuration(e.ms)}${e.running ? (o.ascii ? "..." : "…") : ""}`;
    return [
      r.name,
      formatState(r.status, o.chalk, o.ascii),
      formatClock(r.startMs, o.now, o.timeZone),
      formatClock(r.endMs, o.now, o.timeZone),
      duration,
      // Cap first (cost bounded by what is shown), then clean (idempotent: normalize cleaned it already).
      sanitize(capForPeople(r.detail, { ascii: o.ascii })),
    ];
  });
  const head = ["RESOURCE", "STATE", "STARTED", "ENDED", "DURATION", "DETAIL"].map((h) => o.chalk.bold(h));
  if (o.width !== undefined) {
    // On a terminal the detail is cut to the width left over, so rows never wrap.
    const used = [0, 1, 2, 3, 4].reduce((sum, i) => sum + Math.max(...[head, ...rows].map((r) => visibleLength(r[i] ?? ""))) + 2, 2);
    const room = Math.max(12, o.width - used);
    for (const row of rows) row[5] = truncate(row[5] ?? "", room, o.ascii);
  }
  const table = new Table({
    head,
    chars: NO_BORDERS,
    style: { head: [], border: [], "padding-left": 0, "padding-right": 0, compact: true },
  });
  for (const row of rows) table.push(row);
  const body = table
    .toString()
    .split("\n")
    .map((line) => `  ${line.trimEnd()}`)
    .join("\n");
  return `${header}\n${body}\n`;
}

/** A failed query in table form: one line; the message (already cleaned and capped where it was made) is capped again as a guard. */
export function renderFailure(f: QueryFailure, o: Pick<TableOptions, "chalk" | "ascii">): string {
  const mark = o.chalk.red(o.ascii ? "x" : "✗");
  return `${o.chalk.bold(f.blockchain_id)}  ${mark} ${o.chalk.red("error")}  ${sanitize(capForPeople(f.message, { max: LINE_MAX, ascii: o.ascii }))}\n`;
}

const ANSI = /\u001b\[[0-9;]*m/g;
function visibleLength(s: string): number {
  return [...s.replace(ANSI, "")].length;
}

function truncate(text: string, room: number, ascii: boolean): string {
  const chars = [...text];
  if (chars.length <= room) return text;
  return ascii ? `${chars.slice(0, room - 3).join("")}...` : `${chars.slice(0, room - 1).join("")}…`;
}
