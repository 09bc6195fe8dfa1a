import { type Deps, outputGone } from "../../deps/deps.js";
import { MAX_PAUSE_MS } from "../../http/scheduler.js";
import { fullLabel } from "../../render/names.js";
import { notificationText } from "../../render/notify.js";
import { summarize } from "../../render/progress.js";
import { type BlockchainStatus, type QueryResult, RESOURCE_NAMES, type ShownName } from "../../status/model.js";
import { queryOne } from "../../status/query.js";
import { isLoopbackHost } from "../../util/checks.js";
import { formatDuration } from "../../util/duration.js";
import { EXIT, exitCodeFor, InterruptedError, UsageError, worstExitCode } from "../../util/errors.js";
import { isClose } from "../../util/nearest.js";
import { lineWidth } from "../../util/width.js";
import { startDeadline } from "../../watch/deadline.js";
import { type Outcome, watchAll } from "../../watch/loop.js";
import { dataReporter } from "../../watch/report/data.js";
import { liveText } from "../../watch/report/live-text.js";
import { errorReporter, progressReporter } from "../../watch/report/progress-reporter.js";
import { fanOut, type Reporter } from "../../watch/report/reporter.js";
import { canSpin, spinnerSurface } from "../../watch/report/spinner.js";
import { githubSurface, plainSurface } from "../../watch/report/surface.js";
import { openHistory } from "../history-use.js";
import { reportCi } from "../report.js";
import { renderHuman, tz } from "../results.js";
import { openSession } from "../session.js";
import { resolveTargets } from "../targets.js";
import type { WatchOptions } from "./command.js";

export { HEARTBEAT_MS } from "../../watch/report/progress-reporter.js";

/**
 * `--for`: an answer ends the watch once each resource waited for is reported
 * and finished (or everything is). A name the contract does not know is taken
 * on trust (the API may send resources this tool does not know); when the
 * first answer has no resource of that name, `warn` hears it once, with the
 * nearest name it does have.
 */
export function waitedFor(names: readonly ShownName[], warn: (line: string) => void = () => {}): (s: BlockchainStatus) => boolean {
  const warned = new Set<string>();
  return (s) => {
    for (const name of names) {
      if (warned.has(name) || (RESOURCE_NAMES as readonly string[]).includes(name) || s.resources.length === 0) continue;
      if (s.resources.some((r) => r.name === name)) continue;
      warned.add(name);
      const near = s.resources.map((r): string => r.name).find((n) => isClose(name, n)) ?? RESOURCE_NAMES.find((n) => isClose(name, n));
      warn(
        `bcs-status: --for ${name}: ${s.blockchain_id} has no resource of that name${near ? ` (did you mean ${near}?)` : ""}; it is waited for all the same`,
      );
    }
    return s.overall === "finished" || names.every((name) => s.resources.some((r) => r.name === name && r.status === "finished"));
  };
}

function outcomeCode(o: Outcome): number {
  switch (o.kind) {
    case "finished":
      return EXIT.ok;
    case "failed":
      return EXIT.failed;
    case "timeout":
      return EXIT.timeout;
    case "interrupted":
      return EXIT.interrupted;
    case "stopped":
      // Another id failed and ended the watch: that failure is the run's result, not this id.
      return EXIT.ok;
    case "error":
      return exitCodeFor(o.failure.cause);
  }
}

/**
 * `watch [id...] [--name N] [--all]`: poll every id to the end, telling one reporter per output mode what happened.
 * `onResults` receives every id's last result once the watch has ended (the GitHub Action's `result` output).
 */
