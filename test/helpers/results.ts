import type { Overall, QueryResult } from "../../src/status/model.js";

/** A query that answered with this overall state and no resources. */
export const stateResult = (id: string, overall: Overall): QueryResult => ({
  ok: true,
  status: { blockchain_id: id, overall, checkedAt: 0, resources: [] },
  raw: "",
});

/** A query that failed with an HTTP 500. */
export const failedResult = (id: string): QueryResult => ({
  ok: false,
  failure: { blockchain_id: id, checkedAt: 0, message: "x", error: { http_status: 500, error_code: null, error_msg: "x" }, cause: null },
});
