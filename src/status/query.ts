import type { BcsClient } from "../api/client.js";
import { ApiError } from "../util/errors.js";
import type { QueryResult } from "./model.js";
import { normalize } from "./normalize.js";

/** One id's query as data: a normalised status, or the failure with its JSON error shape. */
export async function queryOne(client: BcsClient, id: string, now: () => number, signal?: AbortSignal): Promise<QueryResult> {
  try {
    const res = await client.getStatus(id, signal);
    return { ok: true, status: normalize(id, res.body, now()), raw: res.raw };
  } catch (err) {
    const api = err instanceof ApiError ? err : null;
    if (!api) throw err;
    return {
      ok: false,
      failure: {
        blockchain_id: id,
        checkedAt: now(),
        message: api.message,
        error: { http_status: api.httpStatus, error_code: api.errorCode, error_msg: api.serverMessage ?? api.message },
        cause: api,
      },
    };
  }
}

/** Several ids at once; results in the order given. */
export function queryAll(client: BcsClient, ids: readonly string[], now: () => number, signal?: AbortSignal): Promise<QueryResult[]> {
  return Promise.all(ids.map((id) => queryOne(client, id, now, signal)));
}
