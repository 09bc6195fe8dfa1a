import type { Deps } from "../../deps/deps.js";
import { queryAll } from "../../status/query.js";
import { EXIT, worstExitCode } from "../../util/errors.js";
import { reportCi } from "../report.js";
import { printResults, resultCode } from "../results.js";
import { openSession } from "../session.js";
import { resolveTargets } from "../targets.js";
import type { GetOptions } from "./command.js";

/** `get [id...] [--name N] [--all]`: query each blockchain once, concurrently; print in the order given. */
export async function runGet(flags: GetOptions, deps: Deps): Promise<number> {
  const session = await openSession(flags.ids, flags, deps);
  try {
    const ids = await resolveTargets(flags.ids, flags, session, deps);
    if (ids.length === 0) return EXIT.ok;
    const results = await queryAll(session.client, ids, deps.now, deps.signal);
    const look = { ascii: session.ascii, now: deps.now() };
    const chunks = await printResults(results, flags, deps, look, session.diag);
    deps.io.stdout.write(flags.json || flags.raw ? chunks.join("") : chunks.join("\n"));
    await reportCi(results, { flags, deps, timedOut: false });
    return worstExitCode(results.map((r) => resultCode(r, flags.exitStatus === true)));
  } finally {
    await session.client.close();
  }
}
