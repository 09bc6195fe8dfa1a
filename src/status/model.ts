/** The normalised shape of one blockchain's creation status (docs/OUTPUT.md, "The JSON document"). */

export const RESOURCE_NAMES = ["bcs", "eip", "sfs", "obs", "kafka", "cce.cluster", "cce.network", "cce.security_group"] as const;

export type ResourceName = (typeof RESOURCE_NAMES)[number];

/**
 * A resource's name as shown: one of RESOURCE_NAMES, or the key of a resource the
 * API sent that this tool does not know (`dns`, `cce.node_pool`), cleaned and capped.
 */
export type ShownName = ResourceName | (string & {});

/** The longest name (in terminal cells) kept of a resource key the tool does not know. */
export const UNKNOWN_NAME_CELLS = 64;

/** Known statuses; any other string from the server is kept as it is. */
export type KnownStatus = "waiting" | "deploying" | "finished" | "failed";
export type Overall = KnownStatus | "unknown";

export interface Resource {
  name: ShownName;
  /** The API's status string, unchanged ("" when absent). */
  status: string;
  /** The API's time strings; empty or missing become null. */
  start_time: string | null;
  end_time: string | null;
  /** Parsed instants in epoch milliseconds (null when absent or unparseable). */
  startMs: number | null;
  endMs: number | null;
  /** end - start, in ms, where both exist. */
  duration_ms: number | null;
  detail: string;
}

export interface BlockchainStatus {
  blockchain_id: string;
  /** The blockchain's name when it was looked up by one (--name, --all, list); absent for an id given alone. */
  name?: string;
  overall: Overall;
  /** Epoch ms of the query. */
  checkedAt: number;
  resources: Resource[];
  /** What past runs say of this deployment (history/), set where the run reads its history. */
  expected?: Expectations;
}

/** Nearest-rank percentiles (ms) of a resource's past finished durations, and how many there were (history/). */
export interface Expected {
  p25: number;
  p50: number;
  p75: number;
  p90: number;
  samples: number;
}

/** Per resource not yet ended that has a history, what to expect; and when the blockchain should be done (epoch ms). */
export interface Expectations {
  resources: ReadonlyMap<string, Expected>;
  eta: number | null;
}

/** A blockchain to query: its id, and its name when it was looked up by one (--name, --all, list). */
export interface Target {
  id: string;
  name?: string;
}

/** A query that failed; carried per id so other ids still print. */
export interface QueryFailure {
  blockchain_id: string;
  /** As BlockchainStatus.name. */
  name?: string;
  checkedAt: number;
  /** One line for people: what happened, e.g. `HTTP 404 BCS.4040404: Not Found`. */
  message: string;
  /** The JSON error document (docs/OUTPUT.md): error_msg is the API's own message (ours only when it sent none, e.g. a network error). */
  error: {
    http_status: number | null;
    error_code: string | null;
    error_msg: string;
  };
  /** The typed error behind it, for exit codes and hints. */
  cause: unknown;
}

export type QueryResult = { ok: true; status: BlockchainStatus; raw: string } | { ok: false; failure: QueryFailure };

export function isTerminal(overall: Overall): boolean {
  return overall === "finished" || overall === "failed";
}
