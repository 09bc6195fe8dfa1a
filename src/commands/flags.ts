import type { SettingFlags } from "../settings/resolve.js";
import type { ShownName } from "../status/model.js";

/** The options commander parses for get and watch (names as commander camel-cases them). */
export interface OutputFlags {
  json?: boolean;
  raw?: boolean;
  /** false with --no-color. */
  color: boolean;
  ascii?: boolean;
  timeline?: boolean;
  /** --wide: tables show every detail whole, wrapped inside its column. */
  wide?: boolean;
  summaryFile?: string;
  verbose?: boolean;
  /** false with --no-history: the local history of durations is neither read nor written. */
  history?: boolean;
}

export interface RequestFlags {
  requestTimeout: number;
  retries: number;
  /** Requests in flight at once, for the whole run. */
  concurrency: number;
}

/** How get and watch name blockchains besides ids (SPEC `--name`, `--all`; resolved in targets.ts). */
export interface TargetFlags {
  /** `--name`, repeatable. */
  name?: string[];
  all?: boolean;
}

export interface GetFlags extends SettingFlags, OutputFlags, RequestFlags, TargetFlags {
  exitStatus?: boolean;
}

/** `list`: the output and request options (no --raw, --timeline). */
export interface ListFlags extends SettingFlags, OutputFlags, RequestFlags {
  exitStatus?: boolean;
}

export interface WatchFlags extends SettingFlags, OutputFlags, RequestFlags, TargetFlags {
  interval: number;
  timeout: number;
  quiet?: boolean;
  /** `--notify`: a bell and a desktop notification when the watch ends (stderr on a terminal). */
  notify?: boolean;
  /** `--for`: end with 0 once these resources are finished. */
  for?: ShownName[];
  /** false with --no-fail-fast. */
  failFast?: boolean;
}

export interface ConfigFlags extends SettingFlags {
  json?: boolean;
  color: boolean;
}
