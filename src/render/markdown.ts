/**
 * The Markdown summary (`$GITHUB_STEP_SUMMARY`, `--summary-file`): per blockchain
 * a heading with its overall state, a table of resources and a mermaid gantt
 * chart. Pure; server text is capped, sanitised and escaped so it cannot break
 * out of a table cell, the chart or the code fence, and the whole summary is
 * kept under GitHub's 1 MiB step-summary limit.
 */
import { type BlockchainStatus, type Expectations, isTerminal, type Resource } from "../status/model.js";
import { deploymentAge, deploymentSpan, elapsedOf } from "../status/summary.js";
import { capForPeople, groupDigits, WORD_MAX } from "../util/cap.js";
import { formatDuration } from "../util/duration.js";
import { usualRange } from "./expected.js";
import { truncate } from "./fit.js";
import { shortLabel, shownName } from "./names.js";
import { sanitize } from "./sanitize.js";
import { zoneFormatter } from "./time-format.js";

export interface SummaryError {
  blockchain_id: string;
  name?: string;
  error: { http_status: number | null; error_code: string | null; error_msg: string };
}

export type SummaryItem = BlockchainStatus | SummaryError;

export interface MarkdownOptions {
  /**
   * When the summary is written. Not used for elapsed times: each status's own
   * time (checked_at) is its "now", as in the terminal's table and timeline, so
   * the same answer gives the same figures (docs/OUTPUT.md, elapsed time).
   */
  now?: number;
  /** IANA zone for the times shown; UTC when absent or unknown. */
  timeZone?: string;
  /** UTF-8 bytes the summary may take, its newline included; SUMMARY_BUDGET when absent. */
  budgetBytes?: number;
  /** A watch's ids that did not reach their end: stopped by fail fast, or caught by the timeout. */
  unfinished?: ReadonlyMap<string, "stopped" | "timeout">;
  /** How long the watch ran, for a timeout's verdict. */
  watchedMs?: number;
}

/** GitHub refuses a step summary over 1 MiB (1,048,576 bytes); this leaves room for what else a job appends. */
export const SUMMARY_BUDGET = 1_000_000;

const EMOJI: Record<string, string> = { finished: "✅", failed: "❌", deploying: "⏳", waiting: "🕓" };

function emoji(status: string): string {
  return EMOJI[status] ?? "❔";
}

/**
 * Server text for running Markdown: one line, no control characters, Markdown
 * punctuation escaped. GitHub also turns a bare URL, `www.` host or e-mail
 * address into a link (GFM's extended autolinks): an escaped `@`, `:` before
 * `/` and dot after `www` keep it plain text that reads the same.
 */