export async function runWatch(flags: WatchOptions, deps: Deps, onResults?: (results: readonly QueryResult[]) => void): Promise<number> {
  const startedAt = deps.now();
  // The run's one deadline, from its first instant: the IAM login, the name lookup, every poll and wait end with it.
  const deadline = startDeadline(flags.timeout, deps.now, deps.timers);
  // Ctrl-C or the deadline, whichever comes first; the deadline's reason tells them apart.
  const signal = AbortSignal.any([deps.signal, deadline.signal]);
  const session = await openSession(flags.ids, flags, deps, {
    maxRetryAfterMs: () => deadline.left(MAX_PAUSE_MS),
    signal,
  }).catch((err: unknown) => {
    deadline.cancel();
    throw err;
  });
  try {
    if (flags.interval < 1000 && !isLoopbackHost(session.target.endpoint.hostname)) {
      throw new UsageError(
        `--interval ${flags.interval}ms is too short for ${session.target.endpoint.host}: use 1s or more (the API is shared)`,
      );
    }
    let targets: Awaited<ReturnType<typeof resolveTargets>>;
    try {
      targets = await resolveTargets(flags.ids, flags, session, { ...deps, signal });
    } catch (err) {
      if (!(err instanceof InterruptedError && deadline.passed() && !deps.signal.aborted)) throw err;
      // The deadline fell during the name lookup (or the login before it): a timeout, with no id watched yet.
      session.diag(`bcs-status: timed out after ${formatDuration(deps.now() - startedAt)}; still pending (the blockchain list)`);
      return EXIT.timeout;
    }
    if (targets.length === 0) return EXIT.ok;
    const ids = targets.map((t) => t.id);
    const names = new Map(targets.flatMap((t) => (t.name === undefined ? [] : [[t.id, t.name] as const])));
    await deps.longRunning?.();
    const history = await openHistory(session, flags, deps, [], true);
    // Read before the first poll: each answer is then annotated at once, in step with the watch's clock.
    await history?.load();
    const { reporter, tick } = await chooseReporter(ids, names, flags, deps, session.ascii, startedAt);
    const stopRefresh = tick ? deps.timers.setInterval(tick, 1000) : null;
    let outcomes: Outcome[];
    try {
      outcomes = await watchAll({
        ids,
        intervalMs: flags.interval,
        deadline,
        now: deps.now,
        sleep: deps.sleep,
        signal: deps.signal,
        query: async (id, signal) => {
          const r = await queryOne(session.client, { id, ...(names.has(id) ? { name: names.get(id) } : {}) }, deps.now, signal);
          if (r.ok) history?.annotate(r.status);
          return r;
        },
        failFast: flags.failFast !== false,
        ...(flags.for ? { done: waitedFor(flags.for, session.diag) } : {}),
        events: {
          onChange: (status, changes, raw) => reporter.change(status, changes, raw),
          onPoll: (status) => reporter.poll(status),
          onTransient: (f) => reporter.transient(f),
          onDone: (outcome) => reporter.done(outcome),
        },
      });
    } finally {
      stopRefresh?.();
      reporter.close();
    }
    // session.diag wraps to the width of stderr (util/width.ts), never cuts.
    const { results, code: ci } = await finish(outcomes, names, flags, deps, session.ascii, session.diag, startedAt);
    onResults?.(results);
    await history?.record(outcomes.flatMap((o) => (o.status ? [o.status] : [])));
    // Ctrl-C: the person is at the terminal already.
    if (flags.notify && !outcomes.some((o) => o.kind === "interrupted")) {
      deps.io.stderr.notify(
        notificationText(
          outcomes.map((o) => ({ ...o, name: names.get(o.id) })),
          deps.now() - startedAt,
        ),
      );
    }
    const codes = outcomes.map(outcomeCode);
    return codes.includes(EXIT.interrupted) ? EXIT.interrupted : worstExitCode([...codes, ci]);
  } finally {
    deadline.cancel();
    await session.client.close();
  }
}

/**
 * The reporter for the output mode: --json/--raw lines on stdout (errors on
 * stderr), nothing but errors with --quiet, else human progress on stderr: a
 * spinner on a terminal, plain lines otherwise, grouped on GitHub Actions.
 */
