/**
 * A command-line flag, declared once: commander's option, the typed field it
 * arrives in (SettingFlags) and the source name in `config` all come from here.
 */
export interface FlagDef {
  /** `--project-id`; commander hands it over as `projectId`. */
  name: `--${string}`;
  /** `<id>`: every setting flag takes one value. */
  arg: `<${string}>`;
  help: string;
}

/** Every setting of the table in docs/SETTINGS.md: its flag, environment names (first set wins) and config key. */
export interface SettingDef {
  key: SettingKey;
  flag?: FlagDef;
  env: readonly string[];
  configKey?: string;
  /** Key in the SDK credentials file's [basic] section (lowest precedence). */
  credentialsKey?: string;
  secret: boolean;
  /** A URL: shown without its userinfo (`https://****@host`), whose password is a secret. */
  url?: boolean;
}

export type SettingKey =
  | "project_id"
  | "region"
  | "endpoint"
  | "token"
  | "access_key"
  | "secret_key"
  | "security_token"
  | "username"
  | "password"
  | "domain_name"
  | "iam_endpoint"
  | "profile"
  | "config";

const DEFINITIONS = [
  {
    key: "project_id",
    flag: { name: "--project-id", arg: "<id>", help: "project ID (env BCS_PROJECT_ID, HUAWEICLOUD_SDK_PROJECT_ID, HW_PROJECT_ID)" },
    env: ["BCS_PROJECT_ID", "HUAWEICLOUD_SDK_PROJECT_ID", "HW_PROJECT_ID"],
    configKey: "project_id",
    credentialsKey: "project_id",
    secret: false,
  },
  {
    key: "region",
    flag: { name: "--region", arg: "<name>", help: "region, e.g. cn-north-4 (env BCS_REGION, HW_REGION_NAME)" },
    env: ["BCS_REGION", "HW_REGION_NAME"],
    configKey: "region",
    secret: false,
  },
  {
    key: "endpoint",
    flag: { name: "--endpoint", arg: "<url>", help: "BCS endpoint (env BCS_ENDPOINT; default https://bcs.{region}.myhuaweicloud.com)" },
    env: ["BCS_ENDPOINT"],
    configKey: "endpoint",
    secret: false,
    url: true,
  },
  {
    key: "token",
    flag: { name: "--token", arg: "<token>", help: "IAM token (prefer env BCS_TOKEN or --token-file: flags show up in ps)" },
    env: ["BCS_TOKEN", "HW_AUTH_TOKEN"],
    configKey: "token",
    secret: true,
  },
  {
    key: "access_key",
    env: ["BCS_ACCESS_KEY", "HUAWEICLOUD_SDK_AK", "HW_ACCESS_KEY"],
    configKey: "access_key",
    credentialsKey: "ak",
    secret: true,
  },
  {
    key: "secret_key",
    env: ["BCS_SECRET_KEY", "HUAWEICLOUD_SDK_SK", "HW_SECRET_KEY"],
    configKey: "secret_key",
    credentialsKey: "sk",
    secret: true,
  },
  {
    key: "security_token",
    env: ["BCS_SECURITY_TOKEN", "HUAWEICLOUD_SDK_SECURITY_TOKEN", "HW_SECURITY_TOKEN"],
    configKey: "security_token",
    credentialsKey: "security_token",
    secret: true,
  },
  { key: "username", env: ["BCS_USERNAME", "HW_USER_NAME"], configKey: "username", secret: false },
  { key: "password", env: ["BCS_PASSWORD", "HW_USER_PASSWORD", "HW_PASSWORD"], configKey: "password", secret: true },
  { key: "domain_name", env: ["BCS_DOMAIN_NAME", "HW_DOMAIN_NAME"], configKey: "domain_name", secret: false },
  {
    key: "iam_endpoint",
    flag: { name: "--iam-endpoint", arg: "<url>", help: "IAM endpoint for user login (env BCS_IAM_ENDPOINT, HW_AUTH_URL)" },
    env: ["BCS_IAM_ENDPOINT", "HW_AUTH_URL"],
    configKey: "iam_endpoint",
    secret: false,
    url: true,
  },
  {
    key: "profile",
    flag: { name: "--profile", arg: "<name>", help: "config profile (env BCS_PROFILE)" },
    env: ["BCS_PROFILE"],
    secret: false,
  },
  {
    key: "config",
    flag: { name: "--config", arg: "<path>", help: "config file (env BCS_CONFIG; default $XDG_CONFIG_HOME/bcs-status/config.json)" },
    env: ["BCS_CONFIG"],
    secret: false,
  },
] as const satisfies readonly SettingDef[];

export const SETTINGS: readonly SettingDef[] = DEFINITIONS;

/** `--token-file`: another way to give the token (a file, or - for stdin); it excludes --token. */
export const TOKEN_FILE_FLAG = {
  name: "--token-file",
  arg: "<path|->",
  help: "read the IAM token from a file, or - for stdin",
} as const satisfies FlagDef;

type Camel<S extends string> = S extends `${infer A}-${infer B}` ? `${A}${Capitalize<Camel<B>>}` : S;
/** The field commander gives a flag's value in: `--project-id` → `projectId`. */
export type FieldOf<F extends string> = F extends `--${infer N}` ? Camel<N> : never;

type SettingFlagName = Extract<(typeof DEFINITIONS)[number], { flag: FlagDef }>["flag"]["name"] | (typeof TOKEN_FILE_FLAG)["name"];

/** The setting flags as commander parses them, typed from the definitions above. */
export type SettingFlags = { [F in SettingFlagName as FieldOf<F>]?: string };

/** `--project-id` → `projectId`, as commander names the field (and as FieldOf types it). */
export function fieldOf<F extends `--${string}`>(name: F): FieldOf<F> {
  return name.slice(2).replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase()) as FieldOf<F>;
}

/**
 * Config-file keys that hold a secret (a file with one must not be readable by
 * others). `token_file` is only a path: the token file itself is checked when read.
 */
export const SECRET_CONFIG_KEYS: readonly string[] = SETTINGS.filter((s) => s.secret && s.configKey).map((s) => s.configKey as string);

/** Every key a profile may hold: the settings' config keys and `token_file`. */
export const PROFILE_KEYS: readonly string[] = [...SETTINGS.flatMap((s) => (s.configKey ? [s.configKey] : [])), "token_file"];

/**
 * A region name becomes part of a host name (bcs.{region}.myhuaweicloud.com), so
 * it must be one DNS label: letters, digits and inner hyphens, nothing that could
 * move the request to another host (`.`, `/`, `@`, `:`…).
 */
export const REGION = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
