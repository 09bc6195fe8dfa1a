import Table from "cli-table3";
import type { HistoryRow } from "../history/summary.js";
import { capForPeople, WORD_MAX } from "../util/cap.js";
import { formatDuration } from "../util/duration.js";
import { truncate } from "./fit.js";
import { sanitize } from "./sanitize.js";
import { NO_BORDERS } from "./table.js";
import { formatClock } from "./time-format.js";

export interface HistoryTableOptions {
  /** Cells a line may take; undefined: not cut. */
  width: number | undefined;
  ascii: boolean;
  now: number;
  timeZone?: string;
}

const HEAD = ["REGION", "RESOURCE", "SAMPLES", "P25", "P50", "P75", "P90", "LAST SEEN"];

/** `bcs-status history`: one row per region and resource. The file is ours but may have been edited: its text is cleaned and capped. */
export function renderHistoryTable(rows: readonly HistoryRow[], o: HistoryTableOptions): string {
  const show = (text: string) => sanitize(capForPeople(text, { max: WORD_MAX, ascii: o.ascii })) || "-";
  const ms = (v: number | undefined) => (v === undefined ? "-" : formatDuration(v));
  const table = new Table({
    head: HEAD,
    chars: NO_BORDERS,
    style: { head: [], border: [], "padding-left": 0, "padding-right": 0, compact: true },
  });
  for (const r of rows) {
    const e = r.expected ?? undefined;
    table.push([
      show(r.region),
      show(r.resource),
      r.failed > 0 ? `${r.samples} (+${r.failed} failed)` : String(r.samples),
      ms(e?.p25),
      ms(e?.p50),
      ms(e?.p75),
      ms(e?.p90),
      formatClock(r.lastSeen, o.now, o.timeZone),
    ]);
  }
  const lines = table
    .toString()
    .split("\n")
    .map((l) => l.trimEnd());
  return `${lines.map((l) => (o.width === undefined ? l : truncate(l, o.width, o.ascii))).join("\n")}\n`;
}
