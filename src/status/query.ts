import type { BcsClient } from "../api/client.js";
import { ApiError } from "../errors.js";
import type { QueryResult, Target } from "./model.js";
import { normalize } from "./normalize.js";

/**
 * One blockchain's query as data: a normalised status, or the failure with its
 * JSON error shape; either carries the target's name when it has one, so every
 * view of the result can show it.
 */
export async function queryOne(client: BcsClient, target: string | Target, now: () => number, signal?: AbortSignal): Promise<QueryResult> {
  const { id, name } = typeof target === "string" ? { id: target, name: undefined } : target;
  const named = name === undefined ? {} : { name };
  try {
    const res = await client.getStatus(id, signal);
    return { ok: true, status: { ...normalize(id, res.body, now(), (key) => client.noteIgnoredKey(key)), ...named }, raw: res.raw };
  } catch (err) {
    const api = err instanceof ApiError ? err : null;
    if (!api) throw err;
    return {
      ok: false,
      failure: {
        blockchain_id: id,
        ...named,
        checkedAt: now(),
        message: api.message,
        error: { http_status: api.httpStatus, error_code: api.errorCode, error_msg: api.serverMessage ?? api.message },
        cause: api,
      },
    };
  }
}

/** Several blockchains at once; results in the order given. */
export function queryAll(
  client: BcsClient,
  targets: ReadonlyArray<string | Target>,
  now: () => number,
  signal?: AbortSignal,
): Promise<QueryResult[]> {
  return Promise.all(targets.map((t) => queryOne(client, t, now, signal)));
}
