import path from "node:path";
import { UsageError } from "../util/errors.js";
import { expandHome, permissionWarning, readCappedFile, showBytes, TOKEN_FILE_MAX_BYTES, TooLargeError } from "../util/files.js";
import { quoteText, showText } from "../util/text.js";
import { type ConfigFile, configFilePath, loadConfigFile } from "./config-file.js";
import { type CredentialsFile, loadCredentialsFile } from "./credentials-file.js";
import {
  fieldOf,
  PROFILE_KEYS,
  REGION,
  SECRET_CONFIG_KEYS,
  SETTINGS,
  type SettingDef,
  type SettingFlags,
  type SettingKey,
} from "./definitions.js";

export { mask } from "../util/text.js";

/** A value and where it came from: `flag --region`, `env BCS_REGION`, `config FILE#profile`, `credentials FILE`, `default`. */
export interface Resolved {
  value: string;
  source: string;
}

export type Settings = Partial<Record<SettingKey, Resolved>>;

export type { SettingFlags };

export interface ResolveContext {
  env: NodeJS.ProcessEnv;
  homedir: string;
  readStdin(o: { maxBytes: number; signal?: AbortSignal | undefined }): Promise<string>;
  /** Each warning (e.g. a secret file readable by others) goes here. */
  warn(line: string): void;
  /**
   * The run's signal (Ctrl-C, SIGTERM): a file still being read, such as a
   * named pipe for --token-file or --config, is given up with InterruptedError.
   */
  signal?: AbortSignal | undefined;
  /**
   * `config` only: a token file that cannot be used (missing, empty, a
   * directory…) is told here and the token left unset, so that the whole table
   * still prints; without it, that is a usage error.
   */
  problem?(line: string): void;
}

/** A token file read; with ctx.problem, a usage problem with it is told there and gives null. */
async function tokenFileOrProblem(read: () => Promise<Resolved>, ctx: ResolveContext): Promise<Resolved | null> {
  try {
    return await read();
  } catch (err) {
    if (!ctx.problem || !(err instanceof UsageError)) throw err;
    ctx.problem(err.message);
    return null;
  }
}

function fromFlagOrEnv(def: SettingDef, flags: SettingFlags, env: NodeJS.ProcessEnv): Resolved | undefined {
  const flagValue = def.flag ? flags[fieldOf(def.flag.name) as keyof SettingFlags] : undefined;
  if (def.flag && flagValue !== undefined && flagValue !== "") return { value: flagValue, source: `flag ${def.flag.name}` };
  for (const name of def.env) {
    const v = env[name];
    if (v !== undefined && v !== "") return { value: v, source: `env ${name}` };
  }
  return undefined;
}

/**
 * A token file the user named (`--token-file`, `token_file` in a profile): a
 * regular file or a pipe (`<(pass show bcs)`), `-` for stdin; over 64 KiB, a
 * directory, or unreadable is one line and exit 2.
 */
async function readTokenFile(file: string, ctx: ResolveContext, what: string): Promise<string> {
  let text: string | null;
  if (file === "-") {
    text = await ctx.readStdin({ maxBytes: TOKEN_FILE_MAX_BYTES, signal: ctx.signal });
    // A backstop: the reader of stdin should stop at the cap itself (readCappedStream).
    if (Buffer.byteLength(text) > TOKEN_FILE_MAX_BYTES) {
      throw new TooLargeError(`token file on stdin (${what}) is larger than ${showBytes(TOKEN_FILE_MAX_BYTES)}`);
    }
  } else {
    text = await readCappedFile(file, { maxBytes: TOKEN_FILE_MAX_BYTES, what: "token file", origin: what, signal: ctx.signal });
    if (text === null) throw new UsageError(`token file ${showText(file)} (${what}) does not exist`);
    const warning = await permissionWarning(file);
    if (warning) ctx.warn(warning);
  }
  const token = text.trim();
  if (token === "") throw new UsageError(`token file ${file === "-" ? "on stdin" : showText(file)} (${what}) is empty`);
  return token;
}

