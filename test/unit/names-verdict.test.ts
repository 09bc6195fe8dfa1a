/** Names as people see them, the summary's verdict line, and the epoch-ms times of --json: pure parts. */
import { Chalk } from "chalk";
import stringWidth from "string-width";
import { describe, expect, it } from "vitest";
import { failureAnnotations } from "../../src/render/github.js";
import { renderStatusJson } from "../../src/render/json.js";
import { renderMarkdownSummary, verdictLine } from "../../src/render/markdown.js";
import { fullLabel, NAME_CELLS, shownName } from "../../src/render/names.js";
import { notificationText } from "../../src/render/notify.js";
import { renderTransition } from "../../src/render/progress.js";
import { renderHeader } from "../../src/render/table.js";
import { parseApiTime } from "../../src/status/time.js";
import * as f from "./render-fixtures.js";

const chalk = new Chalk({ level: 0 });
const named = (name: string, s = f.failed) => ({ ...s, name });

describe("names", () => {
  it("a name is cleaned, kept on one line and capped to 64 cells", () => {
    expect(shownName("marbles")).toBe("marbles");
    expect(shownName(undefined)).toBe("");
    expect(shownName("a\u001b[31mb\nc")).toBe("ab c");
    const long = shownName("名".repeat(100));
    expect(stringWidth(long)).toBeLessThanOrEqual(NAME_CELLS);
    expect(long.endsWith("…")).toBe(true);
    expect(fullLabel({ blockchain_id: "bc-1", name: "marbles" })).toBe("marbles (bc-1)");
    expect(fullLabel({ blockchain_id: "bc-1" })).toBe("bc-1");
  });

  it("the table header leads with the name; at narrow widths the id is cut first", () => {
    const s = named("marbles", { ...f.failed, blockchain_id: "b268e1ca-b5c2-28f1-1e57-f571e14ecdbd" });
    const o = { chalk, ascii: false, now: f.NOW };
    expect(renderHeader(s, { ...o, width: 120 })).toMatch(/^marbles {2}b268e1ca-b5c2-28f1-1e57-f571e14ecdbd {2}✗ failed {2}1\/4 finished/);
    const narrow = renderHeader(s, { ...o, width: 40 }).split("\n");
    expect(narrow[0]).toMatch(/^marbles {2}b268e1ca-\S+… {2}✗ failed$/);
    for (const line of narrow) expect(stringWidth(line)).toBeLessThanOrEqual(40);
    expect(renderHeader(f.failed, { ...o, width: 40 })).toMatch(/^bc-9a8b7c {2}✗ failed/);
  });

  it("::error titles carry the name, escaped as a property", () => {
    expect(failureAnnotations(named("a,b:c"))[0]).toMatch(/^::error title=BCS a%2Cb%3Ac \(bc-9a8b7c\) cce\.cluster failed::/);
  });

  it("transition lines: the name among several ids, nothing with one", () => {
    const t = {
      blockchain_id: "bc-1",
      name: "marbles",
      resource: "eip" as const,
      from: "waiting",
      to: "finished",
      at: f.NOW,
      duration_ms: 4000,
      detail: "",
    };
    const look = { chalk, ascii: false, now: f.NOW, timeZone: "UTC" };
    expect(renderTransition(t, look)).toMatch(/^\d\d:\d\d:\d\d {2}marbles {2}eip /);
    expect(renderTransition(t, { ...look, single: true })).toMatch(/^\d\d:\d\d:\d\d {2}eip {2,}waiting → ✓ finished {2}4s$/);
  });

  it("--notify names a named blockchain by its name", () => {
    expect(notificationText([{ id: "bc-9a8b7c", name: "marbles", kind: "failed", status: f.failed }], 60_000)).toMatch(
      /^bcs-status: marbles failed \(cce\.cluster, cce\.network\)/,
    );
    expect(notificationText([{ id: "bc-1", kind: "timeout", status: null }], 60_000)).toBe(
      "bcs-status: bc-1 timed out after 1m00s of watching",
    );
  });

  it("--json: name right after blockchain_id when known, absent otherwise", () => {
    expect(Object.keys(JSON.parse(renderStatusJson(named("marbles", f.finished)))).slice(0, 3)).toEqual([
      "blockchain_id",
      "name",
      "overall",
    ]);
    expect(Object.keys(JSON.parse(renderStatusJson(f.finished)))).not.toContain("name");
  });
});

