import type { Deps } from "../../deps/deps.js";
import { wrapDiagnostic } from "../../render/fit.js";
import { keptForReport } from "../../status/kept.js";
import { byName, type ListEntry, sortForScan } from "../../status/list-order.js";
import { queryInOrder } from "../../status/query.js";
import { describeError, EXIT, worstExitCode } from "../../util/errors.js";
import { lineWidth } from "../../util/width.js";
import { pacer } from "../pace.js";
import { reportCi, wantsCiReport } from "../report.js";
import { resultCode, resultPrinter } from "../results.js";
import { openSession } from "../session.js";
import { listProject } from "../targets.js";
import type { ListOptions } from "./command.js";

/**
 * `list`: every blockchain of the project (one list call), each one's state
 * queried through the run's scheduler (at most --concurrency in flight).
 * `--json` prints each document as soon as it and those before it are done,
 * by name (as `get --all`); the table shows one row each, failed first
 * (status/list-order.ts), so it waits for every state, keeping each result
 * without its body. A query that fails shows its row as an error and names
 * why on stderr; the exit code follows get's rules.
 */
export async function runList(flags: ListOptions, deps: Deps): Promise<number> {
  const session = await openSession([], flags, deps);
  try {
    const blockchains = [...(await listProject(session, deps, { all: true }))].sort(byName);
    if (blockchains.length === 0) return EXIT.ok;
    const out = deps.io.stdout;
    const print = flags.json ? resultPrinter(flags, deps, { ascii: session.ascii, now: deps.now() }, session.diag) : null;
    const keep = !flags.json || wantsCiReport(flags, deps.env);
    const entries: ListEntry[] = [];
    const pace = pacer(deps);
    let code: number = EXIT.ok;
    // Each result carries its name, for the CI report (annotations, summary).
    const targets = blockchains.map((b) => ({ id: b.id, name: b.name }));
    const ahead = 2 * flags.concurrency;
    // As in get: streaming more ids than the window, a small heap keeps the window's megabytes from multiplying.
    if (targets.length > ahead) await deps.longRunning?.();
    await queryInOrder(session.client, targets, { now: deps.now, signal: deps.signal, ahead }, async (r, i) => {
      const b = blockchains[i] as (typeof blockchains)[number];
      await print?.(r, { name: b.name });
      code = worstExitCode([code, resultCode(r, flags.exitStatus === true)]);
      if (keep) entries.push({ id: b.id, name: b.name, result: keptForReport(r) });
      await pace();
    });
    const sorted = sortForScan(entries);
    if (!flags.json) {
      const { renderListTable } = await import("../../render/list-table.js");
      const options = {
        chalk: out.chalk,
        width: lineWidth(out, deps.env),
        ascii: session.ascii,
        wide: flags.wide === true,
        mask: (text: string) => deps.io.secrets.mask(text),
      };
      await pace();
      out.write(renderListTable(sorted, options));
      const errWidth = lineWidth(deps.io.stderr, deps.env);
      for (const e of sorted) {
        if (!e.result.ok) session.diag(wrapDiagnostic(`bcs-status: ${e.id}: ${describeError(e.result.failure.cause)}`, errWidth));
      }
    }
    const ci = await reportCi(
      sorted.map((e) => e.result),
      { flags, deps, timedOut: false },
    );
    return worstExitCode([code, ci]);
  } finally {
    await session.client.close();
  }
}
