import { Command } from "@commander-js/extra-typings";
import type { Run, Wiring } from "../command.js";

const HISTORY_HELP = `
Where: $XDG_STATE_HOME/bcs-status/history.ndjson (else ~/.local/state/bcs-status/). get and watch record each
resource's duration as it ends (per region; the endpoint's host for a loopback endpoint); --no-history or
BCS_NO_HISTORY=1 turns that off.

Examples:
  $ bcs-status history                          # samples and percentiles per region and resource
  $ bcs-status history --json | jq 'select(.resource == "cce.cluster") | .p50'
  $ bcs-status history --clear                  # forget every duration`;

function declareHistory() {
  return new Command("history")
    .description("what the tool has learned of resource durations, per region and resource")
    .option("--json", "one JSON document per row, one per line (NDJSON)")
    .option("--clear", "delete the history file")
    .option("--ascii", "plain characters only")
    .option("--no-color", "no colour")
    .addHelpText("after", HISTORY_HELP);
}

/** What `history` runs with: its declared flags. */
export type HistoryOptions = ReturnType<ReturnType<typeof declareHistory>["opts"]>;

export function newHistoryCommand(w: Wiring, run: Run<HistoryOptions>) {
  return declareHistory().action(async (flags) => {
    w.setCode(await run(flags, w.deps));
  });
}