async function chooseReporter(
  ids: readonly string[],
  names: ReadonlyMap<string, string>,
  flags: WatchOptions,
  deps: Deps,
  ascii: boolean,
  startedAt: number,
): Promise<{ reporter: Reporter; tick?: () => void }> {
  const { io, env } = deps;
  const width = () => lineWidth(io.stderr, env);
  if (flags.json === true || flags.raw === true) return { reporter: fanOut([dataReporter(io, flags), errorReporter(io.stderr, width)]) };
  if (flags.quiet) return { reporter: errorReporter(io.stderr, width) };
  const ctx = { ids, names, now: deps.now, startedAt, chalk: io.stderr.chalk, ascii, width, rows: () => io.stderr.rows, ...tz(deps) };
  if (canSpin(io.stdout, io.stderr)) {
    const initial = liveText(
      ctx,
      ids.map((id) => ({ id, status: null })),
    );
    const reporter = progressReporter(ctx, await spinnerSurface(io.stderr, initial, ascii));
    return { reporter, tick: reporter.tick };
  }
  const surface = env.GITHUB_ACTIONS === "true" ? githubSurface(io.stderr, ids, names) : plainSurface(io.stderr);
  return { reporter: progressReporter(ctx, surface) };
}

/** An id the watch stopped before any answer: no resources reported, for the summary to mark. */
function unanswered(id: string, name: string | undefined, now: number): BlockchainStatus {
  return { blockchain_id: id, ...(name === undefined ? {} : { name }), overall: "unknown", checkedAt: now, resources: [] };
}

/** The end of a watch: the final table (or errors), the timeout note, and the CI report: every id's last result, and the report's exit code. */
async function finish(
  outcomes: Outcome[],
  names: ReadonlyMap<string, string>,
  flags: WatchOptions,
  deps: Deps,
  ascii: boolean,
  diag: (line: string) => void,
  startedAt: number,
): Promise<{ results: QueryResult[]; code: number }> {
  const { io } = deps;
  const look = { ascii, now: deps.now(), ...(flags.for ? { waitedFor: flags.for } : {}) };
  const tables: string[] = [];
  const results: QueryResult[] = [];
  const label = (id: string) => fullLabel({ blockchain_id: id, name: names.get(id) }, ascii);
  // Ids that fail fast stopped, or that the deadline caught, are in the summary too, marked as such.
  const unfinished = new Map<string, "stopped" | "timeout">();
  for (const o of outcomes) {
    if (o.kind === "stopped" || o.kind === "timeout") unfinished.set(o.id, o.kind);
    if (o.kind === "error") {
      // Printed (document and reason) when the id ended: see onDone.
      results.push({ ok: false, failure: o.failure });
      continue;
    }
    if (o.status) {
      results.push({ ok: true, status: o.status, raw: "" });
      if (!flags.json && !flags.raw) tables.push(await renderHuman(o.status, flags, deps, look));
    } else if (o.kind === "stopped" || o.kind === "timeout") {
      results.push({ ok: true, status: unanswered(o.id, names.get(o.id), deps.now()), raw: "" });
    }
    if (o.kind === "timeout") {
      const where = o.status ? summarize(o.status, ascii) : "no answer yet";
      diag(`bcs-status: ${label(o.id)}: timed out after ${formatDuration(deps.now() - startedAt)}; still pending (${where})`);
    }
  }
  if (tables.length > 0) io.stdout.write(tables.join("\n"));
  if (outcomes.some((o) => o.kind === "interrupted") && !outputGone(deps.signal)) {
    diag(
      tables.length > 0
        ? "bcs-status: interrupted; the state above is the last one seen"
        : "bcs-status: interrupted before any answer came",
    );
  }
  const stopped = outcomes.filter((o) => o.kind === "stopped").map((o) => label(o.id));
  const first = outcomes.find((o) => o.kind === "failed" || o.kind === "error");
  if (stopped.length > 0 && first) {
    diag(
      `bcs-status: stopped watching ${stopped.join(", ")}: ${label(first.id)} ${first.kind === "failed" ? "failed" : "ended in an error"} (--no-fail-fast keeps watching the others)`,
    );
  }
  const timedOut = outcomes.filter((o) => o.kind === "timeout").map((o) => o.id);
  const code = await reportCi(results, {
    flags,
    deps,
    timedOut: timedOut.length > 0 ? timedOut.map(label) : false,
    unfinished,
    watchedMs: deps.now() - startedAt,
  });
  return { results, code };
}
