/**
 * Caps at the edge, and clean-then-mask wherever server text enters: server text shown to people is capped at 2,000 characters with a
 * note, the Markdown summary stays under 1 MiB, and normalize / the error
 * body clean server text where it enters.
 */
import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import { apiErrorFromResponse } from "../../src/http/error-body.js";
import { failureAnnotations, queryFailureAnnotation } from "../../src/render/github.js";
import { renderMarkdownSummary, SUMMARY_BUDGET } from "../../src/render/markdown.js";
import { renderTransition } from "../../src/render/progress.js";
import { renderFailure, renderStatusTable } from "../../src/render/table.js";
import { normalize } from "../../src/status/normalize.js";
import { capForPeople, PEOPLE_MAX } from "../../src/util/cap.js";
import { sanitize } from "../../src/util/clean.js";
import { fastestMs } from "../helpers/timing.js";
import * as f from "./render-fixtures.js";

const chalk = new Chalk({ level: 0 });
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const HUGE = 900_000;
const huge = (unit = "x") => unit.repeat(HUGE / unit.length);
const NOTE = /… \([\d,]+ more characters\)/;
const MiB = 1_048_576;

function failedChain(id: string, detail: string) {
  return f.chain(id, "failed", [
    f.res("eip", "finished", "2020-10-15T18:24:31.957780831+08:00", "2020-10-15T18:24:33.810699517+08:00"),
    f.res("cce.cluster", "failed", "2020-10-15T18:24:34.102938475+08:00", "2020-10-15T18:25:34.102938475+08:00", detail),
  ]);
}

describe("capForPeople", () => {
  it("keeps text of at most 2,000 characters as it is", () => {
    expect(capForPeople("")).toBe("");
    expect(capForPeople("a".repeat(PEOPLE_MAX))).toBe("a".repeat(PEOPLE_MAX));
    // 2,000 astral characters are 4,000 UTF-16 units but 2,000 characters.
    expect(capForPeople("😀".repeat(PEOPLE_MAX))).toBe("😀".repeat(PEOPLE_MAX));
  });

  it("cuts longer text to 2,000 characters in all, with a note of how many were left out", () => {
    const out = capForPeople(huge());
    expect([...out].length).toBeLessThanOrEqual(PEOPLE_MAX);
    expect(out).toMatch(/^x+… \(898,040 more characters\)$/);
    expect(out.length - out.indexOf("…")).toBeLessThan(40);
    // The count is exact: kept + left out = the whole.
    const kept = out.indexOf("…");
    expect(kept + 898_040).toBe(HUGE);
    expect(capForPeople(huge(), { ascii: true })).toMatch(/^x+\.\.\. \(898,040 more characters\)$/);
  });

  it("is idempotent, and never splits a surrogate pair", () => {
    const once = capForPeople(huge());
    expect(capForPeople(once)).toBe(once);
    const astral = capForPeople(`a${"😀".repeat(5000)}`);
    expect(astral).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    expect(astral).toMatch(/\(3,041 more characters\)$/);
  });
});

describe("caps at the edge: a 900 KB detail", () => {
  const s = failedChain("bc-1", huge());

  it("the table shows at most ~2,000 characters of it, with the note (no terminal and on one)", () => {
    for (const width of [undefined, 120]) {
      const out = renderStatusTable(s, { chalk, width, ascii: false, now: f.NOW, timeZone: "UTC" });
      // On a terminal the failed detail wraps inside its column: count what is shown, not the padding.
      expect(out.replace(/\s+/g, "").length).toBeLessThan(2_500);
      if (width === undefined) expect(out).toMatch(NOTE);
    }
    expect(renderStatusTable(s, { chalk, width: undefined, ascii: true, now: f.NOW })).toMatch(/\.\.\. \(898,040 more characters\)/);
  });

  it("the ::error annotation carries at most ~2,000 characters of it, with the note", () => {
    const [line] = failureAnnotations(s);
    expect(line?.length).toBeLessThan(2_100);
    expect(line).toMatch(NOTE);
    expect(line?.startsWith("::error title=BCS bc-1 cce.cluster failed::x")).toBe(true);
  });

  it("the transition line carries at most ~2,000 characters of it, with the note", () => {
    const line = renderTransition(
      { blockchain_id: "bc-1", resource: "cce.cluster", from: "deploying", to: "failed", at: f.NOW, duration_ms: 60_000, detail: huge() },
      { chalk, ascii: false, now: f.NOW, timeZone: "UTC" },
    );
    expect(line.length).toBeLessThan(2_100);
    expect(line).toMatch(NOTE);
  });

  it("a 900 KB status string is shown as a word of at most 200 characters", () => {
    const t = renderTransition(
      { blockchain_id: "bc-1", resource: "bcs", from: huge("s"), to: huge("t"), at: f.NOW, duration_ms: null, detail: "" },
      { chalk, ascii: false, now: f.NOW, timeZone: "UTC" },
    );
    expect(t.length).toBeLessThan(600);
    const table = renderStatusTable(f.chain("bc-1", "unknown", [f.res("bcs", huge("s"))]), {
      chalk,
      width: undefined,
      ascii: false,
      now: f.NOW,
    });
    expect(table.length).toBeLessThan(1_000);
  });
});

