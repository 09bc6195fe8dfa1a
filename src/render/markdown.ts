/**
 * The Markdown summary (`$GITHUB_STEP_SUMMARY`, `--summary-file`): per blockchain
 * a heading with its overall state, a table of resources and a mermaid gantt
 * chart. Pure; server text is sanitised and escaped so it cannot break out of a
 * table cell, the chart or the code fence.
 */
import { type BlockchainStatus, isTerminal, type Resource } from "../status/model.js";
import { elapsedOf } from "../status/summary.js";
import { formatDuration } from "../util/duration.js";
import { sanitize } from "./sanitize.js";
import { zoneFormatter } from "./time-format.js";
import { timelineSpan } from "./timeline.js";

export interface SummaryError {
  blockchain_id: string;
  error: { http_status: number | null; error_code: string | null; error_msg: string };
}

export type SummaryItem = BlockchainStatus | SummaryError;

export interface MarkdownOptions {
  /** Epoch ms: where running resources' bars and durations end. */
  now: number;
  /** IANA zone for the times shown; UTC when absent or unknown. */
  timeZone?: string;
}

const EMOJI: Record<string, string> = { finished: "✅", failed: "❌", deploying: "⏳", waiting: "🕓" };

function emoji(status: string): string {
  return EMOJI[status] ?? "❔";
}

/** Server text for running Markdown: one line, no control characters, Markdown punctuation escaped. */
export function escapeInline(text: string): string {
  return sanitize(text)
    .replace(/\s+/g, " ")
    .replace(/[\\`*_[\]<>|~&#!]/g, "\\$&")
    .trim();
}

/** Text for inside an inline code span: one line, no backticks. */
function code(text: string): string {
  return `\`${sanitize(text).replace(/`/g, "'")}\``;
}

/** Text for a mermaid task name or title: none of the characters its grammar gives meaning to. */
export function mermaidText(text: string): string {
  const cleaned = sanitize(text)
    .replace(/[:;#%`{}]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return cleaned === "" ? "resource" : cleaned;
}

interface Clock {
  zone: string;
  /** `YYYY-MM-DD HH:mm:ss`, or with `.SSS` when precise. */
  format(ms: number, precise?: boolean): string;
}

function clock(timeZone: string | undefined): Clock {
  const f = zoneFormatter(timeZone ?? "UTC");
  return {
    zone: f.zone,
    format(ms, precise = false) {
      const p = f.parts(ms);
      return precise ? `${p.day} ${p.clock}.${p.millis}` : `${p.day} ${p.clock}`;
    },
  };
}

function isError(item: SummaryItem): item is SummaryError {
  return "error" in item;
}

/** The same elapsed time as the terminal table's: a duration, or "so far" while the resource deploys. */
function durationCell(r: Resource, now: number): string {
  const e = elapsedOf(r, now);
  if (e === null) return "—";
  return e.running ? `${formatDuration(e.ms)} so far` : formatDuration(e.ms);
}

function table(status: BlockchainStatus, c: Clock, now: number): string[] {
  const time = (ms: number | null) => (ms === null ? "—" : c.format(ms));
  const rows = status.resources.map((r) => {
    const state = `${emoji(r.status)} ${escapeInline(r.status === "" ? "unknown" : r.status)}`;
    const cells = [code(r.name), state, time(r.startMs), time(r.endMs), durationCell(r, now), escapeInline(r.detail)];
    return `| ${cells.join(" | ")} |`;
  });
  return [
    `| Resource | State | Started (${c.zone}) | Ended (${c.zone}) | Duration | Detail |`,
    "| --- | --- | --- | --- | --- | --- |",
    ...rows,
  ];
}

const TAGS: Record<string, string> = { finished: "done, ", deploying: "active, ", failed: "crit, " };

/** One task per resource that started; a running one (or a failed one without an end) reaches now. */
function gantt(status: BlockchainStatus, c: Clock, now: number): string[] {
  const span = timelineSpan(status, now);
  const tasks = status.resources.flatMap((r, i) => {
    if (r.startMs === null) return [];
    const end = r.endMs ?? (r.status === "finished" ? r.startMs : Math.max(r.startMs, now));
    return [
      `  ${mermaidText(r.name)} :${TAGS[r.status] ?? ""}r${i}, ${c.format(r.startMs, true)}, ${c.format(Math.max(end, r.startMs), true)}`,
    ];
  });
  if (tasks.length === 0) return ["_No resource has started yet._"];
  const axis = span && span.end - span.start >= 3_600_000 ? "%H:%M" : "%H:%M:%S";
  return ["```mermaid", "gantt", "  dateFormat YYYY-MM-DD HH:mm:ss.SSS", `  axisFormat ${axis}`, "  todayMarker off", ...tasks, "```"];
}

function statusSection(status: BlockchainStatus, c: Clock, now: number): string[] {
  const total = status.resources.length;
  const done = status.resources.filter((r) => r.status === "finished").length;
  const span = timelineSpan(status, now);
  const facts = [`${done} of ${total} resources finished`];
  if (span)
    facts.push(
      isTerminal(status.overall) ? `took ${formatDuration(span.end - span.start)}` : `${formatDuration(span.end - span.start)} so far`,
    );
  facts.push(`checked ${c.format(status.checkedAt)} ${c.zone}`);
  const body = total === 0 ? ["_The service reported no resources._"] : [...table(status, c, now), "", ...gantt(status, c, now)];
  return [`### ${emoji(status.overall)} ${code(status.blockchain_id)}: ${status.overall}`, "", facts.join(" · "), "", ...body];
}

function errorSection(item: SummaryError): string[] {
  const { http_status, error_code, error_msg } = item.error;
  const facts = [http_status === null ? "network error" : `HTTP ${http_status}`];
  if (error_code) facts.push(code(error_code));
  const msg = escapeInline(error_msg);
  if (msg) facts.push(msg);
  return [`### ⚠️ ${code(item.blockchain_id)}: query failed`, "", facts.join(" · ")];
}

export function renderMarkdownSummary(items: SummaryItem[], opts: MarkdownOptions): string {
  const c = clock(opts.timeZone);
  const sections = items.map((item) => (isError(item) ? errorSection(item) : statusSection(item, c, opts.now)).join("\n"));
  return `${["## BCS creation status", ...sections].join("\n\n")}\n`;
}
