import { Command } from "@commander-js/extra-typings";
import type { Run, Wiring } from "../command.js";
import { listQueryOptions } from "../flag-groups.js";

const LIST_EXAMPLES = `
Order: failed first, then those whose state could not be read, deploying,
waiting, unknown, finished; by name within each.

Examples:
  $ bcs-status list                            # name, id, state, finished count, elapsed
  $ bcs-status list --json | jq -r 'select(.overall == "failed") | .name'
  $ bcs-status list --exit-status              # 0 all finished, 1 one failed, 8 some in progress`;

function declareList() {
  return listQueryOptions(new Command("list").description("every blockchain of the project with its creation state, one row each"))
    .option("--exit-status", "exit 0 all finished, 1 one failed, 8 some in progress")
    .addHelpText("after", LIST_EXAMPLES);
}

/** What `list` runs with: get's output and request flags but --raw and --timeline. */
export type ListOptions = ReturnType<ReturnType<typeof declareList>["opts"]>;

export function newListCommand(w: Wiring, run: Run<ListOptions>) {
  return declareList().action(async (flags) => {
    w.setCode(await run(flags, w.deps));
  });
}
