import { Command, Option } from "@commander-js/extra-typings";
import { durationArg, positiveDurationArg, resourceArg } from "../../settings/parse.js";
import { RESOURCE_NAMES } from "../../status/model.js";
import type { Run, Wiring } from "../command.js";
import { queryOptions, targetOptions } from "../flag-groups.js";
import { checkTargets } from "../targets.js";

const WATCH_EXAMPLES = `
Examples:
  $ bcs-status watch bc-1                      # spinner on a terminal, one line per change in CI
  $ bcs-status watch bc-1 --timeout 45m --interval 10s
  $ bcs-status watch bc-1 bc-2 --json > states.ndjson
  $ bcs-status watch --name marbles            # by name (one list call)`;

function declareWatch() {
  return queryOptions(
    targetOptions(
      new Command("watch")
        .argument("[id...]", "blockchain ids")
        .description("poll until every resource is finished, one failed, or the timeout passes"),
    ),
  )
    .addOption(new Option("--interval <duration>", "time between polls of one id").argParser(positiveDurationArg).default(5_000, "5s"))
    .addOption(new Option("--timeout <duration>", "give up after this long; 0 = never").argParser(durationArg).default(30 * 60_000, "30m"))
    .option("-q, --quiet", "no progress output; the result still prints")
    .option("--notify", "when the watch ends and stderr is a terminal: a bell and a desktop notification (OSC 9)")
    .addOption(
      new Option(
        "--for <resource>",
        `end with 0 once these resources are finished (repeatable): ${RESOURCE_NAMES.join(", ")}, or another the API reports`,
      )
        .argParser(resourceArg)
        .default(undefined),
    )
    .option("--no-fail-fast", "with several ids, keep watching the others after one failed (the exit code is still 1)")
    .addHelpText("after", WATCH_EXAMPLES);
}

/** What `watch` runs with: its declared flags, and the ids given. */
export type WatchOptions = ReturnType<ReturnType<typeof declareWatch>["opts"]> & { ids: string[] };

export function newWatchCommand(w: Wiring, run: Run<WatchOptions>) {
  return declareWatch().action(async (ids, flags) => {
    checkTargets(ids, flags);
    w.setCode(await run({ ...flags, ids }, w.deps));
  });
}
