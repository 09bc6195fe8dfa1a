import type { Deps } from "../../deps/deps.js";
import { wrapDiagnostic } from "../../render/fit.js";
import { renderFailureJson, renderStatusJson } from "../../render/json.js";
import { type ListEntry, sortForScan } from "../../status/list-order.js";
import { queryAll } from "../../status/query.js";
import { describeError, EXIT, worstExitCode } from "../../util/errors.js";
import { lineWidth } from "../../util/width.js";
import { reportCi } from "../report.js";
import { resultCode } from "../results.js";
import { openSession } from "../session.js";
import { listProject } from "../targets.js";
import type { ListOptions } from "./command.js";

/** A line of `list --json`: the `get` document with the blockchain's name after its id. */
function jsonLine(e: ListEntry): string {
  return e.result.ok ? renderStatusJson(e.result.status, { name: e.name }) : renderFailureJson(e.result.failure, { name: e.name });
}

/**
 * `list`: every blockchain of the project (one list call), each one's state
 * queried through the run's scheduler (at most --concurrency in flight), one
 * row each, failed first (status/list-order.ts). A query that fails shows its
 * row as an error and names why on stderr; the exit code follows get's rules.
 */
export async function runList(flags: ListOptions, deps: Deps): Promise<number> {
  const session = await openSession([], flags, deps);
  try {
    const blockchains = await listProject(session, deps, { all: true });
    if (blockchains.length === 0) return EXIT.ok;
    const results = await queryAll(
      session.client,
      blockchains.map((b) => b.id),
      deps.now,
      deps.signal,
    );
    const entries = sortForScan(blockchains.map((b, i) => ({ ...b, result: results[i] as ListEntry["result"] })));
    const out = deps.io.stdout;
    if (flags.json) {
      out.write(entries.map(jsonLine).join(""));
    } else {
      const { renderListTable } = await import("../../render/list-table.js");
      const options = { chalk: out.chalk, width: lineWidth(out, deps.env), ascii: session.ascii, wide: flags.wide === true };
      out.write(renderListTable(entries, options));
    }
    const errWidth = lineWidth(deps.io.stderr, deps.env);
    for (const e of entries) {
      if (!e.result.ok) session.diag(wrapDiagnostic(`bcs-status: ${e.id}: ${describeError(e.result.failure.cause)}`, errWidth));
    }
    await reportCi(
      entries.map((e) => e.result),
      { flags, deps, timedOut: false },
    );
    return worstExitCode(entries.map((e) => resultCode(e.result, flags.exitStatus === true)));
  } finally {
    await session.client.close();
  }
}
