import { Command } from "@commander-js/extra-typings";
import type { Run, Wiring } from "../command.js";
import { queryOptions, targetOptions } from "../flag-groups.js";
import { checkTargets } from "../targets.js";

const GET_EXAMPLES = `
Examples:
  $ bcs-status get 4e3b1c2a-bc01 --region cn-north-4 --project-id 0b5f…
  $ bcs-status get bc-1 bc-2 --json | jq -r '.overall'
  $ bcs-status get bc-1 --exit-status || echo "not finished yet (exit $?)"
  $ bcs-status get --name marbles --name bcs-api   # by name (one list call)
  $ bcs-status get --all --json                    # every blockchain of the project`;

/** get's arguments and flags, declared once: the options type below is read off this declaration. */
function declareGet() {
  return queryOptions(
    targetOptions(new Command("get").argument("[id...]", "blockchain ids").description("query each blockchain once and print its state")),
  )
    .option("--exit-status", "exit 0 finished, 1 failed, 8 in progress")
    .addHelpText("after", GET_EXAMPLES);
}

/** What `get` runs with: its declared flags, and the ids given. */
export type GetOptions = ReturnType<ReturnType<typeof declareGet>["opts"]> & { ids: string[] };

/** `get [id...] [--name N] [--all]`: validated here (ids, --name or --all, not both), run by `run`. */
export function newGetCommand(w: Wiring, run: Run<GetOptions>) {
  return declareGet().action(async (ids, flags) => {
    checkTargets(ids, flags);
    w.setCode(await run({ ...flags, ids }, w.deps));
  });
}
