import type { Deps } from "../../deps/deps.js";
import type { RunHistory } from "../../history/run.js";
import { keptForReport } from "../../status/kept.js";
import type { QueryResult } from "../../status/model.js";
import { queryInOrder } from "../../status/query.js";
import { EXIT, worstExitCode } from "../../util/errors.js";
import { openHistory } from "../history-use.js";
import { heardSignal, pacer } from "../pace.js";
import { reportCi, wantsCiReport } from "../report.js";
import { resultCode, resultPrinter } from "../results.js";
import { openSession } from "../session.js";
import { resolveTargets } from "../targets.js";
import type { GetOptions } from "./command.js";

/**
 * `get [id...] [--name N] [--all]`: query each blockchain once, concurrently;
 * print each in the order given as soon as it and those before it are done.
 * What stays in memory is the window of queries ahead (twice --concurrency)
 * and, for the CI report only, each result without its body.
 */
export async function runGet(flags: GetOptions, deps: Deps): Promise<number> {
  const session = await openSession(flags.ids, flags, deps);
  try {
    const ids = await resolveTargets(flags.ids, flags, session, deps);
    if (ids.length === 0) return EXIT.ok;
    const ahead = 2 * flags.concurrency;
    // More ids than the window: a run that streams for a while, where V8's default of letting the
    // old generation grow to about four times the live heap would multiply the window's megabytes.
    if (ids.length > ahead) await deps.longRunning?.();
    const print = resultPrinter(flags, deps, { ascii: session.ascii, now: deps.now() }, session.diag);
    const pace = pacer(deps);
    const kept: QueryResult[] | null = wantsCiReport(flags, deps.env) ? [] : null;
    // The history's modules load with the first answer that concerns it, and its file is read only
    // for an answer with something to expect (a resource deploying or waiting).
    let history = null as Promise<RunHistory | null> | null;
    let code: number = EXIT.ok;
    await queryInOrder(session.client, ids, { now: deps.now, signal: deps.signal, ahead }, async (r) => {
      if (history === null && r.ok && r.status.resources.length > 0) history = openHistory(session, flags, deps, [r.status]);
      const h = r.ok ? await history : null;
      if (h && r.ok) {
        if (r.status.resources.some((x) => x.status !== "finished" && x.status !== "failed")) await h.load();
        h.annotate(r.status);
        h.collect(r.status);
      }
      await print(r);
      code = worstExitCode([code, resultCode(r, flags.exitStatus === true)]);
      kept?.push(keptForReport(r));
      await pace();
    });
    // A signal that came while the last results were printed (or the summary was drawn) is heard at
    // the next turn of the event loop and ends the run there, as it would have a result earlier: an
    // interrupted run writes no summary and no history (a history of thousands of ids was seconds of
    // work after the signal).
    await heardSignal(deps);
    const ci = await reportCi(kept ?? [], { flags, deps, timedOut: false });
    await heardSignal(deps);
    await (await history)?.flush();
    return worstExitCode([code, ci]);
  } finally {
    await session.client.close();
  }
}
