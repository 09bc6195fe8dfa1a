import { Command } from "@commander-js/extra-typings";
import type { Run, Wiring } from "../command.js";
import { settingOptions } from "../flag-groups.js";

function declareConfig() {
  return settingOptions(new Command("config").description("print the resolved settings and where each came from (secrets masked)"))
    .option("--json", "as one JSON object")
    .option("--no-color", "no colour")
    .addHelpText(
      "after",
      `
Examples:
  $ bcs-status config                          # every setting, its source, and the auth mode
  $ bcs-status config --profile prod --json | jq -r .auth_mode
  $ BCS_CONFIG=./ci.json bcs-status config     # check a config file before a pipeline uses it`,
    );
}

export type ConfigOptions = ReturnType<ReturnType<typeof declareConfig>["opts"]>;

export function newConfigCommand(w: Wiring, run: Run<ConfigOptions>) {
  return declareConfig().action(async (flags) => {
    w.setCode(await run(flags, w.deps));
  });
}
