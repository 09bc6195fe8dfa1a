import type { BcsClient } from "../api/client.js";
import { ApiError } from "../util/errors.js";
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

/**
 * Several blockchains (ids, or ids with their names), each result handed to `each` in the order given, as soon as it
 * and those before it are done. At most `ahead` queries are started and not
 * yet handed on (the scheduler still bounds how many are in flight), so what
 * a run holds at once is bounded by that window, never by the number of ids:
 * a slow first id holds back new queries, not memory. `each` may take its time
 * (a write, a pause for the event loop); when it or a query throws, no further
 * query starts and the error is the caller's.
 */
export async function queryInOrder(
  client: BcsClient,
  ids: ReadonlyArray<string | Target>,
  o: { now: () => number; signal?: AbortSignal; ahead: number },
  each: (result: QueryResult, index: number) => void | Promise<void>,
): Promise<void> {
  const ahead = Math.max(1, Math.trunc(o.ahead));
  const started: Array<Promise<QueryResult>> = [];
  let next = 0;
  const start = () => {
    const p = queryOne(client, ids[next] as string | Target, o.now, o.signal);
    // Awaited in order below; until then a rejection must not count as unhandled.
    p.catch(() => {});
    started.push(p);
    next++;
  };
  for (let i = 0; i < ids.length; i++) {
    while (next < ids.length && next - i < ahead) start();
    const result = await (started.shift() as Promise<QueryResult>);
    await each(result, i);
  }
}
