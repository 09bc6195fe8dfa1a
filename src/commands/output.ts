import type { Deps } from "../deps.js";
import { describeError, EXIT, exitCodeFor } from "../errors.js";
import { failureLine, rawLine, renderStatusJson } from "../render/json.js";
import type { BlockchainStatus, QueryResult } from "../status/model.js";
import type { OutputFlags } from "./flags.js";

export interface Look {
  ascii: boolean;
  now: number;
}

/** The table of one status, and its timeline under --timeline. */
export async function renderHuman(s: BlockchainStatus, flags: OutputFlags, deps: Deps, look: Look): Promise<string> {
  const out = deps.io.stdout;
  const { renderStatusTable } = await import("../render/table.js");
  let text = renderStatusTable(s, { chalk: out.chalk, width: out.columns, ascii: look.ascii, now: look.now, ...tz(deps) });
  if (flags.timeline) {
    const { renderTimeline } = await import("../render/timeline.js");
    const chart = renderTimeline(s, { chalk: out.chalk, width: out.columns ?? widthFromEnv(deps.env), ascii: look.ascii, now: look.now });
    text += `\n${chart.endsWith("\n") ? chart : `${chart}\n`}`;
  }
  return text;
}

/** COLUMNS when the stream's width is unknown (kept within 20–400 columns), else 80. */
export function widthFromEnv(env: NodeJS.ProcessEnv): number {
  const n = Number(env.COLUMNS);
  return Number.isInteger(n) && n > 0 ? Math.min(400, Math.max(20, n)) : 80;
}

/** The viewer's time zone for renderers, when TZ names one (else the process default). */
export function tz(deps: Deps): { timeZone?: string } {
  // POSIX allows a leading colon (TZ=:Asia/Tokyo); Intl wants the name alone.
  const zone = deps.env.TZ?.replace(/^:/, "");
  return zone ? { timeZone: zone } : {};
}

/**
 * Prints each result in the order given: data on stdout (table, --json or
 * --raw), a one-line error on stderr for each failed id. Returns each id's
 * exit code (the query's own; state codes are the caller's business).
 */
export async function printResults(
  results: readonly QueryResult[],
  flags: OutputFlags,
  deps: Deps,
  look: Look,
  diag: (line: string) => void,
): Promise<string[]> {
  const chunks: string[] = [];
  for (const r of results) {
    if (r.ok) {
      if (flags.json) chunks.push(renderStatusJson(r.status));
      else if (flags.raw) chunks.push(rawLine(r.raw));
      else chunks.push(await renderHuman(r.status, flags, deps, look));
    } else {
      if (flags.json || flags.raw) chunks.push(failureLine(r.failure, flags));
      diag(`bcs-status: ${r.failure.blockchain_id}: ${describeError(r.failure.cause)}`);
    }
  }
  return chunks;
}

/** An id's exit code: its query error's, else (with --exit-status) its state's. */
export function resultCode(r: QueryResult, exitStatus: boolean): number {
  if (!r.ok) return exitCodeFor(r.failure.cause);
  if (!exitStatus) return EXIT.ok;
  if (r.status.overall === "finished") return EXIT.ok;
  if (r.status.overall === "failed") return EXIT.failed;
  return EXIT.inProgress;
}
