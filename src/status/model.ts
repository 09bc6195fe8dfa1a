/** The normalised shape of one blockchain's creation status (SPEC "What each resource's state means"). */
import type { Expected } from "../history/percentiles.js";

export const RESOURCE_NAMES = ["bcs", "eip", "sfs", "obs", "kafka", "cce.cluster", "cce.network", "cce.security_group"] as const;

export type ResourceName = (typeof RESOURCE_NAMES)[number];

/** Known statuses; any other string from the server is kept as it is. */
export type KnownStatus = "waiting" | "deploying" | "finished" | "failed";
export type Overall = KnownStatus | "unknown";

export interface Resource {
  name: ResourceName;
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
  overall: Overall;
  /** Epoch ms of the query. */
  checkedAt: number;
  resources: Resource[];
  /** What past runs say of this deployment (history/), set where the run reads its history. */
  expected?: Expectations;
}

/** Per resource not yet ended that has a history, what to expect; and when the blockchain should be done (epoch ms). */
export interface Expectations {
  resources: ReadonlyMap<string, Expected>;
  eta: number | null;
}

/** A query that failed; carried per id so other ids still print. */
export interface QueryFailure {
  blockchain_id: string;
  checkedAt: number;
  /** One line for people: what happened, e.g. `HTTP 404 BCS.4040404: Not Found`. */
  message: string;
  /** The SPEC's JSON error: error_msg is the API's own message (ours only when it sent none, e.g. a network error). */
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
