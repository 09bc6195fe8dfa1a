import { ID } from "../util/checks.js";
import { sanitize } from "../util/clean.js";
import { ApiError } from "../util/errors.js";
import { quoteText } from "../util/text.js";

/** One entry of the list API: the id the status API takes, and the service name (cleaned). */
export interface ListedBlockchain {
  id: string;
  name: string;
}

export interface BlockchainList {
  /** In the order the API gave them, each id once. */
  blockchains: ListedBlockchain[];
  /** Entries left out because their id could never be requested, each shown safely (quoted, capped). */
  skipped: string[];
}

function invalid(why: string): ApiError {
  return new ApiError(`blockchain list is not the documented JSON: ${why}`, "invalidResponse", 200);
}

/**
 * The body of `GET /v2/{project_id}/blockchains` (api/list-blockchains.md):
 * `{"blockchains": [{"id": "…", "name": "…"}], "count": n}`. Another shape is
 * an invalid response (exit 5). Names are server text: cleaned here, where
 * they enter (whole: --json shows them uncapped; tables cap and cut them). An id that fails the id rule (util/checks.ts) is never requested: it is
 * skipped and named in `skipped`.
 */
export function parseBlockchainList(body: Record<string, unknown>): BlockchainList {
  const list = body.blockchains;
  if (!Array.isArray(list)) throw invalid(`"blockchains" is ${list === undefined ? "missing" : "not an array"}`);
  const seen = new Set<string>();
  const blockchains: ListedBlockchain[] = [];
  const skipped: string[] = [];
  list.forEach((entry: unknown, i) => {
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) throw invalid(`blockchains[${i}] is not an object`);
    const { id, name } = entry as Record<string, unknown>;
    if (typeof id !== "string") throw invalid(`blockchains[${i}].id is not a string`);
    if (name !== undefined && name !== null && typeof name !== "string") throw invalid(`blockchains[${i}].name is not a string`);
    if (!ID.test(id)) {
      skipped.push(quoteText(sanitize(id), 67));
      return;
    }
    if (seen.has(id)) return;
    seen.add(id);
    blockchains.push({ id, name: sanitize(name ?? "") });
  });
  return { blockchains, skipped };
}
