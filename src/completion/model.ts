import type { CommandUnknownOpts as Command, Option } from "@commander-js/extra-typings";
import { KNOWN_REGIONS } from "../http/region-hint.js";
import { SCENARIOS } from "../simulator/scenario-names.js";
import { RESOURCE_NAMES } from "../status/model.js";

/** What to offer as the value of an option or argument. */
export interface ValueCompletion {
  /** Fixed words (commander choices, or names such as the built-in scenarios). */
  words: string[];
  /** Also complete file names. */
  files: boolean;
  /** The profile names of the config file in effect, asked of `<name> __profiles` at completion time. */
  profiles: boolean;
}

export interface OptionModel {
  long?: string;
  short?: string;
  description: string;
  takesValue: boolean;
  /** The value's name in the flags (`<duration>` → "duration"), for zsh's messages. */
  valueName: string;
  values: ValueCompletion;
}

export interface ArgumentModel {
  name: string;
  variadic: boolean;
  values: ValueCompletion;
}

export interface CommandModel {
  name: string;
  description: string;
  options: OptionModel[];
  args: ArgumentModel[];
}

/** The command tree as the completion generators see it: visible commands and options only. */
export interface CompletionModel {
  name: string;
  description: string;
  /** Options of the program itself (--version, --help). */
  options: OptionModel[];
  commands: CommandModel[];
}

const NONE: ValueCompletion = { words: [], files: false, profiles: false };

/** Value completers by long flag; choices declared in commander win over these. */
const BY_FLAG: Record<string, ValueCompletion> = {
  "--profile": { ...NONE, profiles: true },
  "--scenario": { ...NONE, words: [...SCENARIOS], files: true },
  "--config": { ...NONE, files: true },
  "--token-file": { ...NONE, files: true },
  "--summary-file": { ...NONE, files: true },
  "--for": { ...NONE, words: [...RESOURCE_NAMES] },
  // The known BCS regions; another name is allowed, so this offers, it does not restrict.
  "--region": { ...NONE, words: [...KNOWN_REGIONS] },
};

function optionModel(o: Option): OptionModel {
  const takesValue = o.required || o.optional;
  const valueName = /[<[]([^>\]]*)[>\]]/.exec(o.flags)?.[1]?.replace(/\.\.\.$/, "") ?? "";
  let values = NONE;
  if (takesValue) values = o.argChoices ? { ...NONE, words: [...o.argChoices] } : (BY_FLAG[o.long ?? ""] ?? NONE);
  return {
    ...(o.long ? { long: o.long } : {}),
    ...(o.short ? { short: o.short } : {}),
    description: o.description,
    takesValue,
    valueName: valueName || "value",
    values,
  };
}

function commandModel(cmd: Command): CommandModel {
  const help = cmd.createHelp();
  return {
    name: cmd.name(),
    description: cmd.description(),
    options: help.visibleOptions(cmd).map(optionModel),
    args: cmd.registeredArguments.map((a) => ({
      name: a.name(),
      variadic: a.variadic,
      values: { ...NONE, words: [...(a.argChoices ?? [])] },
    })),
  };
}

/** Walks a commander program into the completion model (skipping hidden commands and `help`). */
export function completionModel(program: Command): CompletionModel {
  const help = program.createHelp();
  const root = commandModel(program);
  const commands = help
    .visibleCommands(program)
    .filter((c) => c.name() !== "help")
    .map(commandModel);
  return { name: root.name, description: root.description, options: root.options, commands };
}

/** Every flag spelling of an option: short first, then long. */
export function flagsOf(o: OptionModel): string[] {
  return [o.short, o.long].filter((f): f is string => f !== undefined);
}

/** A shell identifier made from the program name (`bcs-status` → `bcs_status`). */
export function identifier(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, "_");
}
