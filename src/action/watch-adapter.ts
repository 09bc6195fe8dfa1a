import { checkTargets } from "../commands/targets.js";
import type { WatchOptions } from "../commands/watch/command.js";
import { runWatch } from "../commands/watch/run.js";
import type { Deps } from "../deps/deps.js";
import type { QueryResult } from "../status/model.js";
import type { ActionInputs } from "./inputs.js";

/**
 * The one place where the Action meets the watch command: its inputs as the options that
 * `bcs-status watch` would have parsed, the other options at the CLI's defaults. The keys
 * that have no flag (access key, secret key, security token) arrive as the CLI's own
 * environment variables, which win over the other names of the same setting.
 */
export function watchForAction(inputs: ActionInputs, deps: Deps, onResults: (results: readonly QueryResult[]) => void): Promise<number> {
  const flags: WatchOptions = {
    ids: inputs.ids,
    color: true,
    history: true,
    requestTimeout: 30_000,
    retries: 3,
    concurrency: 10,
    interval: inputs.intervalMs,
    timeout: inputs.timeoutMs,
    failFast: inputs.failFast,
    ...(inputs.names.length > 0 ? { name: inputs.names } : {}),
    ...(inputs.all ? { all: true } : {}),
    ...(inputs.for.length > 0 ? { for: inputs.for } : {}),
    ...(inputs.region !== undefined ? { region: inputs.region } : {}),
    ...(inputs.projectId !== undefined ? { projectId: inputs.projectId } : {}),
    ...(inputs.endpoint !== undefined ? { endpoint: inputs.endpoint } : {}),
    ...(inputs.token !== undefined ? { token: inputs.token } : {}),
  };
  const env = { ...deps.env };
  if (inputs.accessKey !== undefined) env.BCS_ACCESS_KEY = inputs.accessKey;
  if (inputs.secretKey !== undefined) env.BCS_SECRET_KEY = inputs.secretKey;
  if (inputs.securityToken !== undefined) env.BCS_SECURITY_TOKEN = inputs.securityToken;
  // What the watch command checks before it runs: ids, or --name, or --all.
  checkTargets(flags.ids, flags);
  return runWatch(flags, { ...deps, env }, onResults);
}
