import { Command, Option } from "commander";
// The request path (get, watch, list) is loaded with the command tree, in one chunk: each chunk is a module the
// loader resolves, reads and links, and a get used to load 41 of them. The other commands load on demand.
import { runGet } from "./commands/get/run.js";
import { runList } from "./commands/list/run.js";
import { runWatch } from "./commands/watch/run.js";
import type { Deps } from "./deps.js";
import { fitLine } from "./render/fit.js";
import { fieldOf, SETTINGS, TOKEN_FILE_FLAG } from "./settings/definitions.js";
import {
  countArg,
  durationArg,
  portArg,
  positiveDurationArg,
  positiveIntegerArg,
  positiveNumberArg,
  resourceArg,
} from "./settings/parse.js";
import { SCENARIOS } from "./simulator/scenario-names.js";
import { RESOURCE_NAMES } from "./status/model.js";
import { usageErrorLine } from "./usage-hints.js";
import { lineWidth } from "./util/width.js";

export { CommanderError } from "commander";
export { secretsBeforeParsing } from "./settings/secret-sources.js";
export { SCENARIOS } from "./simulator/scenario-names.js";

/** The setting flags, each declared once in settings/definitions.ts. */
function settingOptions(cmd: Command): Command {
  for (const def of SETTINGS) {
    if (!def.flag) continue;
    const option = new Option(`${def.flag.name} ${def.flag.arg}`, def.flag.help);
    if (def.key === "token") option.conflicts(fieldOf(TOKEN_FILE_FLAG.name));
    cmd.addOption(option);
    if (def.key === "token") cmd.addOption(new Option(`${TOKEN_FILE_FLAG.name} ${TOKEN_FILE_FLAG.arg}`, TOKEN_FILE_FLAG.help));
  }
  return cmd;
}

/** The output and request options of get and watch; `list` takes them but --raw and --timeline (SPEC). */
function queryOptions(cmd: Command, o: { list?: boolean } = {}): Command {
  settingOptions(cmd).addOption(new Option("--json", "one JSON document per blockchain, one per line (NDJSON)").conflicts("raw"));
  if (!o.list)
    cmd.option("--raw", "the API's response body, one per line").option("--timeline", "also draw a Gantt chart of the resources");
  return cmd
    .option("--wide", "tables show every detail whole, wrapped inside its column")
    .option("--ascii", "plain characters only in tables and timelines (default: on in a non-UTF-8 locale)")
    .option("--summary-file <path>", "write a Markdown summary (table + mermaid gantt) to this file")
    .addOption(
      new Option("--request-timeout <duration>", "limit for one HTTP request, headers and body")
        .argParser(positiveDurationArg)
        .default(30_000, "30s"),
    )
    .option("--retries <n>", "tries after a transient failure (network, 429, 502, 503, 504)", countArg, 3)
    .option("--concurrency <n>", "requests in flight at once, for the whole run", positiveIntegerArg, 10)
    .option("-v, --verbose", "trace each request on stderr (secrets redacted)")
    .option("--no-color", "no colour (also NO_COLOR; FORCE_COLOR forces it)");
}