export function escapeInline(text: string): string {
  return sanitize(text)
    .replace(/\s+/g, " ")
    .replace(/[\\`*_[\]<>|~&#!@]/g, "\\$&")
    .replace(/:(?=\/)|(?<=www)\./gi, "\\$&")
    .trim();
}

/** Text for inside an inline code span: one line, no backticks. */
function code(text: string): string {
  return `\`${sanitize(text).replace(/`/g, "'").replace(/\|/g, "\\|")}\``;
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
function durationCell(r: Resource, now: number, expected?: Expectations): string {
  const e = elapsedOf(r, now);
  const usual = expected?.resources.get(r.name);
  // What past runs took, beside what this one took (history/).
  const beside = usual ? ` (usually ${usualRange(usual)})` : "";
  if (e === null) return usual ? `— (usually ${usualRange(usual)})` : "—";
  return `${e.running ? `${formatDuration(e.ms)} so far` : formatDuration(e.ms)}${beside}`;
}

function table(status: BlockchainStatus, c: Clock, now: number): string[] {
  const time = (ms: number | null) => (ms === null ? "—" : c.format(ms));
  const rows = status.resources.map((r) => {
    const state = `${emoji(r.status)} ${escapeInline(r.status === "" ? "unknown" : capForPeople(r.status, { max: WORD_MAX }))}`;
    const cells = [
      code(r.name),
      state,
      time(r.startMs),
      time(r.endMs),
      durationCell(r, now, status.expected),
      escapeInline(capForPeople(r.detail)),
    ];
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

/** `marbles \`b268e1ca-…\`` for a named blockchain, else `` `b268e1ca-…` ``. */
function heading(x: { blockchain_id: string; name?: string | undefined }): string {
  const name = escapeInline(shownName(x.name));
  return name ? `${name} ${code(x.blockchain_id)}` : code(x.blockchain_id);
}

const FAIL_FAST_NOTE = "_not watched to the end (fail fast)_";

function statusSection(status: BlockchainStatus, c: Clock, now: number, ended?: "stopped" | "timeout"): string[] {
  const total = status.resources.length;
  const marks = ended === "stopped" ? [FAIL_FAST_NOTE, ""] : [];
  // A watch that ended an id before its first answer (fail fast, the timeout) has nothing to show of it.
  if (total === 0 && ended !== undefined)
    return [`### ${emoji("waiting")} ${heading(status)}: no answer yet`, "", ...marks, "_No answer yet._"];
  const done = status.resources.filter((r) => r.status === "finished").length;
  const age = deploymentAge(status);
  const facts = [`${done} of ${total} resources finished`];
  if (age !== null) facts.push(isTerminal(status.overall) ? `took ${formatDuration(age)}` : `${formatDuration(age)} so far`);
  facts.push(`checked ${c.format(status.checkedAt)} ${c.zone}`);
  const body = total === 0 ? ["_The service reported no resources._"] : [...table(status, c, now), "", ...gantt(status, c, now)];
  const state = ended === "timeout" ? `${status.overall} (timed out)` : status.overall;
  return [`### ${emoji(status.overall)} ${heading(status)}: ${state}`, "", ...marks, facts.join(" · "), "", ...body];
}

function errorSection(item: SummaryError): string[] {
  const { http_status, error_code, error_msg } = item.error;
  const facts = [http_status === null ? "network error" : `HTTP ${http_status}`];
  if (error_code) facts.push(code(capForPeople(error_code, { max: WORD_MAX })));
  const msg = escapeInline(capForPeople(error_msg));
  if (msg) facts.push(msg);
  return [`### ⚠️ ${heading(item)}: query failed`, "", facts.join(" · ")];
}

/** Whether the item needs attention first: a resource failed, or the query did. */
function isFailure(item: SummaryItem): boolean {
  return isError(item) || item.overall === "failed";
}

/** A failure in a few words for the verdict: `marbles (cce.cluster: quota…)`, `bc-9 (HTTP 404)`. */
function failureWords(item: SummaryItem): string {
  const who = escapeInline(shortLabel(item));
  let why: string;
  if (isError(item)) {
    why = item.error.http_status === null ? "network error" : `HTTP ${item.error.http_status}`;
  } else {
    const r = item.resources.find((x) => x.status === "failed");
    const detail = r ? escapeInline(truncate(sanitize(capForPeople(r.detail, { max: WORD_MAX })).trim(), VERDICT_DETAIL)) : "";
    why = r ? `${escapeInline(capForPeople(r.name, { max: WORD_MAX }))}${detail ? `: ${detail}` : ""}` : "failed";
  }
  return `${who} (${why})`;
}

/** Cells of a failed detail in the verdict line; the section below has it whole. */
const VERDICT_DETAIL = 50;
/** Failures the verdict names; the rest are counted. */
const VERDICT_NAMES = 3;

/**
 * The run in one line, before anything else: `❌ 1 of 3 failed: marbles
 * (cce.cluster: quota…)`, `⏱ timed out after 45m: 2 still deploying`, `✅ 3 of
 * 3 finished in 21m` (the longest deployment's age), or for a get of
 * deployments still under way `⏳ 1 of 3 finished: 2 still deploying`.
 */
export function verdictLine(items: readonly SummaryItem[], opts: MarkdownOptions): string {
  const total = items.length;
  const failed = items.filter(isFailure);
  const stopped = items.filter((i) => opts.unfinished?.get(i.blockchain_id) === "stopped").length;
  const abandoned = stopped > 0 ? `; ${stopped} not watched to the end (fail fast)` : "";
  if (failed.length > 0) {
    const named = failed.slice(0, VERDICT_NAMES).map(failureWords);
    const more = failed.length > VERDICT_NAMES ? ` and ${failed.length - VERDICT_NAMES} more` : "";
    return `❌ ${failed.length} of ${total} failed: ${named.join(", ")}${more}${abandoned}`;
  }
  const statuses = items.filter((i): i is BlockchainStatus => !isError(i));
  const finished = statuses.filter((s) => s.overall === "finished");
  const pending = statuses.filter((s) => s.overall !== "finished");
  const still = countStates(pending);
  const timedOut = items.some((i) => opts.unfinished?.get(i.blockchain_id) === "timeout");
  if (timedOut) {
    const after = opts.watchedMs === undefined ? "" : ` after ${formatDuration(opts.watchedMs)}`;
    return `⏱ timed out${after}: ${still}`;
  }
  if (pending.length === 0) {
    const ages = finished.map(deploymentAge).filter((a): a is number => a !== null);
    const took = ages.length > 0 ? ` in ${formatDuration(Math.max(...ages))}` : "";
    return `✅ ${finished.length} of ${total} finished${took}`;
  }
  return `⏳ ${finished.length} of ${total} finished: ${still}`;
}

/** `2 still deploying, 1 waiting`: the unfinished ones by state, most first. */
function countStates(pending: readonly BlockchainStatus[]): string {
  const counts = new Map<string, number>();
  for (const s of pending) {
    const state = s.resources.length === 0 ? "without an answer" : s.overall;
    counts.set(state, (counts.get(state) ?? 0) + 1);
  }
  const parts = [...counts].sort((a, b) => b[1] - a[1]).map(([state, n]) => `${n} ${state}`);
  return parts.length === 0 ? "nothing pending" : `${parts.join(", ").replace(/^(\d+) /, "$1 still ")}`;
}

/**
 * The summary of every item, cut (with a note) to `budgetBytes`. Sections are
 * drawn only until the budget is spent: the rest are counted, never drawn,
 * so the cost follows the summary's size, not the number of ids.
 */
export function renderMarkdownSummary(items: SummaryItem[], opts: MarkdownOptions): string {
  const c = clock(opts.timeZone);
  const budget = Math.max(0, opts.budgetBytes ?? SUMMARY_BUDGET);
  const lines = ["## BCS creation status", "", verdictLine(items, opts)];
  const sizes = lines.map(lineBytes);
  let bytes = sizes.reduce((sum, n) => sum + n, 0);
  // What needs attention first: failed blockchains and failed queries, then the rest, each in the order given.
  const ordered = [...items.filter(isFailure), ...items.filter((i) => !isFailure(i))];
  for (const item of ordered) {
    if (bytes > budget) break;
    const section = isError(item) ? errorSection(item) : statusSection(item, c, item.checkedAt, opts.unfinished?.get(item.blockchain_id));
    for (const line of ["", ...section]) {
      const size = lineBytes(line);
      lines.push(line);
      sizes.push(size);
      bytes += size;
    }
  }
  if (bytes <= budget) return `${lines.join("\n")}\n`;
  return `${fitBudget(lines, sizes, budget, items.length).join("\n")}\n`;
}

/** A line's UTF-8 bytes, its newline included. */
function lineBytes(line: string): number {
  return Buffer.byteLength(line, "utf8") + 1;
}

const FENCE = /^```/;
const SECTION = /^### /;
/** Bytes kept free for the closing note. */
const NOTE_ROOM = 400;

/**
 * The summary's lines, cut at a line boundary to fit `budget` UTF-8 bytes,
 * then a note of how many of the `sections` blockchains were left out. A cut
 * never falls inside a code fence (a partial mermaid chart would not render):
 * the whole chart goes. Every line is bounded (server text is capped), so
 * this is linear in the lines drawn.
 */
function fitBudget(lines: string[], sizes: readonly number[], budget: number, sections: number): string[] {
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
  const started = kept.filter((l) => SECTION.test(l)).length;
  const rest = lines.slice(cut);
  const partial = rest.length > 0 && !SECTION.test(rest.find((l) => l !== "") ?? "### ");
  const unseen = sections - started;
  const what: string[] = [];
  if (unseen > 0) what.push(`${groupDigits(unseen)} of ${groupDigits(sections)} blockchains not shown`);
  if (partial) what.push("the last one shown is cut short");
  if (what.length === 0) what.push("nothing more fits");
  return [...kept, "", `_… summary cut to stay under GitHub's 1 MiB step-summary limit: ${what.join("; ")}._`];
}
