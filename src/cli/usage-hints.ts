import type { CommandUnknownOpts as Command, Option } from "@commander-js/extra-typings";

/**
 * Commander's usage errors as one line, `bcs-status: <what> (<hint>)`, with
 * the hint a person needs: an option that belongs to another command names
 * that command, and kubectl's habits (`-o json`, `-o wide`, `-w`) name this
 * tool's spelling. Pure: the message, the command tree and the arguments in.
 */
export function usageErrorLine(message: string, program: Command, argv: readonly string[]): string {
  const text = message.replace(/^error: /, "").trim();
  const own = unknownOptionHint(text, program, argv);
  const oneLine = own
    ? `${text.replace(/\s*\n\s*\(Did you mean[^)]*\)/, "")} (${own})`
    : text.replace(/\s*\n\s*\(Did you mean/, " (did you mean");
  return `bcs-status: ${oneLine}\n`;
}

const OUTPUT_HINT: Record<string, string> = {
  json: "for JSON use --json",
  wide: "for every detail whole use --wide",
};

function unknownOptionHint(text: string, program: Command, argv: readonly string[]): string | null {
  const flag = /^unknown option '([^']+)'/.exec(text)?.[1];
  if (flag === undefined) return null;
  const name = flag.split("=")[0] as string;
  const command = argv.find((a) => program.commands.some((c) => c.name() === a));
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