/** `--name` (repeatable) and `--all`, resolved with one list call (commands/targets.ts). */
function targetOptions(cmd: Command): Command {
  return cmd
    .option(
      "--name <name>",
      "a blockchain by its name instead of its id (repeatable; looked up with the list API)",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option("--all", "every blockchain of the project");
}

const LIST_EXAMPLES = `
Order: failed first, then those whose state could not be read, deploying,
waiting, unknown, finished; by name within each.

Examples:
  $ bcs-status list                            # name, id, state, finished count, elapsed
  $ bcs-status list --json | jq -r 'select(.overall == "failed") | .name'
  $ bcs-status list --exit-status              # 0 all finished, 1 one failed, 8 some in progress`;

const GET_EXAMPLES = `
Examples:
  $ bcs-status get 4e3b1c2a-bc01 --region cn-north-4 --project-id 0b5f…
  $ bcs-status get bc-1 bc-2 --json | jq -r '.overall'
  $ bcs-status get bc-1 --exit-status || echo "not finished yet (exit $?)"
  $ bcs-status get --name marbles --name bcs-api   # by name (one list call)
  $ bcs-status get --all --json                    # every blockchain of the project`;

const WATCH_EXAMPLES = `
Examples:
  $ bcs-status watch bc-1                      # spinner on a terminal, one line per change in CI
  $ bcs-status watch bc-1 --timeout 45m --interval 10s
  $ bcs-status watch bc-1 bc-2 --json > states.ndjson
  $ bcs-status watch --name marbles            # by name (one list call)`;

/**
 * The commander tree. Every action loads its command module on demand, so
 * `--version` and `--help` load nothing heavy. `setCode` receives the exit code.
 */
export function buildProgram(deps: Deps, setCode: (code: number) => void, argv: readonly string[] = []): Command {
  const program = new Command("bcs-status")
    .description("How far has the creation of a Huawei Cloud BCS instance got? Query it, or watch it to the end.")
    .version(__VERSION__, "-V, --version")
    .configureOutput({
      writeOut: (s) => deps.io.stdout.write(s),
      writeErr: (s) => deps.io.stderr.write(s),
      // One line, as every other error, with a hint (usage-hints.ts): commander puts its "(Did you mean …?)" on a line of its own.
      // One line, wrapped to the width of stderr like every error line (util/width.ts).
      outputError: (s, write) => write(`${fitLine(usageErrorLine(s, program, argv).trimEnd(), lineWidth(deps.io.stderr, deps.env))}\n`),
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

  queryOptions(program.command("list").description("every blockchain of the project with its creation state, one row each"), { list: true })
    .option("--exit-status", "exit 0 all finished, 1 one failed, 8 some in progress")
    .addHelpText("after", LIST_EXAMPLES)
    .action(async (flags) => {
      setCode(await runList(flags, deps));
    });

  queryOptions(
    targetOptions(
      program.command("get").argument("[id...]", "blockchain ids").description("query each blockchain once and print its state"),
    ),
  )
    .option("--exit-status", "exit 0 finished, 1 failed, 8 in progress")
    .addHelpText("after", GET_EXAMPLES)
    .action(async (ids: string[], flags) => {
      setCode(await runGet(ids, flags, deps));
    });

  queryOptions(
    targetOptions(
      program
        .command("watch")
        .argument("[id...]", "blockchain ids")
        .description("poll until every resource is finished, one failed, or the timeout passes"),
    ),
  )
    .addOption(new Option("--interval <duration>", "time between polls of one id").argParser(positiveDurationArg).default(5_000, "5s"))
    .addOption(new Option("--timeout <duration>", "give up after this long; 0 = never").argParser(durationArg).default(30 * 60_000, "30m"))
    .option("-q, --quiet", "no progress output; the result still prints")
    .option("--notify", "when the watch ends and stderr is a terminal: a bell and a desktop notification (OSC 9)")
    .addOption(
      new Option("--for <resource>", `end with 0 once these resources are finished (repeatable): ${RESOURCE_NAMES.join(", ")}`)
        .argParser(resourceArg)
        .default(undefined),
    )
    .option("--no-fail-fast", "with several ids, keep watching the others after one failed (the exit code is still 1)")
    .addHelpText("after", WATCH_EXAMPLES)
    .action(async (ids: string[], flags) => {
      setCode(await runWatch(ids, flags, deps));
    });

  settingOptions(program.command("config").description("print the resolved settings and where each came from (secrets masked)"))
    .option("--json", "as one JSON object")
    .option("--no-color", "no colour")
    .addHelpText(
      "after",
      `
Examples:
  $ bcs-status config                          # every setting, its source, and the auth mode
  $ bcs-status config --profile prod --json | jq -r .auth_mode
  $ BCS_CONFIG=./ci.json bcs-status config     # check a config file before a pipeline uses it`,
    )
    .action(async (flags) => {
      const { runConfig } = await import("./commands/config/run.js");
      setCode(await runConfig(flags, deps));
    });

  program
    .command("completion")
    .description("print a shell completion script")
    .addArgument(new Command().createArgument("<shell>", "bash, zsh or fish").choices(["bash", "zsh", "fish"]))
    .addHelpText(
      "after",
      "\nExamples:\n  $ source <(bcs-status completion bash)\n  $ bcs-status completion fish > ~/.config/fish/completions/bcs-status.fish",
    )
    .action(async (shell: "bash" | "zsh" | "fish") => {
      const { runCompletion } = await import("./commands/completion/run.js");
      setCode(await runCompletion(shell, program, deps));
    });

  // Used by the completion scripts: the profile names of the config file in effect.
  program
    .command("__profiles", { hidden: true })
    .option("--config <path>")
    .action(async (flags: { config?: string }) => {
      const { runListProfiles } = await import("./commands/completion/run.js");
      setCode(await runListProfiles(flags, deps));
    });

  program
    .command("mock-server")
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
    )
    .action(async (flags) => {
      const { runMockServer } = await import("./commands/mock-server/run.js");
      setCode(await runMockServer(flags, deps));
    });

  program
    .command("demo")
    .description("watch a simulated deployment end to end; needs no cloud account")
    .addOption(new Option("--scenario <name>", "simulated outcome").choices(["success", "failure"]).default("success"))
    .option("--timeline", "also draw a Gantt chart at the end")
    .option("--no-color", "no colour")
    .addHelpText(
      "after",
      `
Examples:
  $ bcs-status demo                            # about 20 s; exit 0 when the simulated blockchain is ready
  $ bcs-status demo --scenario failure         # a CCE cluster fails: exit 1, with the reason
  $ bcs-status demo --timeline                 # and where the time went`,
    )
    .action(async (flags) => {
      const { runDemo } = await import("./commands/demo/run.js");
      setCode(await runDemo(flags, deps));
    });

  return program;
}
