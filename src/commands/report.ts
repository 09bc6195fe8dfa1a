import { appendFile, writeFile } from "node:fs/promises";
import type { Deps } from "../deps.js";
import { UsageError } from "../errors.js";
import type { QueryResult } from "../status/model.js";
import type { OutputFlags } from "./flags.js";
import { tz } from "./output.js";

export interface CiReport {
  flags: OutputFlags;
  deps: Deps;
  /** get --exit-status and watch annotate GitHub Actions; a plain get does not. */
  annotate: boolean;
  /** Ids still pending when a watch timed out. */
  timedOut: false | string[];
}

/**
 * The CI side of a result: GitHub Actions workflow commands (on stderr, which
 * the runner reads too, so --json output stays clean), the step summary, and
 * --summary-file. Loads its renderers only when there is something to do.
 */
export async function reportCi(results: readonly QueryResult[], r: CiReport): Promise<void> {
  const { env, io } = r.deps;
  const actions = env.GITHUB_ACTIONS === "true" && r.annotate;
  const summaryPath = r.flags.summaryFile;
  if (!actions && !summaryPath) return;
  const items = results.map((x) => (x.ok ? x.status : { blockchain_id: x.failure.blockchain_id, error: x.failure.error }));
  if (actions) {
    const { failureAnnotations, warningCommand } = await import("../render/github.js");
    for (const x of results) if (x.ok) for (const line of failureAnnotations(x.status)) io.stderr.write(`${line}\n`);
    if (r.timedOut)
      io.stderr.write(`${warningCommand(`watch timed out; still pending: ${r.timedOut.join(", ")}`, "BCS watch timed out")}\n`);
  }
  const { renderMarkdownSummary } = await import("../render/markdown.js");
  const markdown = renderMarkdownSummary(items, { now: r.deps.now(), ...tz(r.deps) });
  if (actions && env.GITHUB_STEP_SUMMARY) await appendFile(env.GITHUB_STEP_SUMMARY, `${markdown}\n`);
  if (summaryPath) {
    try {
      await writeFile(summaryPath, markdown);
    } catch (err) {
      throw new UsageError(`cannot write --summary-file ${summaryPath}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
}
