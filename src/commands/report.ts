import { constants } from "node:fs";
import path from "node:path";
import type { Deps } from "../deps/deps.js";
import type { QueryResult } from "../status/model.js";
import { EXIT, InterruptedError, UsageError } from "../util/errors.js";
import { fsCallbacks } from "../util/fs-callbacks.js";
import type { OutputFlags } from "./flags.js";
import { pacer } from "./pace.js";
import { tz } from "./results.js";

export interface CiReport {
  flags: OutputFlags;
  deps: Deps;
  /** Ids still pending when a watch timed out (as people read them: named ones by name). */
  timedOut: false | string[];
  /** A watch's ids that did not reach their end (fail fast, timeout): the summary marks them. */
  unfinished?: ReadonlyMap<string, "stopped" | "timeout">;
  /** How long the watch ran. */
  watchedMs?: number;
}

/** Whether the run has a CI report to make: on GitHub Actions, or with --summary-file. */
export function wantsCiReport(flags: Pick<OutputFlags, "summaryFile">, env: NodeJS.ProcessEnv): boolean {
  return env.GITHUB_ACTIONS === "true" || flags.summaryFile !== undefined;
}

/**
 * The CI side of a result: GitHub Actions workflow commands (on stderr, which
 * the runner reads too, so --json output stays clean; through the boundary's
 * command channel, the one way a command gets out), the step summary, and
 * --summary-file. Loads its renderers only when there is something to do.
 * Returns the run's exit code for it: 0, or 5 when a summary could not be
 * written (as for stdout: output that cannot be written is exit 5, so a job that asked for a summary never passes without one); both files are tried.
 */
export async function reportCi(results: readonly QueryResult[], r: CiReport): Promise<number> {
  const { env, io } = r.deps;
  const actions = env.GITHUB_ACTIONS === "true";
  const summaryPath = r.flags.summaryFile;
  if (!actions && !summaryPath) return EXIT.ok;
  const pace = pacer(r.deps);
  const items = results.map((x) =>
    x.ok
      ? x.status
      : {
          blockchain_id: x.failure.blockchain_id,
          ...(x.failure.name === undefined ? {} : { name: x.failure.name }),
          error: x.failure.error,
        },
  );
  if (actions) {
    const { failureAnnotations, queryFailureAnnotation, warningCommand } = await import("../render/github.js");
    for (const x of results) {
      const lines = x.ok ? failureAnnotations(x.status) : [queryFailureAnnotation(x.failure, x.failure.message)];
      for (const line of lines) io.stderr.command(line);
      await pace();
    }
    if (r.timedOut) io.stderr.command(warningCommand(`watch timed out; still pending: ${r.timedOut.join(", ")}`, "BCS watch timed out"));
  }
  const { renderMarkdownSummary, SUMMARY_BUDGET } = await import("../render/markdown.js");
  const markdown = (budgetBytes: number) =>
    renderMarkdownSummary(items, {
      now: r.deps.now(),
      budgetBytes,
      ...tz(r.deps),
      ...(r.unfinished ? { unfinished: r.unfinished } : {}),
      ...(r.watchedMs === undefined ? {} : { watchedMs: r.watchedMs }),
    });
  // The result is printed by now; a summary that cannot be written (a full disk) is output that cannot
  // be written all the same: one line on stderr and exit 5, as for stdout. The signal (a FIFO nobody
  // reads) ends the run there, exit 130.
  let code: number = EXIT.ok;
  const failed = (what: string, err: unknown) => {
    if (err instanceof InterruptedError) throw err;
    io.stderr.write(`bcs-status: cannot write ${what}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
    code = EXIT.api;
  };
  const stepSummary = env.GITHUB_STEP_SUMMARY;
  if (actions && stepSummary) {
    // The step summary is shared by the job's steps: GitHub's limit counts what earlier runs appended
    // (and the newline that ends this run's part).
    const held = await fsCallbacks
      .stat(stepSummary)
      .then((st) => (st.isFile() ? st.size : 0))
      .catch(() => 0);
    await pace();
    await io.files
      .append(stepSummary, `${markdown(SUMMARY_BUDGET - held - 1)}\n`, r.deps.signal)
      .catch((err) => failed(`$GITHUB_STEP_SUMMARY ${stepSummary}`, err));
  }
  if (summaryPath) {
    await pace();
    await io.files.write(summaryPath, markdown(SUMMARY_BUDGET), r.deps.signal).catch((err) => failed(`--summary-file ${summaryPath}`, err));
  }
  return code;
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
  const dir = path.dirname(path.resolve(file));
  const target = existing ? file : await nearestExisting(dir, refuse);
  await fsCallbacks.access(target, constants.W_OK).catch((err: NodeJS.ErrnoException) => refuse(err.code ?? err.message));
  if (!existing && target !== dir) await checkFolderCanBeMade(target, dir, refuse);
}

/**
 * A missing folder can be made where write access says it can (root may write
 * anywhere): made for real, one level, and removed again. /proc and /sys refuse
 * it here in one call, where Node's recursive mkdir, at write time, would loop
 * on /proc without end.
 */
async function checkFolderCanBeMade(existing: string, dir: string, refuse: (why: string) => never): Promise<void> {
  const first = path.join(existing, path.relative(existing, dir).split(path.sep)[0] as string);
  await fsCallbacks.mkdir(first).catch((err: NodeJS.ErrnoException) => refuse(`cannot make folder ${first} (${err.code ?? err.message})`));
  await fsCallbacks.rmdir(first).catch(() => {});
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
