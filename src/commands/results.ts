import type { Deps } from "../deps/deps.js";
import { failureLine, type Listed, rawLine, renderFailureJson, renderStatusJson } from "../render/json.js";
import { wrapDiagnostic } from "../render/progress.js";
import type { BlockchainStatus, QueryResult } from "../status/model.js";
import { describeError, EXIT, exitCodeFor } from "../util/errors.js";
import { DEFAULT_CHART_WIDTH, lineWidth, type Sized } from "../util/width.js";
import type { OutputFlags } from "./flags.js";

export interface Look {
  ascii: boolean;
  now: number;
  /** `watch --for`: the resources waited for, marked in the table. */
  waitedFor?: readonly string[];
}

/**
 * The table of one status, and its timeline under --timeline, fitted to the
 * width of stdout (util/width.ts). Elapsed times are as of the answer
 * (checked_at), so the same answer gives the same figures here, in the
 * progress lines and in the Markdown summary (docs/OUTPUT.md, elapsed time).
 */
export async function renderHuman(s: BlockchainStatus, flags: OutputFlags, deps: Deps, look: Look): Promise<string> {
  const out = deps.io.stdout;
  const width = lineWidth(out, deps.env);
  const { renderStatusTable } = await import("../render/table.js");
  const common = { chalk: out.chalk, ascii: look.ascii, now: s.checkedAt };
  let text = renderStatusTable(s, {
    ...common,
    width,
    ...(flags.wide ? { wide: true } : {}),
    ...(look.waitedFor ? { waitedFor: look.waitedFor } : {}),
    ...tz(deps),
  });
  if (flags.timeline) {
    const { renderTimeline } = await import("../render/timeline.js");
    const chart = renderTimeline(s, { ...common, width: chartWidth(out, deps.env) });
    // A blockchain that has not started has no chart.
    if (chart !== "") text += `\n${chart.endsWith("\n") ? chart : `${chart}\n`}`;
  }
  return text;
}

/** A chart needs a width even where lines are not cut (a pipe, a file): the width rule's, else 80. */
export function chartWidth(stream: Sized, env: NodeJS.ProcessEnv): number {
  return lineWidth(stream, env) ?? DEFAULT_CHART_WIDTH;
}

/** The viewer's time zone for renderers, when TZ names one (else the process default). */
export function tz(deps: Deps): { timeZone?: string } {
  // POSIX allows a leading colon (TZ=:Asia/Tokyo); Intl wants the name alone.
  const zone = deps.env.TZ?.replace(/^:/, "");
  return zone ? { timeZone: zone } : {};
}

/**
 * A printer of results, called once per result in the order given, as each
 * is done: data on stdout (table, --json or --raw) written at once, a
 * one-line error on stderr for each failed id. Nothing is kept between calls
 * but whether a table came before (tables are a blank line apart). `listed`
 * carries what the run knows of the blockchain besides its id (its name).
 */
export function resultPrinter(
  flags: OutputFlags,
  deps: Deps,
  look: Look,
  diag: (line: string) => void,
): (r: QueryResult, listed?: Listed) => Promise<void> {
  const out = deps.io.stdout;
  let tables = 0;
  return async (r, listed = {}) => {
    if (r.ok) {
      if (flags.json) out.write(renderStatusJson(r.status, listed));
      else if (flags.raw) out.write(rawLine(r.raw));
      else {
        const table = await renderHuman(r.status, flags, deps, look);
        out.write(tables++ === 0 ? table : `\n${table}`);
      }
    } else {
      if (flags.json) out.write(renderFailureJson(r.failure, listed));
      else if (flags.raw) out.write(failureLine(r.failure, flags));
      diag(
        wrapDiagnostic(`bcs-status: ${r.failure.blockchain_id}: ${describeError(r.failure.cause)}`, lineWidth(deps.io.stderr, deps.env)),
      );
    }
    // The next result waits until this one has left the process: a reader slower than the API must not
    // make the output pile up in memory (a thousand documents of a megabyte were gigabytes).
    await out.drained?.(deps.signal);
  };
}

/** An id's exit code: its query error's, else (with --exit-status) its state's. */
export function resultCode(r: QueryResult, exitStatus: boolean): number {
  if (!r.ok) return exitCodeFor(r.failure.cause);
  if (!exitStatus) return EXIT.ok;
  if (r.status.overall === "finished") return EXIT.ok;
  if (r.status.overall === "failed") return EXIT.failed;
  return EXIT.inProgress;
}
