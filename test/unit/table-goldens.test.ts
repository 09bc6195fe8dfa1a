/**
 * Goldens of the terminal table at 80 columns: the API reference's
 * own example (times from 2020, shown today), a failure whose 200-character
 * reason wraps inside its column, --wide, and Chinese and emoji details.
 */
import { stripVTControlCharacters } from "node:util";
import { Chalk } from "chalk";
import stringWidth from "string-width";
import { describe, expect, it } from "vitest";
import { clockCells, renderStatusTable, type TableOptions } from "../../src/render/table.js";
import * as f from "./render-fixtures.js";

const plain = new Chalk({ level: 0 });
const colour = new Chalk({ level: 1 });
/** The day a user runs `get` on the example: years after its times. */
const TODAY = Date.parse("2026-11-28T10:00:00Z");

function golden(parts: TemplateStringsArray): string {
  return `${(parts.raw[0] ?? "").replace(/^\n/, "")}`;
}
const table = (s: Parameters<typeof renderStatusTable>[0], o: Partial<TableOptions> = {}) =>
  renderStatusTable(s, { chalk: plain, width: 80, ascii: false, now: s.checkedAt, timeZone: "UTC", ...o });
const widest = (text: string) => Math.max(...text.split("\n").map((l) => stringWidth(stripVTControlCharacters(l))));

/** 203 characters: the reason a user needs after a failure. */
const REASON =
  "create CCE cluster failed: the quota of ECS instances in region cn-north-4 is exhausted (ECS.0521); request a higher quota in the console under Quotas, or delete unused instances and retry the deployment";

