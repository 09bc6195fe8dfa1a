import { capForPeople, LINE_MAX, PEOPLE_MAX } from "../util/cap.js";
import { ApiError } from "../util/errors.js";
import type { QueryResult } from "./model.js";

/**
 * What a run keeps of a result once it is printed: enough for the exit code,
 * the list table and the CI report (annotations, Markdown summary), never the
 * body. Server text is capped as those show it (capping again changes
 * nothing), so thousands of ids that each answered a megabyte cost kilobytes.
 */
export function keptForReport(r: QueryResult): QueryResult {
  if (r.ok) {
    const resources = r.status.resources.map((x) => (x.detail.length > PEOPLE_MAX ? { ...x, detail: own(capForPeople(x.detail)) } : x));
    return { ok: true, status: { ...r.status, resources }, raw: "" };
  }
  const f = r.failure;
  const cause = f.cause instanceof ApiError && f.cause.answer.body !== undefined ? withoutBody(f.cause) : f.cause;
  return {
    ok: false,
    failure: {
      ...f,
      message: own(capForPeople(f.message, { max: LINE_MAX })),
      error: { ...f.error, error_msg: own(capForPeople(f.error.error_msg)) },
      cause,
    },
  };
}

/** The same error without the body it came with (the summary and exit code never read it). */
function withoutBody(e: ApiError): ApiError {
  const { body: _body, ...answer } = e.answer;
  if (answer.message !== undefined) answer.message = own(capForPeople(answer.message));
  return new ApiError(e.message, e.kind, e.httpStatus, e.errorCode, e.hint, answer);
}

/**
 * A string of its own: V8 keeps the start of a long string as a slice of it,
 * which would hold the whole megabyte alive; a round trip through JSON copies.
 */
function own(s: string): string {
  return s.length > 16 ? (JSON.parse(JSON.stringify(s)) as string) : s;
}
