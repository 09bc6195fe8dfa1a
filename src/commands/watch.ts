import { isLoopbackHost } from "../api/target.js";
import { type Deps, outputClosed } from "../deps.js";
import { EXIT, exitCodeFor, UsageError, worstExitCode } from "../errors.js";
import { describeError } from "../main.js";
import { groupEnd, groupStart } from "../render/github.js";
import { renderStatusJson } from "../render/json.js";
import { renderFirstState, renderHeartbeat, renderTransition, spinnerText, summarize } from "../render/progress.js";
import type { BlockchainStatus, QueryResult } from "../status/model.js";
import { queryOne } from "../status/query.js";
import { formatDuration } from "../util/duration.js";
import { redact } from "../util/redact.js";
import { type Outcome, watchAll } from "../watch/loop.js";
import { lineProgress, type Progress, silentProgress, spinnerProgress } from "../watch/progress.js";
import type { WatchFlags } from "./flags.js";
import { failureLine, rawLine, renderHuman, tz } from "./output.js";
import { reportCi } from "./report.js";
import { openSession } from "./session.js";

/** In CI, a line at most this often when nothing changes. */
export const HEARTBEAT_MS = 5 * 60_000;

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
    case "error":
      return exitCodeFor(o.failure.cause);
  }
}

/** `watch <id...>`: poll every id to the end; a spinner on a terminal, one line per change in CI. */
export async function runWatch(ids: string[], flags: WatchFlags, deps: Deps): Promise<number> {
  const startedAt = deps.now();
  const deadline = flags.timeout > 0 ? startedAt + flags.timeout : null;
  const session = await openSession(ids, flags, deps, {
    maxRetryAfterMs: () => (deadline === null ? 10 * 60_000 : Math.max(0, deadline - deps.now())),
  });
  const { io, env } = deps;
  try {
    if (flags.interval < 1000 && !isLoopbackHost(session.target.endpoint.hostname)) {
      throw new UsageError(
        `--interval ${flags.interval}ms is too short for ${session.target.endpoint.host}: use 1s or more (the API is shared)`,
      );
    }
    await deps.longRunning?.();
    // --json and --raw: one line per change on stdout, and nothing else (no progress, no final table).
    const data = flags.json === true || flags.raw === true;
    // A spinner needs both streams on a terminal whose width is known (a 0-column pty would make it redraw forever).
    const interactive =
      !flags.quiet && !data && io.stdout.isTTY && io.stderr.isTTY && io.stderr.raw !== undefined && (io.stderr.columns ?? 0) > 0;
    const plain = !flags.quiet && !data && !interactive;
    const actions = env.GITHUB_ACTIONS === "true";
    const look = () => ({ chalk: io.stderr.chalk, ascii: session.ascii, now: deps.now(), ...tz(deps) });
    const latest = new Map<string, BlockchainStatus>();
    /** Ids whose watch has ended (finished, failed, or an error): no longer pending. */
    const done = new Set<string>();
    const notes = new Map<string, string>();
    const liveText = () =>
      spinnerText(
        ids.map((id) => ({ id, status: latest.get(id) ?? null, ...(notes.has(id) ? { note: notes.get(id) } : {}) })),
        deps.now(),
        startedAt,
        session.ascii,
      );
    const progress: Progress = interactive
      ? await spinnerProgress(io.stderr.raw as NodeJS.WriteStream, liveText(), session.ascii)
      : plain
        ? lineProgress(io)
        : silentProgress;
    // GitHub Actions folds each id's lines into a group: live for one id, flushed at its end for several.
    const grouped = plain && actions;
    const buffers = new Map<string, string[]>(ids.map((id) => [id, []]));
    const emit = (id: string, text: string) => {
      if (grouped && ids.length > 1) buffers.get(id)?.push(text);
      else progress.line(text);
    };
    if (grouped && ids.length === 1) progress.line(groupStart(`BCS ${ids[0]} transitions`));
    let lastLineAt = startedAt;
    const refresh = interactive ? setInterval(() => progress.status(liveText()), 1000) : null;
    refresh?.unref();

    const outcomes = await watchAll({
      ids,
      intervalMs: flags.interval,
      timeoutMs: flags.timeout,
      now: deps.now,
      sleep: deps.sleep,
      signal: deps.signal,
      query: (id, signal) => queryOne(session.client, id, deps.now, signal),
      events: {
        onChange(status, changes, raw) {
          if (flags.json) io.stdout.write(renderStatusJson(status));
          else if (flags.raw) io.stdout.write(rawLine(raw));
          const first = !latest.has(status.blockchain_id);
          latest.set(status.blockchain_id, status);
          const l = look();
          if (first) emit(status.blockchain_id, renderFirstState(status, l));
          else for (const t of changes) emit(status.blockchain_id, renderTransition(t, l));
          lastLineAt = deps.now();
          progress.status(liveText());
        },
        onPoll(status) {
          latest.set(status.blockchain_id, status);
          notes.delete(status.blockchain_id);
          progress.status(liveText());
          const now = deps.now();
          if (plain && now - lastLineAt >= HEARTBEAT_MS) {
            const pending = ids.filter((id) => !done.has(id));
            progress.line(
              renderHeartbeat(
                pending.map((id) => ({ id, status: latest.get(id) ?? null })),
                startedAt,
                look(),
              ),
            );
            lastLineAt = now;
          }
        },
        onDone(outcome) {
          done.add(outcome.id);
          // An id that ends in an error (401, 404, 500, an outage) says so now, not when the others end:
          // its error document is its last --json line, and the reason goes to stderr at once.
          if (outcome.kind !== "error") return;
          if (data) io.stdout.write(failureLine(outcome.failure, flags));
          const line = `bcs-status: ${outcome.id}: ${describeError(outcome.failure.cause)}`;
          // session.diag redacts the secrets itself; a line above the spinner goes around it, so it redacts here.
          if (interactive) progress.line(redact(line, session.auth.secrets()));
          else session.diag(line);
        },
        onTransient(f) {
          const note = `${f.message}; retrying`;
          if (notes.get(f.blockchain_id) === undefined && plain) emit(f.blockchain_id, `${f.blockchain_id}: ${note}`);
          notes.set(f.blockchain_id, note);
          progress.status(liveText());
        },
      },
    });
    if (refresh) clearInterval(refresh);
    progress.stop();
    if (grouped) {
      for (const id of ids.length > 1 ? ids : []) {
        io.stderr.write(`${groupStart(`BCS ${id} transitions`)}\n${(buffers.get(id) ?? []).map((l) => `${l}\n`).join("")}${groupEnd()}\n`);
      }
      if (ids.length === 1) io.stderr.write(`${groupEnd()}\n`);
    }
    await finish(outcomes, flags, deps, session.ascii, session.diag, startedAt);
    const codes = outcomes.map(outcomeCode);
    return codes.includes(EXIT.interrupted) ? EXIT.interrupted : worstExitCode(codes);
  } finally {
    await session.client.close();
  }
}

/** The end of a watch: the final table (or errors), the timeout note, and the CI report. */
async function finish(
  outcomes: Outcome[],
  flags: WatchFlags,
  deps: Deps,
  ascii: boolean,
  diag: (line: string) => void,
  startedAt: number,
): Promise<void> {
  const { io } = deps;
  const look = { ascii, now: deps.now() };
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
      const where = o.status ? summarize(o.status, look.now, ascii) : "no answer yet";
      diag(`bcs-status: ${o.id}: timed out after ${formatDuration(deps.now() - startedAt)}; still pending (${where})`);
    }
  }
  if (tables.length > 0) io.stdout.write(tables.join("\n"));
  if (outcomes.some((o) => o.kind === "interrupted") && !outputClosed(deps.signal)) {
    diag("bcs-status: interrupted; the state above is the last one seen");
  }
  const timedOut = outcomes.filter((o) => o.kind === "timeout").map((o) => o.id);
  await reportCi(results, { flags, deps, timedOut: timedOut.length > 0 ? timedOut : false });
}
