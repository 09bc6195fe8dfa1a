// Flag groups more than one command declares. Each helper returns the command with its
// options' types added (commander's extra typings), so a command's parsed options are
// exactly what it declared: reading anything else does not compile.
import { type Command, Option, type OptionValues } from "@commander-js/extra-typings";
import { fieldOf, SETTINGS, type SettingFlags, TOKEN_FILE_FLAG } from "../settings/definitions.js";
import { countArg, positiveDurationArg, positiveIntegerArg } from "../settings/parse.js";

/** The setting flags, each declared once in settings/definitions.ts (typed from that table as SettingFlags). */
export function settingOptions<A extends unknown[], O extends OptionValues>(cmd: Command<A, O>): Command<A, O & SettingFlags> {
  for (const def of SETTINGS) {
    if (!def.flag) continue;
    const option = new Option(`${def.flag.name} ${def.flag.arg}`, def.flag.help);
    if (def.key === "token") option.conflicts(fieldOf(TOKEN_FILE_FLAG.name));
    cmd.addOption(option);
    if (def.key === "token") cmd.addOption(new Option(`${TOKEN_FILE_FLAG.name} ${TOKEN_FILE_FLAG.arg}`, TOKEN_FILE_FLAG.help));
  }
  // The loop above adds exactly the flags SettingFlags is computed from.
  return cmd as unknown as Command<A, O & SettingFlags>;
}

/** `--json`, after the setting flags: the start of the output and request options of get, watch and list. */
function jsonOption<A extends unknown[], O extends OptionValues>(cmd: Command<A, O>) {
  return settingOptions(cmd).addOption(new Option("--json", "one JSON document per blockchain, one per line (NDJSON)").conflicts("raw"));
}

/** The rest of the output and request options, after `--json` (and get's and watch's `--raw`, `--timeline`). */
function outputAndRequestOptions<A extends unknown[], O extends OptionValues>(cmd: Command<A, O>) {
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
    .option("--no-color", "no colour (also NO_COLOR; FORCE_COLOR forces it)")
    .option("--no-history", "neither read nor write the local history of durations (also BCS_NO_HISTORY=1)");
}

/** The output and request options of get and watch. */
export function queryOptions<A extends unknown[], O extends OptionValues>(cmd: Command<A, O>) {
  return outputAndRequestOptions(
    jsonOption(cmd)
      .option("--raw", "the API's response body, one per line")
      .option("--timeline", "also draw a Gantt chart of the resources"),
  );
}

/** `list` takes get's output and request options but --raw and --timeline. */
export function listQueryOptions<A extends unknown[], O extends OptionValues>(cmd: Command<A, O>) {
  return outputAndRequestOptions(jsonOption(cmd));
}

/** `--name` (repeatable) and `--all`, resolved with one list call (commands/targets.ts). */
export function targetOptions<A extends unknown[], O extends OptionValues>(cmd: Command<A, O>) {
  return cmd
    .option(
      "--name <name>",
      "a blockchain by its name instead of its id (repeatable; looked up with the list API)",
      // Appended in place: a copy per flag would make 10,000 names cost 50 million copies.
      (value: string, previous?: string[]) => {
        if (!previous) return [value];
        previous.push(value);
        return previous;
      },
    )
    .option("--all", "every blockchain of the project");
}
