import { type Deps, outputGone } from "../../deps/deps.js";
import { MAX_PAUSE_MS } from "../../http/scheduler.js";
import { notificationText } from "../../render/notify.js";
import { summarize } from "../../render/progress.js";
import type { BlockchainStatus, QueryResult, ResourceName } from "../../status/model.js";
import { queryOne } from "../../status/query.js";
import { isLoopbackHost } from "../../util/checks.js";
import { formatDuration } from "../../util/duration.js";
import { EXIT, exitCodeFor, UsageError, worstExitCode } from "../../util/errors.js";
import { lineWidth } from "../../util/width.js";
import { type Outcome, watchAll } from "../../watch/loop.js";
import { dataReporter } from "../../watch/report/data.js";
import { liveText } from "../../watch/report/live-text.js";
import { errorReporter, progressReporter } from "../../watch/report/progress-reporter.js";
import { fanOut, type Reporter } from "../../watch/report/reporter.js";
import { canSpin, spinnerSurface } from "../../watch/report/spinner.js";
import { githubSurface, plainSurface } from "../../watch/report/surface.js";
import { reportCi } from "../report.js";
import { renderHuman, tz } from "../results.js";
import { openSession } from "../session.js";
import { resolveTargets } from "../targets.js";
import type { WatchOptions } from "./command.js";

export { HEARTBEAT_MS } from "../../watch/report/progress-reporter.js";

/** `--for`: an answer ends the watch once each resource waited for is reported and finished (or everything is). */
export function waitedFor(names: readonly ResourceName[]): (s: BlockchainStatus) => boolean {
  return (s) => s.overall === "finished" || names.every((name) => s.resources.some((r) => r.name === name && r.status === "finished"));
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

/** `watch [id...] [--name N] [--all]`: poll every id to the end, telling one reporter per output mode what happened. */
export async function runWatch(flags: WatchOptions, deps: Deps): Promise<number> {
  const startedAt = deps.now();
  const deadline = flags.timeout > 0 ? startedAt + flags.timeout : null;
  // The watch's own end: Ctrl-C, or the deadline; an IAM login in progress ends with it too.
  const atDeadline = new AbortController();
  const cancelDeadline = deadline === null ? null : deps.timers.setTimeout(() => atDeadline.abort(), deadline - deps.now());
  const session = await openSession(flags.ids, flags, deps, {
    maxRetryAfterMs: () => (deadline === null ? MAX_PAUSE_MS : Math.max(0, deadline - deps.now())),
    signal: AbortSignal.any([deps.signal, atDeadline.signal]),
  }).catch((err: unknown) => {
    cancelDeadline?.();
    throw err;
  });
  try {
    if (flags.interval < 1000 && !isLoopbackHost(session.target.endpoint.hostname)) {
      throw new UsageError(
        `--interval ${flags.interval}ms is too short for ${session.target.endpoint.host}: use 1s or more (the API is shared)`,
      );
    }
    const ids = await resolveTargets(flags.ids, flags, session, deps);
    if (ids.length === 0) return EXIT.ok;
    await deps.longRunning?.();
    const { reporter, tick } = await chooseReporter(ids, flags, deps, session.ascii, startedAt);
    const stopRefresh = tick ? deps.timers.setInterval(tick, 1000) : null;
    let outcomes: Outcome[];
    try {
      outcomes = await watchAll({
        ids,
        intervalMs: flags.interval,
        timeoutMs: flags.timeout,
        now: deps.now,
        sleep: deps.sleep,
        timers: deps.timers,
        signal: deps.signal,
        query: (id, signal) => queryOne(session.client, id, deps.now, signal),
        failFast: flags.failFast !== false,
        ...(flags.for ? { done: waitedFor(flags.for) } : {}),
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
    await finish(outcomes, flags, deps, session.ascii, session.diag, startedAt);
    // Ctrl-C: the person is at the terminal already.
    if (flags.notify && !outcomes.some((o) => o.kind === "interrupted")) {
      deps.io.stderr.notify(notificationText(outcomes, deps.now() - startedAt));
    }
    const codes = outcomes.map(outcomeCode);
    return codes.includes(EXIT.interrupted) ? EXIT.interrupted : worstExitCode(codes);
  } finally {
    cancelDeadline?.();
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
  flags: WatchOptions,
  deps: Deps,
  ascii: boolean,
  startedAt: number,
): Promise<{ reporter: Reporter; tick?: () => void }> {
  const { io, env } = deps;
  const width = () => lineWidth(io.stderr, env);
  if (flags.json === true || flags.raw === true) return { reporter: fanOut([dataReporter(io, flags), errorReporter(io.stderr, width)]) };
  if (flags.quiet) return { reporter: errorReporter(io.stderr, width) };
  const ctx = { ids, now: deps.now, startedAt, chalk: io.stderr.chalk, ascii, width, rows: () => io.stderr.rows, ...tz(deps) };
  if (canSpin(io.stdout, io.stderr)) {
    const initial = liveText(
      ctx,
      ids.map((id) => ({ id, status: null })),
    );
    const reporter = progressReporter(ctx, await spinnerSurface(io.stderr, initial, ascii));
    return { reporter, tick: reporter.tick };
  }
  const surface = env.GITHUB_ACTIONS === "true" ? githubSurface(io.stderr, ids) : plainSurface(io.stderr);
  return { reporter: progressReporter(ctx, surface) };
}

/** The end of a watch: the final table (or errors), the timeout note, and the CI report. */
async function finish(
  outcomes: Outcome[],
  flags: WatchOptions,
  deps: Deps,
  ascii: boolean,
  diag: (line: string) => void,
  startedAt: number,
): Promise<void> {
  const { io } = deps;
  const look = { ascii, now: deps.now(), ...(flags.for ? { waitedFor: flags.for } : {}) };
  const tables: string[] = [];
  const results: QueryResult[] = [];
  for (const o of outcomes) {
    if (o.kind === "error") {
      // Printed (document and reason) when the id ended: see onDone.
      results.push({ ok: false, failure: o.failure });
      continue;
    }
    if (o.status) {
      results.push({ ok: true, status: o.status, raw: "" });
      if (!flags.json && !flags.raw) tables.push(await renderHuman(o.status, flags, deps, look));
    }
    if (o.kind === "timeout") {
      const where = o.status ? summarize(o.status, ascii) : "no answer yet";
      diag(`bcs-status: ${o.id}: timed out after ${formatDuration(deps.now() - startedAt)}; still pending (${where})`);
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
  const stopped = outcomes.filter((o) => o.kind === "stopped").map((o) => o.id);
  const first = outcomes.find((o) => o.kind === "failed" || o.kind === "error");
  if (stopped.length > 0 && first) {
    diag(
      `bcs-status: stopped watching ${stopped.join(", ")}: ${first.id} ${first.kind === "failed" ? "failed" : "ended in an error"} (--no-fail-fast keeps watching the others)`,
    );
  }
  const timedOut = outcomes.filter((o) => o.kind === "timeout").map((o) => o.id);
  await reportCi(results, { flags, deps, timedOut: timedOut.length > 0 ? timedOut : false });
}