describe("the summary's verdict line", () => {
  const notFound = { blockchain_id: "bc-gone", error: { http_status: 404, error_code: "BCS.4040404", error_msg: "gone" } };

  it("❌ with the first failures named, the failed first in the summary, fail-fast ids marked", () => {
    const items = [f.finished, named("marbles"), f.deploying];
    const unfinished = new Map([["bc-7d03c9", "stopped" as const]]);
    expect(verdictLine(items, { unfinished })).toBe(
      "❌ 1 of 3 failed: marbles (cce.cluster: create cluster failed: quota exceeded \\| ECS.0521…); 1 not watched to the end (fail fast)",
    );
    const md = renderMarkdownSummary(items, { now: f.NOW, unfinished });
    const headings = md.split("\n").filter((l) => l.startsWith("### "));
    expect(headings[0]).toBe("### ❌ marbles `bc-9a8b7c`: failed");
    const stopped = md.slice(md.indexOf("`bc-7d03c9`"));
    expect(stopped).toContain("_not watched to the end (fail fast)_");
    expect(verdictLine([f.finished, notFound], {})).toBe("❌ 1 of 2 failed: bc-gone (HTTP 404)");
  });

  it("✅ all finished, in the longest deployment's age; ⏱ a timeout, with what is pending; ⏳ a get under way", () => {
    expect(verdictLine([f.finished, f.finished], {})).toBe("✅ 2 of 2 finished in 1m21s");
    const unfinished = new Map([["bc-7d03c9", "timeout" as const]]);
    expect(verdictLine([f.finished, f.deploying], { unfinished, watchedMs: 45 * 60_000 })).toBe(
      "⏱ timed out after 45m00s: 1 still deploying",
    );
    expect(verdictLine([f.finished, f.deploying], {})).toBe("⏳ 1 of 2 finished: 1 still deploying");
  });
});

describe("start_ms / end_ms: only real instants", () => {
  it.each([
    ["2026-13-01T00:00:00Z", "month 13"],
    ["2026-11-28T18:00:00+15:00", "an offset beyond +14:00"],
    ["2026-11-28T18:00:00-14:30", "an offset beyond -14:00"],
    ["0001-01-01T00:00:00Z", "year 0001 (never read as 1901)"],
  ])("%s (%s) is null", (text) => {
    expect(parseApiTime(text)).toBeNull();
  });

  it("real instants are epoch milliseconds, in --json too", () => {
    expect(parseApiTime("2026-11-28T18:00:00+14:00")).toBe(Date.parse("2026-11-28T04:00:00Z"));
    expect(parseApiTime("2026-11-28T18:00:00-12:00")).toBe(Date.parse("2026-11-29T06:00:00Z"));
    const doc = JSON.parse(renderStatusJson(f.finished));
    expect(doc.resources[0]).toMatchObject({
      start_ms: Date.parse("2020-10-15T10:24:48.658Z"),
      end_ms: Date.parse("2020-10-15T10:25:53.552Z"),
    });
  });
});

describe("a watch's id without an answer", () => {
  it("stopped by fail fast before its first answer: marked, and said to have no answer", () => {
    const unseen = { blockchain_id: "bc-late", overall: "unknown" as const, checkedAt: f.NOW, resources: [] };
    const md = renderMarkdownSummary([named("marbles"), unseen], { now: f.NOW, unfinished: new Map([["bc-late", "stopped" as const]]) });
    expect(md).toContain("### 🕓 `bc-late`: no answer yet\n\n_not watched to the end (fail fast)_\n\n_No answer yet._");
    expect(md.split("\n")[2]).toBe(
      "❌ 1 of 2 failed: marbles (cce.cluster: create cluster failed: quota exceeded \\| ECS.0521…); 1 not watched to the end (fail fast)",
    );
  });
});