/** `--token` first, then `--token-file` (both flags beat the environment). */
async function tokenFromFlags(flags: SettingFlags, ctx: ResolveContext): Promise<Resolved | null | undefined> {
  if (flags.token !== undefined && flags.token !== "") return { value: flags.token, source: "flag --token" };
  if (flags.tokenFile === undefined) return undefined;
  const file = expandHome(flags.tokenFile, ctx.homedir);
  return tokenFileOrProblem(
    async () => ({ value: await readTokenFile(file, ctx, "--token-file"), source: `flag --token-file ${flags.tokenFile}` }),
    ctx,
  );
}

/** A profile by name: the file's own keys only, so `constructor` or `__proto__` is a missing profile, not Object's. */
function profileNamed(cfg: ConfigFile | null, name: string): Record<string, unknown> | undefined {
  return cfg && Object.hasOwn(cfg.profiles, name) ? cfg.profiles[name] : undefined;
}

/** A profile name as messages show it: in double quotes as before (`"prod"`), controls escaped, capped at 64. */
const showName = (name: string) => quoteText(name);

function pickProfile(cfg: ConfigFile | null, flagOrEnv: Resolved | undefined): { name: string | null; values: Record<string, unknown> } {
  if (flagOrEnv) {
    const values = profileNamed(cfg, flagOrEnv.value);
    if (!values) {
      const known = cfg ? Object.keys(cfg.profiles).map(listedName).join(", ") || "none" : "no config file";
      throw new UsageError(`profile ${showName(flagOrEnv.value)} (${flagOrEnv.source}) not found (profiles: ${known})`);
    }
    return { name: flagOrEnv.value, values };
  }
  if (!cfg) return { name: null, values: {} };
  const name = cfg.defaultProfile ?? (profileNamed(cfg, "default") ? "default" : null);
  if (name === null) return { name: null, values: {} };
  const values = profileNamed(cfg, name);
  if (!values) throw new UsageError(`default_profile ${showName(name)} in ${cfg.path} names no profile in "profiles"`);
  return { name, values };
}

/** In the list of profiles a plain name stays bare (`a, b`, as before); anything else is quoted and escaped. */
function listedName(name: string): string {
  return /^[A-Za-z0-9._-]{1,64}$/.test(name) ? name : quoteText(name);
}

