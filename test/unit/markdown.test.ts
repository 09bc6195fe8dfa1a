import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import { escapeInline, mermaidText, renderMarkdownSummary } from "../../src/render/markdown.js";
import { renderStatusTable } from "../../src/render/table.js";
import * as f from "./render-fixtures.js";

const notFound = { blockchain_id: "bc-gone", error: { http_status: 404, error_code: "BCS.4040404", error_msg: "Blockchain not found." } };

/** The mermaid block of a summary, without its fences. */
function mermaidBlock(md: string): string[] {
  const m = /```mermaid\n([\s\S]*?)\n```/.exec(md);
  return m?.[1]?.split("\n") ?? [];
}

/** Table rows (not header or rule) of a summary. */
function tableRows(md: string): string[] {
  return md.split("\n").filter((l) => l.startsWith("| `"));
}

/** Cells of a table row, splitting on unescaped pipes only. */
function cells(row: string): string[] {
  return row
    .slice(2, -2)
    .split(/(?<!\\) \| /)
    .map((c) => c.trim());
}

describe("renderMarkdownSummary", () => {
  it("golden: a failed blockchain and a query error, in UTC", () => {
    expect(renderMarkdownSummary([f.failed, notFound], { now: f.NOW })).toBe(`## BCS creation status

❌ 2 of 2 failed: bc-9a8b7c (cce.cluster: create cluster failed: quota exceeded \\| ECS.0521…), bc-gone (HTTP 404)

### ❌ \`bc-9a8b7c\`: failed

1 of 4 resources finished · took 1m38s · checked 2020-10-15 10:26:10 UTC

| Resource | State | Started (UTC) | Ended (UTC) | Duration | Detail |
| --- | --- | --- | --- | --- | --- |
| \`eip\` | ✅ finished | 2020-10-15 10:24:31 | 2020-10-15 10:24:33 | 1s |  |
| \`cce.cluster\` | ❌ failed | 2020-10-15 10:24:34 | 2020-10-15 10:25:41 | 1m07s | create cluster failed: quota exceeded \\| ECS.0521 retry later |
| \`cce.network\` | ❌ failed | 2020-10-15 10:25:02 | — | — |  |
| \`cce.security_group\` | 🕓 waiting | — | — | — |  |

\`\`\`mermaid
gantt
  dateFormat YYYY-MM-DD HH:mm:ss.SSS
  axisFormat %H:%M:%S
  todayMarker off
  eip :done, r0, 2020-10-15 10:24:31.957, 2020-10-15 10:24:33.810
  cce.cluster :crit, r1, 2020-10-15 10:24:34.102, 2020-10-15 10:25:41.771
  cce.network :crit, r2, 2020-10-15 10:25:02.500, 2020-10-15 10:26:10.000
\`\`\`

### ⚠️ \`bc-gone\`: query failed

HTTP 404 · \`BCS.4040404\` · Blockchain not found.
`);
  });

  it("headings carry the overall state with an emoji", () => {
    const md = renderMarkdownSummary([f.finished, f.deploying, f.empty], { now: f.NOW });
    expect(md).toContain("### ✅ `bc-4f1e2a`: finished");
    expect(md).toContain("### ⏳ `bc-7d03c9`: deploying");
    expect(md).toContain("### ❔ `bc-empty`: unknown");
    expect(md).toContain("3 of 3 resources finished · took 1m21s");
    expect(md).toContain("2 of 5 resources finished · 1m38s so far");
    expect(md).toContain("_The service reported no resources._");
  });

  it("shows times in the zone it is given, and says which", () => {
    const md = renderMarkdownSummary([f.finished], { now: f.NOW, timeZone: "Asia/Shanghai" });
    expect(md).toContain("| Resource | State | Started (Asia/Shanghai) | Ended (Asia/Shanghai) | Duration | Detail |");
    expect(md).toContain("| `bcs` | ✅ finished | 2020-10-15 18:24:48 | 2020-10-15 18:25:53 | 1m04s |  |");
    expect(mermaidBlock(md)).toContain("  bcs :done, r0, 2020-10-15 18:24:48.658, 2020-10-15 18:25:53.552");
  });

  it("falls back to UTC for a zone it does not know", () => {
    expect(renderMarkdownSummary([f.finished], { now: f.NOW, timeZone: "Mars/Olympus_Mons" })).toContain("Started (UTC)");
  });

  it("counts time so far for the same resources as the terminal table: deploying ones only", () => {
    const odd = f.chain("bc-odd", "deploying", [
      f.res("bcs", "deploying", "2020-10-15T18:25:10.000000000+08:00"),
      f.res("eip", "Provisioning", "2020-10-15T18:25:40.000000000+08:00"),
      f.res("sfs", "waiting", "2020-10-15T18:25:50.000000000+08:00"),
    ]);
    const md = tableRows(renderMarkdownSummary([odd], { now: f.NOW, timeZone: "UTC" })).map((r) => cells(r)[4]);
    const table = renderStatusTable(odd, { chalk: new Chalk({ level: 0 }), ascii: true, now: f.NOW, timeZone: "UTC", width: undefined })
      .split("\n")
      .slice(2, 5)
      .map((l) => l.trim().split(/\s{2,}/)[4]);
    expect(md).toEqual(["1m00s so far", "—", "—"]);
    expect(table).toEqual(["1m00s...", "-", "-"]);
  });

  it("running resources: duration so far, an active task to now, waiting ones left out of the chart", () => {
    const md = renderMarkdownSummary([f.deploying], { now: f.NOW });
    expect(tableRows(md)[0]).toBe("| `bcs` | ⏳ deploying | 2020-10-15 10:24:48 | — | 1m21s so far |  |");
    expect(mermaidBlock(md)).toEqual([
      "gantt",
      "  dateFormat YYYY-MM-DD HH:mm:ss.SSS",
      "  axisFormat %H:%M:%S",
      "  todayMarker off",
      "  bcs :active, r0, 2020-10-15 10:24:48.658, 2020-10-15 10:26:10.000",
      "  eip :done, r1, 2020-10-15 10:24:31.957, 2020-10-15 10:24:33.810",
      "  sfs :done, r2, 2020-10-15 10:24:31.957, 2020-10-15 10:24:48.611",
      "  cce.cluster :active, r3, 2020-10-15 10:24:34.102, 2020-10-15 10:26:10.000",
    ]);
  });

  it("missing times: no task without a start, a zero-length task without an end", () => {
    const tasks = mermaidBlock(renderMarkdownSummary([f.missingTimes], { now: f.NOW })).slice(4);
    expect(tasks).toEqual([
      "  eip :done, r0, 2020-10-15 10:24:31.957, 2020-10-15 10:25:01.957",
      "  sfs :done, r1, 2020-10-15 10:24:40.000, 2020-10-15 10:24:40.000",
    ]);
  });

  it("no chart when nothing has started", () => {
    const md = renderMarkdownSummary([f.chain("bc-new", "waiting", [f.res("bcs", "waiting")])], { now: f.NOW });
    expect(md).not.toContain("```mermaid");
    expect(md).toContain("_No resource has started yet._");
  });

  it("hours-long timelines label the axis in minutes", () => {
    const long = f.chain("bc-slow", "finished", [
      f.res("cce.cluster", "finished", "2020-10-15T18:00:00.000000000+08:00", "2020-10-15T19:30:00.000000000+08:00"),
    ]);
    expect(mermaidBlock(renderMarkdownSummary([long], { now: f.NOW }))).toContain("  axisFormat %H:%M");
  });

  it("a network error has no HTTP status or code", () => {
    const md = renderMarkdownSummary(
      [{ blockchain_id: "bc-net", error: { http_status: null, error_code: null, error_msg: "connect ECONNREFUSED 127.0.0.1:443" } }],
      { now: f.NOW },
    );
    expect(md).toContain("### ⚠️ `bc-net`: query failed\n\nnetwork error · connect ECONNREFUSED 127.0.0.1:443\n");
  });
});

