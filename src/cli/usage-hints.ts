import type { CommandUnknownOpts as Command, Option } from "@commander-js/extra-typings";

/**
 * Commander's usage errors as one line, `bcs-status: <what> (<hint>)`, with
 * the hint a person needs: an option that belongs to another command names
 * that command, and kubectl's habits (`-o json`, `-o wide`, `-w`) name this
 * tool's spelling. Pure: the message, the command tree and the arguments in.
 */
export function usageErrorLine(message: string, program: Command, argv: readonly string[]): string {
  const text = message.replace(/^error: /, "").trim();
  const own = unknownOptionHint(text, program, argv) ?? commandHabitHint(text);
  const oneLine = own
    ? `${text.replace(/\s*\n\s*\(Did you mean[^)]*\)/, "")} (${own})`
    : text.replace(/\s*\n\s*\(Did you mean/, " (did you mean");
  return `bcs-status: ${oneLine}\n`;
}

const OUTPUT_HINT: Record<string, string> = {
  json: "for JSON use --json",
  wide: "for every detail whole use --wide",
};

/** Commands other CLIs have (`kubectl describe`, `gh run watch`'s "status", `az … wait`): this tool's spelling. */
const COMMAND_HABITS: Record<string, string> = {
  status: "to query it once use: bcs-status get <id...>; to follow it to the end: bcs-status watch <id...>",
  describe: "to query it once use: bcs-status get <id...>",
  show: "to query it once use: bcs-status get <id...>",
  wait: "to follow it until it ends use: bcs-status watch <id...>",
};

function commandHabitHint(text: string): string | null {
  const word = /^unknown command '([^']+)'/.exec(text)?.[1];
  return word !== undefined && Object.hasOwn(COMMAND_HABITS, word) ? (COMMAND_HABITS[word] as string) : null;
}

/** An argument as a shell word: as it is when nothing in it is special to a shell, else single-quoted. */
function shellWord(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * An option typed before the command (`bcs-status --json get bc-1`) that the
 * command takes: the command line again with the option moved after it.
 */
function movedOptionHint(flag: string, at: number, command: Command, commandAt: number, argv: readonly string[]): string {
  const name = flag.split("=")[0] as string;
  const option = command.options.find((o) => names(o).includes(name));
  // The option's value travels with it, when it takes one and was not given with `=`.
  const width = !flag.includes("=") && option && (option.required || option.optional) && at + 1 < commandAt ? 2 : 1;
  const moved = argv.slice(at, at + width);
  const rest = argv.filter((_, i) => i < at || i >= at + width);
  return `options go after the command: bcs-status ${[...rest, ...moved].map(shellWord).join(" ")}`;
}

function unknownOptionHint(text: string, program: Command, argv: readonly string[]): string | null {
  const flag = /^unknown option '([^']+)'/.exec(text)?.[1];
  if (flag === undefined) return null;
  const name = flag.split("=")[0] as string;
  const commandAt = argv.findIndex((a) => program.commands.some((c) => c.name() === a));
  const command = commandAt >= 0 ? argv[commandAt] : undefined;
  const given = command !== undefined ? program.commands.find((c) => c.name() === command) : undefined;
  const at = argv.indexOf(flag);
  // Typed before the command, which takes it: where it goes.
  if (given && at >= 0 && at < commandAt && given.options.some((o) => names(o).includes(name))) {
    return movedOptionHint(flag, at, given, commandAt, argv);
  }
  // kubectl: -o json / -ojson / --output=json / --output wide
  if (name === "-o" || name === "--output" || /^-o[a-z]/.test(name)) {
    const value = flag.includes("=")
      ? flag.slice(flag.indexOf("=") + 1)
      : name.length > 2 && name !== "--output"
        ? name.slice(2)
        : next(argv, flag);
    return OUTPUT_HINT[(value ?? "").toLowerCase()] ?? "use --json for JSON, --wide for every detail whole";
  }
  if ((name === "-w" || name === "--watch") && command !== "watch") return "to follow it until it ends use: bcs-status watch <id...>";
  const owners = program.commands.filter(
    (c) => c.name() !== command && !c.name().startsWith("_") && c.options.some((o) => names(o).includes(name)),
  );
  return owners.length > 0 ? `${name} is an option of ${owners.map((c) => c.name()).join(" and ")}` : null;
}

function next(argv: readonly string[], flag: string): string | undefined {
  const at = argv.indexOf(flag);
  return at >= 0 ? argv[at + 1] : undefined;
}

function names(o: Option): string[] {
  return [o.long, o.short].filter((n): n is string => typeof n === "string");
}
