import { Command, type CommandUnknownOpts } from "@commander-js/extra-typings";
// How to add a command: write commands/<name>/command.ts (declare its flags, export its options type and
// newXCommand(wiring, run)) and commands/<name>/run.ts (runX(options, deps)), then register it below. A flag
// shared by several commands goes in commands/flag-groups.ts; a setting flag is a row of settings/definitions.ts.
// The request path (get, watch, list) is loaded with the command tree, in one chunk: each chunk is a module the
// loader resolves, reads and links, and a get used to load 41 of them. The other commands' run functions load on demand.
import type { Wiring } from "../commands/command.js";
import { newCompletionCommand, newProfilesCommand } from "../commands/completion/command.js";
import { newConfigCommand } from "../commands/config/command.js";
import { newDemoCommand } from "../commands/demo/command.js";
import { newGetCommand } from "../commands/get/command.js";
import { runGet } from "../commands/get/run.js";
import { newHistoryCommand } from "../commands/history/command.js";
import { newListCommand } from "../commands/list/command.js";
import { runList } from "../commands/list/run.js";
import { newMockServerCommand } from "../commands/mock-server/command.js";
import { newWatchCommand } from "../commands/watch/command.js";
import { runWatch } from "../commands/watch/run.js";
import type { Deps } from "../deps/deps.js";
import { wrapDiagnostic } from "../render/fit.js";
import { lineWidth } from "../util/width.js";
import { usageErrorLine } from "./usage-hints.js";

export { CommanderError } from "commander";
export { secretsBeforeParsing } from "../settings/secret-sources.js";
export { SCENARIOS } from "../simulator/scenario-names.js";

/**
 * The commander tree. Every action loads its command module on demand, so
 * `--version` and `--help` load nothing heavy. `setCode` receives the exit code.
 */
export function buildProgram(deps: Deps, setCode: (code: number) => void, argv: readonly string[] = []): CommandUnknownOpts {
  const program = new Command("bcs-status")
    .description("How far has the creation of a Huawei Cloud BCS instance got? Query it, or watch it to the end.")
    .version(__VERSION__, "-V, --version")
    .configureOutput({
      writeOut: (s) => deps.io.stdout.write(s),
      writeErr: (s) => deps.io.stderr.write(s),
      // One line, as every other error, with a hint (usage-hints.ts): commander puts its "(Did you mean …?)" on a line of its own.
      // One line, wrapped to the width of stderr like every error line (util/width.ts).
      outputError: (s, write) =>
        write(`${wrapDiagnostic(usageErrorLine(s, program, argv).trimEnd(), lineWidth(deps.io.stderr, deps.env))}\n`),
    })
    .exitOverride()
    .addHelpText(
      "after",
      `
Examples:
  $ bcs-status demo                                   # a simulated deployment, no account needed
  $ export BCS_REGION=cn-north-4 BCS_PROJECT_ID=… BCS_TOKEN=…
  $ bcs-status get bc-1 --json | jq .overall
  $ bcs-status watch bc-1 --timeout 45m               # exit 0 finished, 1 failed, 124 timed out

Credentials: BCS_TOKEN, or BCS_ACCESS_KEY + BCS_SECRET_KEY, or BCS_USERNAME + BCS_PASSWORD + BCS_DOMAIN_NAME.
Run \`bcs-status config\` to see every setting and where it came from.`,
    );

  const w: Wiring = { deps, setCode };
  // Each subcommand takes the program's output and error settings, as program.command() would give it.
  const register = (cmd: CommandUnknownOpts, opts?: { hidden: boolean }) => program.addCommand(cmd.copyInheritedSettings(program), opts);
  register(newListCommand(w, runList));
  register(newGetCommand(w, runGet));
  register(newWatchCommand(w, runWatch));
  register(newConfigCommand(w, async (o, d) => (await import("../commands/config/run.js")).runConfig(o, d)));
  register(newHistoryCommand(w, async (o, d) => (await import("../commands/history/run.js")).runHistory(o, d)));
  register(newCompletionCommand(w, async (o, d) => (await import("../commands/completion/run.js")).runCompletion(o, d)));
  register(
    newProfilesCommand(w, async (o, d) => (await import("../commands/completion/run.js")).runListProfiles(o, d)),
    { hidden: true },
  );
  register(newMockServerCommand(w, async (o, d) => (await import("../commands/mock-server/run.js")).runMockServer(o, d)));
  register(newDemoCommand(w, async (o, d) => (await import("../commands/demo/run.js")).runDemo(o, d)));

  return program;
}
