/**
 * The Markdown summary (`$GITHUB_STEP_SUMMARY`, `--summary-file`): per blockchain
 * a heading with its overall state, a table of resources and a mermaid gantt
 * chart. Pure; server text is capped, sanitised and escaped so it cannot break
 * out of a table cell, the chart or the code fence, and the whole summary is
 * kept under GitHub's 1 MiB step-summary limit.
 */
import { type BlockchainStatus, isTerminal, type Resource } from "../status/model.js";
import { deploymentAge, deploymentSpan, elapsedOf } from "../status/summary.js";
import { capForPeople, groupDigits, WORD_MAX } from "../util/cap.js";
import { formatDuration } from "../util/duration.js";
import { sanitize } from "./sanitize.js";
import { zoneFormatter } from "./time-format.js";

export interface SummaryError {
  blockchain_id: string;
  error: { http_status: number | null; error_code: string | null; error_msg: string };
}

export type SummaryItem = BlockchainStatus | SummaryError;

export interface MarkdownOptions {
  /**
   * When the summary is written. Not used for elapsed times: each status's own
   * time (checked_at) is its "now", as in the terminal's table and timeline, so
   * the same answer gives the same figures (SPEC "Elapsed").
   */
  now?: number;
  /** IANA zone for the times shown; UTC when absent or unknown. */
  timeZone?: string;
  /** UTF-8 bytes the summary may take, its newline included; SUMMARY_BUDGET when absent. */
  budgetBytes?: number;
}

/** GitHub refuses a step summary over 1 MiB (1,048,576 bytes); this leaves room for what else a job appends. */
export const SUMMARY_BUDGET = 1_000_000;

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
    const state = `${emoji(r.status)} ${escapeInline(r.status === "" ? "unknown" : capForPeople(r.status, { max: WORD_MAX }))}`;
    const cells = [code(r.name), state, time(r.startMs), time(r.endMs), durationCell(r, now), escapeInline(capForPeople(r.detail))];
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
  const span = deploymentSpan(status, now);
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
  const age = deploymentAge(status);
  const facts = [`${done} of ${total} resources finished`];
  if (age !== null) facts.push(isTerminal(status.overall) ? `took ${formatDuration(age)}` : `${formatDuration(age)} so far`);
  facts.push(`checked ${c.format(status.checkedAt)} ${c.zone}`);
  const body = total === 0 ? ["_The service reported no resources._"] : [...table(status, c, now), "", ...gantt(status, c, now)];
  return [`### ${emoji(status.overall)} ${code(status.blockchain_id)}: ${status.overall}`, "", facts.join(" · "), "", ...body];
}

function errorSection(item: SummaryError): string[] {
  const { http_status, error_code, error_msg } = item.error;
  const facts = [http_status === null ? "network error" : `HTTP ${http_status}`];
  if (error_code) facts.push(code(capForPeople(error_code, { max: WORD_MAX })));
  const msg = escapeInline(capForPeople(error_msg));
  if (msg) facts.push(msg);
  return [`### ⚠️ ${code(item.blockchain_id)}: query failed`, "", facts.join(" · ")];
}

export function renderMarkdownSummary(items: SummaryItem[], opts: MarkdownOptions): string {
  const c = clock(opts.timeZone);
  const lines = ["## BCS creation status"];
  for (const item of items) lines.push("", ...(isError(item) ? errorSection(item) : statusSection(item, c, item.checkedAt)));
  return `${fitBudget(lines, opts.budgetBytes ?? SUMMARY_BUDGET).join("\n")}\n`;
}

const FENCE = /^```/;
const SECTION = /^### /;
/** Bytes kept free for the closing note. */
const NOTE_ROOM = 400;

/**
 * The summary's lines, cut at a line boundary when they would take more than
 * `budget` UTF-8 bytes, then a note of how much was left out. A cut never
 * falls inside a code fence (a partial mermaid chart would not render): the
 * whole chart goes. Every line is bounded (server text is capped), so this is
 * linear in the summary's size.
 */
function fitBudget(lines: string[], budget: number): string[] {
  const sizes = lines.map((line) => Buffer.byteLength(line, "utf8") + 1);
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total <= budget) return lines;
  const room = Math.max(0, budget - NOTE_ROOM);
  let used = 0;
  let cut = 0;
  let fenceAt = -1;
  for (; cut < lines.length; cut++) {
    const size = sizes[cut] ?? 0;
    if (used + size > room) break;
    used += size;
    if (FENCE.test(lines[cut] ?? "")) fenceAt = fenceAt === -1 ? cut : -1;
  }
  if (fenceAt !== -1) cut = fenceAt;
  while (cut > 1 && lines[cut - 1] === "") cut--;
  const kept = lines.slice(0, cut);
  const rest = lines.slice(cut);
  const leftBytes = total - sizes.slice(0, cut).reduce((a, b) => a + b, 0);
  const sections = lines.filter((l) => SECTION.test(l)).length;
  const unseen = rest.filter((l) => SECTION.test(l)).length;
  const partial = rest.length > 0 && !SECTION.test(rest.find((l) => l !== "") ?? "### ");
  const what = [`${groupDigits(leftBytes)} bytes left out`];
  if (unseen > 0) what.push(`${groupDigits(unseen)} of ${groupDigits(sections)} blockchains not shown`);
  if (partial) what.push("the last one shown is cut short");
  return [...kept, "", `_… summary cut to stay under GitHub's 1 MiB step-summary limit: ${what.join("; ")}._`];
}
