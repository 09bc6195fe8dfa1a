import type { Deps } from "../deps.js";
import { EXIT, worstExitCode } from "../errors.js";
import { keptForReport } from "../status/kept.js";
import type { QueryResult } from "../status/model.js";
import { queryInOrder } from "../status/query.js";
import type { GetFlags } from "./flags.js";
import { resultCode, resultPrinter } from "./output.js";
import { pacer } from "./pace.js";
import { reportCi, wantsCiReport } from "./report.js";
import { openSession } from "./session.js";
import { checkTargets, resolveTargets } from "./targets.js";

/**
 * `get [id...] [--name N] [--all]`: query each blockchain once, concurrently;
 * print each in the order given as soon as it and those before it are done.
 * What stays in memory is the window of queries ahead (twice --concurrency)
 * and, for the CI report only, each result without its body.
 */
export async function runGet(args: string[], flags: GetFlags, deps: Deps): Promise<number> {
  checkTargets(args, flags);
  const session = await openSession(args, flags, deps);
  try {
    const ids = await resolveTargets(args, flags, session, deps);
    if (ids.length === 0) return EXIT.ok;
    const ahead = 2 * flags.concurrency;
    // More ids than the window: a run that streams for a while, where V8's default of letting the
    // old generation grow to about four times the live heap would multiply the window's megabytes.
    if (ids.length > ahead) await deps.longRunning?.();
    const print = resultPrinter(flags, deps, { ascii: session.ascii, now: deps.now() }, session.diag);
    const pace = pacer(deps);
    const kept: QueryResult[] | null = wantsCiReport(flags, deps.env) ? [] : null;
    let code: number = EXIT.ok;
    await queryInOrder(session.client, ids, { now: deps.now, signal: deps.signal, ahead }, async (r) => {
      await print(r);
      code = worstExitCode([code, resultCode(r, flags.exitStatus === true)]);
      kept?.push(keptForReport(r));
      await pace();
    });
    const ci = await reportCi(kept ?? [], { flags, deps, timedOut: false });
    return worstExitCode([code, ci]);
  } finally {
    await session.client.close();
  }
}