describe("the status table's cost is bounded by what it shows", () => {
  it("a 900 KB detail that is not plain ASCII (invisible and wide characters) draws within 100 ms with no terminal (it took 218 ms), and is wrapped on one in bounded time", () => {
    // cli-table3 cut each cell it drew to 10 cells for a debug line, one character at a time, measuring
    // the rest again: a quarter of a second for the 2,000 characters such a detail is capped to.
    const unit = "tag=\u{E0020}vs=\uFE0Ffiller=\u3164hiero=\u{13430}宽字符 ";
    const s = failedChain("bc-1", huge(unit));
    for (const width of [undefined, 120, 60]) {
      const render = () => renderStatusTable(s, { chalk, width, ascii: false, now: f.NOW, timeZone: "UTC" });
      expect(render().replace(/\s+/g, "")).toContain("filler=");
      // With no terminal the detail is one line (the case that was slow); on one it is wrapped to the column
      // by our own wrap, about 30 ms on an idle machine, and the bound only guards against a cost that grows
      // with the square of the text (seconds).
      const budget = width === undefined ? 100 : 500;
      expect(fastestMs(render, budget), `width ${width}`).toBeLessThan(budget);
    }
  });
});

describe("caps at the edge: Markdown summary", () => {
  it("two ids with 900 KB failed details: well under 1 MiB, each detail cut with the note", () => {
    const md = renderMarkdownSummary([failedChain("bc-1", huge()), failedChain("bc-2", huge())], { now: f.NOW });
    expect(Buffer.byteLength(md)).toBeLessThan(20_000);
    expect(md.match(/\(898,040 more characters\)/g)).toHaveLength(2);
  });

  it("a 900 KB error_msg and error_code in the summary are cut too", () => {
    const err = { blockchain_id: "bc-x", error: { http_status: 503, error_code: huge("C"), error_msg: huge("m") } };
    const md = renderMarkdownSummary([err], { now: f.NOW });
    expect(md.length).toBeLessThan(3_000);
    expect(md).toMatch(/\(898,040 more characters\)/);
  });

  it("many ids whose details are all wide characters: cut under the 1 MiB step-summary limit, with a note, fences closed", () => {
    const wide = "界".repeat(5_000);
    const ids = Array.from({ length: 80 }, (_, i) =>
      f.chain(
        `bc-${i}`,
        "failed",
        (["bcs", "eip", "sfs", "obs", "kafka", "cce.cluster", "cce.network", "cce.security_group"] as const).map((name) =>
          f.res(name, "failed", "2020-10-15T18:24:34.102938475+08:00", "2020-10-15T18:25:34.102938475+08:00", wide),
        ),
      ),
    );
    const md = renderMarkdownSummary(ids, { now: f.NOW });
    const bytes = Buffer.byteLength(md);
    expect(bytes).toBeLessThanOrEqual(SUMMARY_BUDGET);
    expect(bytes).toBeLessThan(MiB);
    expect(md).toMatch(/summary cut to stay under GitHub's 1 MiB step-summary limit: \d+ of 80 blockchains not shown/);
    expect(md).toContain("### ❌ `bc-0`: failed");
    expect(md).not.toContain("`bc-79`");
    expect(md.split("\n").filter((l) => l.startsWith("```")).length % 2).toBe(0);
    expect(md.endsWith("._\n")).toBe(true);
  });

  it("a cut that would fall inside the mermaid chart drops the whole chart instead", () => {
    const all = f.chain(
      "bc-1",
      "deploying",
      (["bcs", "eip", "sfs", "obs", "kafka", "cce.cluster", "cce.network", "cce.security_group"] as const).map((name) =>
        f.res(name, "deploying", "2020-10-15T18:24:34.102938475+08:00"),
      ),
    );
    const full = renderMarkdownSummary([all], { now: f.NOW });
    const before = full.slice(0, full.indexOf("```mermaid"));
    const fenceAt = Buffer.byteLength(before);
    // A budget that reaches into the chart (400 bytes are kept for the note) but not to its end.
    const budgetBytes = fenceAt + 400 + 150;
    expect(Buffer.byteLength(full)).toBeGreaterThan(budgetBytes);
    const md = renderMarkdownSummary([all], { now: f.NOW, budgetBytes });
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(budgetBytes);
    expect(md).not.toContain("```");
    expect(md).toMatch(/summary cut .*the last one shown is cut short\._\n$/);
    expect(md.startsWith(before.trimEnd())).toBe(true);
    // At or under budget: unchanged.
    expect(renderMarkdownSummary([all], { now: f.NOW, budgetBytes: Buffer.byteLength(full) })).toBe(full);
  });
});

describe("clean where server text enters", () => {
  it("normalize cleans detail, status and times: an OSC title, a clear-screen and a bare CR come out as plain text", () => {
    const s = normalize(
      "bc-1",
      {
        bcs: {
          status: "fail\u001b[0med\r",
          start_time: "2020-10-15T18:24:48.658236618+08:00\u0007",
          end_time: "",
          detail: "quota\u001b]0;x\u0007 exceeded\u001b[2J\rfake line\u009b2J\u0000",
        },
      },
      0,
    );
    const r = s.resources[0];
    expect(r?.detail).toBe("quota exceeded fake line");
    expect(r?.status).toBe("failed");
    expect(s.overall).toBe("failed");
    expect(r?.start_time).toBe("2020-10-15T18:24:48.658236618+08:00");
    for (const v of [r?.detail, r?.status, r?.start_time]) expect(v).not.toMatch(CONTROL);
  });

  it("the error body: error_msg and error_code cleaned; people see 2,000 characters with a note, --json gets the whole clean text", () => {
    const msg = `busy\u001b]0;t\u0007\r${"m".repeat(HUGE)}`;
    const err = apiErrorFromResponse(503, JSON.stringify({ error_code: "BCS.50\u001b[2J30503", error_msg: msg }), "token");
    expect(err.errorCode).toBe("BCS.5030503");
    expect(err.message).toMatch(/^HTTP 503 BCS\.5030503: busy m+… \([\d,]+ more characters\)$/);
    expect(err.message.length).toBeLessThan(2_100);
    expect(err.serverMessage).toBe(`busy ${"m".repeat(HUGE)}`);
    // The table's failure line and the ::error annotation keep the error's own note (no second cut).
    const failure = {
      blockchain_id: "bc-1",
      checkedAt: 0,
      message: err.message,
      error: { http_status: 503, error_code: err.errorCode, error_msg: err.serverMessage ?? "" },
      cause: err,
    };
    expect(renderFailure(failure, { chalk, ascii: false })).toBe(`bc-1  ✗ error  ${err.message}\n`);
    expect(queryFailureAnnotation("bc-1", err.message)).toBe(`::error title=BCS bc-1 query failed::${err.message}`);
  });
});

describe("sanitize stays linear on adversarial input", () => {
  it.each([
    ["1 MB of unterminated OSC introducers", "\u001b]".repeat(500_000)],
    ["1 MB of ESC", "\u001b".repeat(1_000_000)],
    ["1 MB of CSI introducers", "\u001b[".repeat(500_000)],
    ["1 MB of 8-bit OSC", "\u009d".repeat(1_000_000)],
    ["1 MB of lone controls", "\u0001".repeat(1_000_000)],
    ["1 MB of DCS with ESC inside, never ended", `\u001bP${"\u001b".repeat(1_000_000)}`],
    ["1 MB of CSI parameters without a final byte", `\u001b[${"0;".repeat(50)}`.repeat(10_000)],
  ])("%s: cleaned in well under a second", (_name, input) => {
    const started = performance.now();
    const out = sanitize(input);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(out).not.toMatch(CONTROL);
  });
});
