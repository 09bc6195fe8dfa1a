import { Command, Option } from "@commander-js/extra-typings";
import type { Run, Wiring } from "../command.js";

function declareDemo() {
  return new Command("demo")
    .description("watch a simulated deployment end to end; needs no cloud account")
    .addOption(new Option("--scenario <name>", "simulated outcome").choices(["success", "failure"] as const).default("success" as const))
    .option("--timeline", "also draw a Gantt chart at the end")
    .option("--no-color", "no colour")
    .addHelpText(
      "after",
      `
Examples:
  $ bcs-status demo                            # about 20 s; exit 0 when the simulated blockchain is ready
  $ bcs-status demo --scenario failure         # a CCE cluster fails: exit 1, with the reason
  $ bcs-status demo --timeline                 # and where the time went`,
    );
}

export type DemoOptions = ReturnType<ReturnType<typeof declareDemo>["opts"]>;

export function newDemoCommand(w: Wiring, run: Run<DemoOptions>) {
  return declareDemo().action(async (flags) => {
    w.setCode(await run(flags, w.deps));
  });
}
