import { durationArg, positiveDurationArg, resourceArg } from "../settings/parse.js";
import type { ShownName } from "../status/model.js";
import { UsageError } from "../util/errors.js";

/** The Action's inputs (action.yml), parsed; a string input left empty is absent. */
export interface ActionInputs {
  ids: string[];
  names: string[];
  all: boolean;
  for: ShownName[];
  timeoutMs: number;
  intervalMs: number;
  failFast: boolean;
  region?: string;
  projectId?: string;
  endpoint?: string;
  token?: string;
  accessKey?: string;
  secretKey?: string;
  securityToken?: string;
}

/** The inputs that hold a secret: masked before anything else is written. */
export const SECRET_INPUTS = ["token", "access-key", "secret-key", "security-token"] as const;

/**
 * An input as the runner passes it: `INPUT_<NAME>`, the name upper-cased with spaces as `_`
 * (a `-` stays), the value trimmed; absent or blank is undefined.
 */
export function input(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`]?.trim();
  return value ? value : undefined;
}

/** `ids`, `names`, `for`: one value per line or separated by commas, blanks dropped. */
export function listInput(env: NodeJS.ProcessEnv, name: string): string[] {
  return (input(env, name) ?? "")
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/** A boolean input in the YAML 1.2 core schema's spellings (as GitHub's toolkit reads them); anything else is a usage error. */
export function booleanInput(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const value = input(env, name);
  if (value === undefined) return fallback;
  if (["true", "True", "TRUE"].includes(value)) return true;
  if (["false", "False", "FALSE"].includes(value)) return false;
  throw new UsageError(`input ${name}: expected true or false, got ${JSON.stringify(value)}`);
}

/** A value parsed by the CLI's own argument parser, its complaint naming the input instead of a flag. */
function parsed<T>(name: string, value: string, parse: (v: string) => T): T {
  try {
    return parse(value);
  } catch (err) {
    throw new UsageError(`input ${name}: ${JSON.stringify(value)}: ${(err as Error).message}`);
  }
}

/** Every input of action.yml, read from the environment the runner gives the process. */
export function readInputs(env: NodeJS.ProcessEnv): ActionInputs {
  const forNames = listInput(env, "for").reduce<ShownName[]>((acc, v) => parsed("for", v, (x) => resourceArg(x, acc)), []);
  const optional = (name: string) => input(env, name);
  const out: ActionInputs = {
    ids: listInput(env, "ids"),
    names: listInput(env, "names"),
    all: booleanInput(env, "all", false),
    for: forNames,
    timeoutMs: parsed("timeout", optional("timeout") ?? "30m", durationArg),
    intervalMs: parsed("interval", optional("interval") ?? "5s", positiveDurationArg),
    failFast: booleanInput(env, "fail-fast", true),
  };
  const strings = [
    ["region", "region"],
    ["projectId", "project-id"],
    ["endpoint", "endpoint"],
    ["token", "token"],
    ["accessKey", "access-key"],
    ["secretKey", "secret-key"],
    ["securityToken", "security-token"],
  ] as const;
  for (const [key, name] of strings) {
    const value = optional(name);
    if (value !== undefined) out[key] = value;
  }
  return out;
}