describe("the table at 80 columns (goldens)", () => {
  it("the API reference's 2020 example: the date once in the header, times in the rows (was 86 columns)", () => {
    const out = table({ ...f.finished, checkedAt: TODAY });
    expect(out).toBe(golden`
bc-4f1e2a  ✓ finished  3/3 finished  elapsed 1m21s  on 2020-10-15
  RESOURCE  STATE       STARTED   ENDED     DURATION  DETAIL
  bcs       ✓ finished  10:24:48  10:25:53  1m04s
  eip       ✓ finished  10:24:31  10:24:33  1s
  sfs       ✓ finished  10:24:31  10:24:48  16s
`);
    expect(widest(out)).toBeLessThanOrEqual(80);
  });

  it("a failure with a 200-character reason: every word, wrapped inside its column", () => {
    expect(REASON.length).toBeGreaterThanOrEqual(200);
    const s = f.chain(
      "bc-9a8b7c",
      "failed",
      [
        f.res("eip", "finished", "2020-10-15T18:24:31.957780831+08:00", "2020-10-15T18:24:33.810699517+08:00"),
        f.res("sfs", "finished", "2020-10-15T18:24:31.957781285+08:00", "2020-10-15T18:24:48.611812564+08:00"),
        f.res("cce.cluster", "failed", "2020-10-15T18:24:34.102938475+08:00", "2020-10-15T18:25:41.771234981+08:00", REASON),
        f.res("bcs", "waiting"),
      ],
      TODAY,
    );
    const out = table(s);
    expect(out).toBe(golden`
bc-9a8b7c  ✗ failed  2/4 finished  elapsed 1m09s  on 2020-10-15
  RESOURCE     STATE       STARTED   ENDED     DURATION  DETAIL
  eip          ✓ finished  10:24:31  10:24:33  1s
  sfs          ✓ finished  10:24:31  10:24:48  16s
  cce.cluster  ✗ failed    10:24:34  10:25:41  1m07s     create CCE cluster
                                                         failed: the quota of
                                                         ECS instances in region
                                                         cn-north-4 is exhausted
                                                         (ECS.0521); request a
                                                         higher quota in the
                                                         console under Quotas,
                                                         or delete unused
                                                         instances and retry the
                                                         deployment
  bcs          ○ waiting   -         -         -
`);
    expect(widest(out)).toBeLessThanOrEqual(80);
    // In colour too: the state's colour codes take no cells.
    expect(widest(table(s, { chalk: colour }))).toBeLessThanOrEqual(80);
  });

  it("other details are cut with …; --wide wraps them whole", () => {
    const s = f.chain("bc-w", "deploying", [
      f.res(
        "cce.cluster",
        "deploying",
        "2020-10-15T18:24:34.102938475+08:00",
        null,
        "creating 3 nodes in cn-north-4a: 1 ready, 2 starting; this takes about five minutes",
      ),
      f.res("eip", "finished", "2020-10-15T18:24:31.957780831+08:00", "2020-10-15T18:24:33.810699517+08:00"),
    ]);
    expect(table(s)).toBe(golden`
bc-w  ● deploying  1/2 finished  elapsed 1m38s
  RESOURCE     STATE        STARTED   ENDED     DURATION  DETAIL
  cce.cluster  ● deploying  10:24:34  -         1m35s…    creating 3 nodes in…
  eip          ✓ finished   10:24:31  10:24:33  1s
`);
    expect(table(s, { wide: true })).toBe(golden`
bc-w  ● deploying  1/2 finished  elapsed 1m38s
  RESOURCE     STATE        STARTED   ENDED     DURATION  DETAIL
  cce.cluster  ● deploying  10:24:34  -         1m35s…    creating 3 nodes in
                                                          cn-north-4a: 1 ready,
                                                          2 starting; this takes
                                                          about five minutes
  eip          ✓ finished   10:24:31  10:24:33  1s
`);
  });

  it("Chinese and emoji details are measured in cells; a time after midnight says +1d", () => {
    const s = f.chain(
      "bc-cn",
      "failed",
      [
        f.res("eip", "finished", "2020-10-15T18:24:31.957780831+08:00", "2020-10-15T18:24:33.810699517+08:00", "🚀 弹性公网IP已就绪"),
        f.res(
          "cce.cluster",
          "failed",
          "2020-10-15T18:24:34.102938475+08:00",
          "2020-10-16T00:00:41.771234981+08:00",
          "创建CCE集群失败：ECS实例配额不足（ECS.0521），请在控制台申请提高配额后重试，或删除不再使用的实例 ⚠️",
        ),
        f.res("cce.network", "deploying", "2020-10-15T23:59:58.000000000+08:00", null, "正在创建子网 🛠️ 和安全组规则，预计需要两分钟"),
      ],
      Date.parse("2020-10-15T16:01:00Z"),
    );
    const out = table(s, { timeZone: "Asia/Shanghai" });
    expect(out).toBe(golden`
bc-cn  ✗ failed  1/3 finished  elapsed 5h36m  on 2020-10-15
  RESOURCE     STATE        STARTED   DURATION  DETAIL
  eip          ✓ finished   18:24:31  1s        🚀 弹性公网IP已就绪
  cce.cluster  ✗ failed     18:24:34  5h36m     创建CCE集群失败：ECS实例配额不足
                                                （ECS.0521），请在控制台申请提高
                                                配额后重试，或删除不再使用的实例
                                                ⚠️
  cce.network  ● deploying  23:59:58  1m02s…    正在创建子网 🛠️ 和安全组规则，…
`);
    expect(widest(out)).toBeLessThanOrEqual(80);
    // With room, the end time of the next day is there, marked +1d.
    expect(table(s, { timeZone: "Asia/Shanghai", width: 120 })).toContain("18:24:34  00:00:41 +1d  5h36m");
  });
});

describe("dates once", () => {
  it("today's times are clocks alone, with no date", () => {
    const now = Date.parse("2026-11-28T10:00:00Z");
    expect(clockCells([now - 60_000, null], now, "UTC")).toEqual({ day: null, cells: ["09:59:00", "-"] });
  });
  it("another day: the earliest day once, later days as +Nd", () => {
    const t = Date.parse("2020-10-15T23:59:00Z");
    expect(clockCells([t, t + 120_000, t + 2 * 86_400_000], Date.parse("2026-11-28T10:00:00Z"), "UTC")).toEqual({
      day: "2020-10-15",
      cells: ["23:59:00", "00:01:00 +1d", "23:59:00 +2d"],
    });
  });
});