/** Resolves every setting: flag > environment > config-file profile > SDK credentials file > default. */
export async function resolveSettings(flags: SettingFlags, ctx: ResolveContext): Promise<Settings> {
  const { env, homedir } = ctx;
  const byKey = (k: SettingKey) => SETTINGS.find((s) => s.key === k) as SettingDef;
  const out: Settings = {};

  const configChoice = fromFlagOrEnv(byKey("config"), flags, env);
  const configPath = configFilePath(configChoice?.value, env, homedir);
  const files = { signal: ctx.signal, warn: ctx.warn };
  const cfg = await loadConfigFile(configPath, configChoice?.source ?? null, files);
  out.config = configChoice ?? { value: configPath, source: cfg ? "default" : "default (not found)" };

  const profileChoice = fromFlagOrEnv(byKey("profile"), flags, env);
  const profile = pickProfile(cfg, profileChoice);
  if (profile.name !== null) out.profile = profileChoice ?? { value: profile.name, source: `config ${cfg?.path}` };
  // The name may come from the file: shown in sources (config, errors) without its control characters.
  const configSource = `config ${cfg?.path}#${profile.name === null ? null : showText(profile.name, 64)}`;
  // Any profile's secret counts, not only the chosen one's: the file is what others can read.
  if (cfg && Object.values(cfg.profiles).some((p) => SECRET_CONFIG_KEYS.some((k) => p[k] !== undefined))) {
    const warning = await permissionWarning(cfg.path);
    if (warning) ctx.warn(warning);
  }
  for (const key of cfg?.unknownKeys ?? []) {
    ctx.warn(`warning: ${cfg?.path}: unknown top-level key ${quoteText(key)} (expected "default_profile" and "profiles"); it is ignored`);
  }
  if (cfg && profile.name !== null) checkProfile(cfg.path, profile.name, profile.values, ctx.warn);

  let creds: CredentialsFile | null | undefined;
  let credsChecked = false;
  for (const def of SETTINGS) {
    if (def.key === "config" || def.key === "profile") continue;
    const fromTokenFlags = def.key === "token" ? await tokenFromFlags(flags, ctx) : undefined;
    // A token file named but unusable (a problem told to `config`): no other source stands in for it.
    if (fromTokenFlags === null) continue;
    let r: Resolved | null | undefined =
      def.key === "token" ? (fromTokenFlags ?? fromFlagOrEnv(def, {}, env)) : fromFlagOrEnv(def, flags, env);
    const fromConfig = def.configKey ? profile.values[def.configKey] : undefined;
    if (!r && typeof fromConfig === "string" && fromConfig !== "") r = { value: fromConfig, source: configSource };
    if (!r && def.key === "token" && typeof profile.values.token_file === "string" && profile.values.token_file !== "") {
      // Relative to the config file, as kubectl resolves paths in a kubeconfig.
      const file = path.resolve(path.dirname(cfg?.path ?? "."), expandHome(profile.values.token_file, homedir));
      r = await tokenFileOrProblem(
        async () => ({
          value: await readTokenFile(file, ctx, `token_file in ${cfg?.path}`),
          source: `${configSource} token_file ${showText(file)}`,
        }),
        ctx,
      );
      if (r === null) continue;
    }
    if (!r && def.credentialsKey) {
      // Read once: null (no file, or one that is ignored with a warning) is an answer too, not a reason to read it again.
      if (creds === undefined) creds = await loadCredentialsFile(env, homedir, files);
      const v = creds?.values[def.credentialsKey];
      if (creds && v) {
        r = { value: v, source: `credentials ${creds.path}` };
        // Like the config file: a secret taken from a file others can read earns a warning (once).
        if (def.secret && !credsChecked) {
          credsChecked = true;
          const warning = await permissionWarning(creds.path);
          if (warning) ctx.warn(warning);
        }
      }
    }
    if (r) out[def.key] = r;
  }

  // An invalid region derives nothing; requireTarget() refuses it before any request.
  const region = out.region && REGION.test(out.region.value) ? out.region.value : undefined;
  if (!out.endpoint && region) out.endpoint = { value: `https://bcs.${region}.myhuaweicloud.com`, source: "default (from region)" };
  if (!out.iam_endpoint && region) out.iam_endpoint = { value: `https://iam.${region}.myhuaweicloud.com`, source: "default (from region)" };
  return out;
}

/**
 * A profile's values must be strings (a number or list is refused, not ignored),
 * and a key this tool does not know earns a warning: a typo must not pass
 * unnoticed, e.g. `projectid` silently falling back to another project.
 */
function checkProfile(file: string, name: string, values: Record<string, unknown>, warn: (line: string) => void): void {
  for (const [key, value] of Object.entries(values)) {
    if (!PROFILE_KEYS.includes(key)) {
      const near = PROFILE_KEYS.find((k) => k.replace(/_/g, "") === key.toLowerCase().replace(/[_-]/g, ""));
      warn(
        `warning: ${file}: profile ${showName(name)} has an unknown key ${quoteText(key)}${near ? ` (did you mean "${near}"?)` : ""}; it is ignored`,
      );
    } else if (typeof value !== "string") {
      throw new UsageError(
        `config file ${file}: profile ${showName(name)}: "${key}" must be a string, not ${Array.isArray(value) ? "an array" : value === null ? "null" : `a ${typeof value}`}`,
      );
    }
  }
}