describe("server text cannot break the Markdown", () => {
  const hostile = "quota | exceeded\nnext line\r\n\u001b[31mred\u001b[0m <img src=x onerror=alert(1)> `code` **bold** [link](http://x) ```";

  it("a detail stays in its own cell, on one line, with pipes and markup escaped", () => {
    const status = f.chain("bc-evil", "failed", [
      f.res("cce.cluster", "failed", "2020-10-15T18:24:34.102938475+08:00", "2020-10-15T18:25:41.771234981+08:00", hostile),
    ]);
    const md = renderMarkdownSummary([status], { now: f.NOW });
    const rows = tableRows(md);
    expect(rows).toHaveLength(1);
    const detail = cells(rows[0] ?? "");
    expect(detail).toHaveLength(6);
    expect(detail[5]).toBe(
      "quota \\| exceeded next line red \\<img src=x onerror=alert(1)\\> \\`code\\` \\*\\*bold\\*\\* \\[link\\](http\\://x) \\`\\`\\`",
    );
    expect(md).not.toContain("\u001b");
    expect(md.match(/```/g)).toHaveLength(2);
  });

  it("an error message is escaped too", () => {
    const md = renderMarkdownSummary(
      [{ blockchain_id: "bc-x", error: { http_status: 500, error_code: "BCS.5000`01", error_msg: "## boom\n| x |" } }],
      {
        now: f.NOW,
      },
    );
    expect(md).toContain("HTTP 500 · `BCS.5000'01` · \\#\\# boom \\| x \\|");
  });

  it("a bare URL, www. host or e-mail address in server text does not become a link (GFM extended autolinks)", () => {
    const text = "see https://evil.example/login, http://x.example, WWW.Evil.example and ops@evil.example now";
    const status = f.chain("bc-url", "failed", [f.res("cce.cluster", "failed", null, null, text)]);
    const md = renderMarkdownSummary([status, { blockchain_id: "bc-e", error: { http_status: 500, error_code: null, error_msg: text } }], {
      now: f.NOW,
    });
    // What cmark-gfm's autolink extension looks for: a scheme followed by `://`, `www.`, and `@` between address characters.
    expect(md).not.toMatch(/(?:https?|ftp):\/\//i);
    expect(md).not.toMatch(/www\./i);
    expect(md).not.toMatch(/[\w.+-]@[\w-]/);
    // Escaped punctuation reads the same once rendered.
    expect(escapeInline(text).replace(/\\([!-/:-@[-`{-~])/g, "$1")).toBe(text);
  });

  it("escapeInline", () => {
    expect(escapeInline("a|b")).toBe("a\\|b");
    expect(escapeInline("a\\|b")).toBe("a\\\\\\|b");
    expect(escapeInline("line1\nline2")).toBe("line1 line2");
    expect(escapeInline("")).toBe("");
  });

  it("mermaidText removes what the gantt grammar reads", () => {
    expect(mermaidText("cce.cluster")).toBe("cce.cluster");
    expect(mermaidText("evil :crit, x, 2020-01-01, 1d\nsection pwned; #c %%d")).toBe("evil crit, x, 2020-01-01, 1d section pwned c d");
    expect(mermaidText("x\n```\n")).toBe("x");
    expect(mermaidText(":;#")).toBe("resource");
  });
});
