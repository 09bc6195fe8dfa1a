import type { Deps } from "../deps/deps.js";
import type { RunHistory } from "../history/run.js";
import type { BlockchainStatus } from "../status/model.js";
import { isLoopbackHost } from "../util/checks.js";
import type { OutputFlags } from "./flags.js";
import type { Session } from "./session.js";

/** Whether this run uses the history: not with --no-history or BCS_NO_HISTORY=1. */
export function historyOn(flags: Pick<OutputFlags, "history">, env: NodeJS.ProcessEnv): boolean {
  return flags.history !== false && env.BCS_NO_HISTORY !== "1";
}

/** Whether an answer gives the history anything to do: a resource to expect (not ended) or one that ended. */
function concerns(s: BlockchainStatus): boolean {
  return s.resources.length > 0;
}

/**
 * The run's history, loaded only when some answer concerns it (the module and
 * the file cost nothing otherwise), or null when the run does without.
 */
export async function openHistory(
  session: Pick<Session, "target" | "diag">,
  flags: Pick<OutputFlags, "history" | "verbose">,
  deps: Deps,
  statuses: readonly BlockchainStatus[] = [],
  always = false,
): Promise<RunHistory | null> {
  if (!historyOn(flags, deps.env)) return null;
  if (!always && !statuses.some(concerns)) return null;
  const [{ runHistory }, { historyPath }, { historyKey }] = await Promise.all([
    import("../history/run.js"),
    import("../history/store.js"),
    import("../history/records.js"),
  ]);
  const { endpoint, region } = session.target;
  return runHistory({
    file: historyPath(deps.env, deps.homedir),
    key: historyKey(endpoint, region, isLoopbackHost(endpoint.hostname)),
    now: deps.now,
    sleep: (ms) => deps.sleep(ms),
    ...(flags.verbose ? { trace: (line: string) => session.diag(`* ${line}`) } : {}),
  });
}
