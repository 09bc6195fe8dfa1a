// The flag groups the shared parts of get, watch and list read (session, output, targets). Each command's own
// options type is read off its declaration (commands/<name>/command.ts) and must fit these.

/** The output flags (names as commander camel-cases them). */
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

/** How get and watch name blockchains besides ids (`--name`, `--all`; resolved in targets.ts). */
export interface TargetFlags {
  /** `--name`, repeatable. */
  name?: string[];
  all?: boolean;
}
