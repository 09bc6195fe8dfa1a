/**
 * --json and --raw write one document per line (NDJSON): no character inside a
 * document may end a line for any reader. U+2028 and U+2029 are valid raw in a
 * JSON string, but Python's str.splitlines() (and JavaScript's own line
 * terminators) break on them.
 */
import { describe, expect, it } from "vitest";
import { MASK, Secrets } from "../../src/output/secrets.js";
import { rawLine, renderFailureJson, renderStatusJson } from "../../src/render/json.js";
import { chain, res } from "./render-fixtures.js";

/** The line breaks of Python's str.splitlines(). */
const PY_LINE_BREAK = /\r\n|[\n\r\u000b\u000c\u001c-\u001e\u0085\u2028\u2029]/;

describe("NDJSON lines: U+2028 and U+2029 are escaped", () => {
  const detail = "one\u2028two\u2029three";
  const docs = {
    json: renderStatusJson(chain("bc-1", "failed", [res("bcs", "failed", null, null, detail)])),
    failure: renderFailureJson({
      blockchain_id: "bc-1",
      checkedAt: 0,
      message: "",
      error: { http_status: 500, error_code: null, error_msg: detail },
      cause: null,
    }),
    raw: rawLine(`{"detail": "${detail}"}`),
    rawEscaped: rawLine('{"detail":"one\\u2028two\\u2029three"}'),
  };

  it.each(Object.entries(docs))("%s: one line for splitlines(), the same text when parsed", (_name, line) => {
    expect(line.endsWith("\n")).toBe(true);
    expect(line.slice(0, -1).split(PY_LINE_BREAK)).toHaveLength(1);
    expect(line).toContain("\\u2028");
    expect(line).toContain("\\u2029");
    expect(JSON.stringify(JSON.parse(line))).toContain(detail);
  });

  it("a secret holding U+2028 is masked in that spelling", () => {
    const s = new Secrets();
    const secret = "Secret\u2028Part\u2029Two-99";
    s.add(secret);
    expect(s.mask(rawLine(JSON.stringify({ d: `x ${secret} y` })))).toBe(`{"d":"x ${MASK} y"}\n`);
  });
});
