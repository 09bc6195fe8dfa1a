import path from "node:path";
import { UsageError } from "../util/errors.js";
import { CONFIG_FILE_MAX_BYTES, expandHome, type ReadContext, readCappedFile } from "../util/files.js";
import { describeJsonError } from "../util/json-error.js";
import { quoteText } from "../util/text.js";

export interface ConfigFile {
  path: string;
  defaultProfile: string | null;
  /** Null-prototype: only the file's own names are profiles (`constructor` is not one unless the file says so). */
  profiles: Record<string, Record<string, unknown>>;
  /** Top-level keys other than default_profile and profiles (warned about, ignored). */
  unknownKeys: string[];
}

/** `$XDG_CONFIG_HOME/bcs-status/config.json`, else `~/.config/bcs-status/config.json`. */
export function defaultConfigPath(env: NodeJS.ProcessEnv, homedir: string): string {
  const base = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(homedir, ".config");
  return path.join(base, "bcs-status", "config.json");
}

/** The config file in effect: the one named (by --config or BCS_CONFIG, `~` expanded), else the default path. */
export function configFilePath(named: string | undefined, env: NodeJS.ProcessEnv, homedir: string): string {
  return named ? expandHome(named, homedir) : defaultConfigPath(env, homedir);
}

/**
 * Loads a config file. A missing file is null for the default path (`namedBy`
 * null), else a usage error naming what named it (`flag --config`, `env BCS_CONFIG`).
 * The default path is read only if it is a regular file (anything else is
 * ignored with a warning); a named one may be a pipe (`--config <(…)`). Over
 * 1 MiB is a usage error either way.
 */
export async function loadConfigFile(file: string, namedBy: string | null, rc: ReadContext = {}): Promise<ConfigFile | null> {
  const text = await readCappedFile(file, {
    maxBytes: CONFIG_FILE_MAX_BYTES,
    what: "config file",
    origin: namedBy ?? undefined,
    signal: rc.signal,
    mustBeRegular: namedBy === null,
    warn: rc.warn,
  });
  if (text === null) {
    if (namedBy !== null)
      throw new UsageError(`config file ${file} (${namedBy}) does not exist: create it, or fix ${namedBy.replace(/^(flag|env) /, "")}`);
    return null;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // Not JSON.parse's message: it quotes the text around the error, which may be a secret.
    throw new UsageError(`config file ${file} is not valid JSON${describeJsonError(text)}`);
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new UsageError(`config file ${file} must hold a JSON object like {"default_profile": "prod", "profiles": {"prod": {…}}}`);
  }
  const obj = data as Record<string, unknown>;
  const profiles = obj.profiles ?? {};
  if (typeof profiles !== "object" || profiles === null || Array.isArray(profiles)) {
    throw new UsageError(`config file ${file}: "profiles" must be an object of named profiles`);
  }
  for (const [name, p] of Object.entries(profiles)) {
    if (typeof p !== "object" || p === null || Array.isArray(p))
      throw new UsageError(`config file ${file}: profile ${quoteText(name)} must be an object`);
  }
  const dp = obj.default_profile;
  if (dp !== undefined && typeof dp !== "string") throw new UsageError(`config file ${file}: "default_profile" must be a string`);
  return {
    path: file,
    defaultProfile: dp ?? null,
    profiles: Object.assign(Object.create(null) as Record<string, Record<string, unknown>>, profiles),
    unknownKeys: Object.keys(obj).filter((k) => k !== "profiles" && k !== "default_profile"),
  };
}
