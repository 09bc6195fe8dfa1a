import { Command } from "@commander-js/extra-typings";
import { portArg, positiveNumberArg } from "../../settings/parse.js";
import { SCENARIOS } from "../../simulator/scenario-names.js";
import type { Run, Wiring } from "../command.js";

function declareMockServer() {
  return new Command("mock-server")
    .description("run a local simulator of the BCS status and list API (and IAM token API)")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--port <port>", "port (0 = any free port)", portArg, 8080)
    .option("--scenario <name|file>", `${SCENARIOS.join(", ")}, or a JSON file of per-id timelines`, "success")
    .option("--speed <x>", "run the timelines x times faster", positiveNumberArg, 1)
    .option("--token <token>", "accept only this X-Auth-Token (default: any non-empty token)")
    .option("--ak <ak>", "accept AK/SK signatures of this access key only")
    .option("--sk <sk>", "verify AK/SK signatures with this secret key")
    .option("--password <password>", "IAM login password to accept (default: any)")
    .addHelpText(
      "after",
      "\nExamples:\n  $ bcs-status mock-server --port 0 --scenario failure --speed 10\n  $ BCS_TOKEN=x bcs-status get bc-1 --endpoint http://127.0.0.1:8080 --project-id p1",
    );
}

export type MockServerOptions = ReturnType<ReturnType<typeof declareMockServer>["opts"]>;

export function newMockServerCommand(w: Wiring, run: Run<MockServerOptions>) {
  return declareMockServer().action(async (flags) => {
    w.setCode(await run(flags, w.deps));
  });
}
