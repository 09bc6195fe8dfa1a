import { constants } from "node:fs";
import path from "node:path";
import type { Deps } from "../deps/deps.js";
import type { QueryResult } from "../status/model.js";
import { InterruptedError, UsageError } from "../util/errors.js";
import { fsCallbacks } from "../util/fs-callbacks.js";
import type { OutputFlags } from "./flags.js";
import { tz } from "./results.js";

export interface CiReport {
  flags: OutputFlags;
  deps: Deps;
  /** Ids still pending when a watch timed out. */
  timedOut: false | string[];
}

/**
 * The CI side of a result: GitHub Actions workflow commands (on stderr, which
 * the runner reads too, so --json output stays clean; through the boundary's
 * command channel, the one way a command gets out), the step summary, and
 * --summary-file. Loads its renderers only when there is something to do.
 */
export async function reportCi(results: readonly QueryResult[], r: CiReport): Promise<void> {
  const { env, io } = r.deps;
  const actions = env.GITHUB_ACTIONS === "true";
  const summaryPath = r.flags.summaryFile;
  if (!actions && !summaryPath) return;
  const items = results.map((x) => (x.ok ? x.status : { blockchain_id: x.failure.blockchain_id, error: x.failure.error }));
  if (actions) {
    const { failureAnnotations, queryFailureAnnotation, warningCommand } = await import("../render/github.js");
    for (const x of results) {
      const lines = x.ok ? failureAnnotations(x.status) : [queryFailureAnnotation(x.failure.blockchain_id, x.failure.message)];
      for (const line of lines) io.stderr.command(line);
    }
    if (r.timedOut) io.stderr.command(warningCommand(`watch timed out; still pending: ${r.timedOut.join(", ")}`, "BCS watch timed out"));
  }
  const { renderMarkdownSummary } = await import("../render/markdown.js");
  const markdown = renderMarkdownSummary(items, { now: r.deps.now(), ...tz(r.deps) });
  // The result is known and printed by now: a summary that cannot be written is a warning, not a new exit code.
  // The signal (a FIFO nobody reads) is the exception: the run ends there, exit 130.
  const failed = (what: string, err: unknown) => {
    if (err instanceof InterruptedError) throw err;
    io.stderr.write(`bcs-status: warning: cannot write ${what}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
  };
  if (actions && env.GITHUB_STEP_SUMMARY) {
    await io.files
      .append(env.GITHUB_STEP_SUMMARY, `${markdown}\n`, r.deps.signal)
      .catch((err) => failed(`$GITHUB_STEP_SUMMARY ${env.GITHUB_STEP_SUMMARY}`, err));
  }
  if (summaryPath) await io.files.write(summaryPath, markdown, r.deps.signal).catch((err) => failed(`--summary-file ${summaryPath}`, err));
}

/**
 * Before any request: --summary-file must name a file that can be written
 * (usage error, exit 2, otherwise). Missing parent folders are fine (they are
 * made when the summary is written); the nearest existing one must be a
 * folder this user can write in.
 */
export async function checkSummaryFile(file: string | undefined): Promise<void> {
  if (file === undefined) return;
  const refuse = (why: string): never => {
    throw new UsageError(`cannot write --summary-file ${file}: ${why}`);
  };
  const existing = await fsCallbacks.stat(file).catch(() => null);
  if (existing?.isDirectory()) refuse("it is a directory");
  const target = existing ? file : await nearestExisting(path.dirname(path.resolve(file)), refuse);
  await fsCallbacks.access(target, constants.W_OK).catch((err: NodeJS.ErrnoException) => refuse(err.code ?? err.message));
}

/** The folder itself or its nearest ancestor that exists; refused when that is not a folder. */
async function nearestExisting(dir: string, refuse: (why: string) => never): Promise<string> {
  for (let at = dir; ; at = path.dirname(at)) {
    const st = await fsCallbacks
      .stat(at)
      .catch((err: NodeJS.ErrnoException) => (err.code === "ENOENT" || err.code === "ENOTDIR" ? null : refuse(err.code ?? err.message)));
    if (st) return st.isDirectory() ? at : refuse(`${at} is not a folder`);
    if (path.dirname(at) === at) return refuse(`no folder of ${dir} exists`);
  }
}
