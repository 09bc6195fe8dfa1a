import { Chalk } from "chalk";
import stringWidth from "string-width";
import { describe, expect, it } from "vitest";
import { createTestIO } from "../../src/deps/io.js";
import { type LiveItem, liveBlockText } from "../../src/render/live-block.js";
import { normalize } from "../../src/status/normalize.js";
import { progressReporter } from "../../src/watch/report/progress-reporter.js";
import { spinnerSurface } from "../../src/watch/report/spinner.js";
import { Screen } from "../helpers/screen.js";

/** With several ids on a terminal, one line per id, redrawn in place, capped to the terminal's height. */

const now = Date.parse("2026-11-28T10:05:00Z");
const deploying = (id: string, detail = "") =>
  normalize(
    id,
    {
      eip: { status: "finished", start_time: "2026-11-28T10:00:00Z", end_time: "2026-11-28T10:00:04Z", detail },
      cce: { cluster: { status: "deploying", start_time: "2026-11-28T10:01:00Z", end_time: "", detail } },
      bcs: { status: "waiting", start_time: "", end_time: "" },
    },
    now,
  );
const finished = (id: string) =>
  normalize(id, { eip: { status: "finished", start_time: "2026-11-28T10:00:00Z", end_time: "2026-11-28T10:00:04Z" } }, now);

const items = (n: number, make = deploying): LiveItem[] =>
  Array.from({ length: n }, (_, i) => ({ id: `bc-${i + 1}`, status: make(`bc-${i + 1}`) }));

describe("liveBlockText (pure)", () => {
  it("three ids: the watch's line, then one line per id, none wider than the width allows", () => {
    const text = liveBlockText(items(3), now, now - 65_000, { ascii: false, width: 60, rows: 24 });
    const lines = text.split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe("watching 3 blockchains · 1m05s");
    expect(lines.slice(1).map((l) => l.slice(0, 8))).toEqual(["  bc-1  ", "  bc-2  ", "  bc-3  "]);
    // ora draws its frame and a space before the first line; no line may reach the last column.
    expect(stringWidth(lines[0] as string)).toBeLessThanOrEqual(60 - 3);
    for (const l of lines) expect(stringWidth(l), l).toBeLessThanOrEqual(59);
    expect(lines[1]).toMatch(/…$/);
  });

  it("a wide terminal shows each line whole", () => {
    const lines = liveBlockText(items(2), now, now, { ascii: true, width: 200, rows: 24 }).split("\n");
    expect(lines[1]).toBe("  bc-1  deploying - 1/3 finished - cce.cluster deploying 4m00s - elapsed 5m00s");
  });

  it("ids of different lengths line up; a retry note comes first (a narrow terminal cuts the end)", () => {
    const lines = liveBlockText(
      [
        { id: "a", status: null, note: "HTTP 503; retrying" },
        { id: "blockchain-long", status: finished("blockchain-long") },
      ],
      now,
      now,
      { ascii: false, width: 120, rows: 24 },
    ).split("\n");
    expect(lines[1]).toBe("  a                HTTP 503; retrying · waiting for the first answer");
    expect(lines[2]).toMatch(/^ {2}blockchain-long {2}finished · 1\/1 finished/);
  });

  it("capped to the terminal's height with a '+N more' line; ids still running are shown first", () => {
    const many: LiveItem[] = [...items(3, finished), ...items(27).map((i, k) => ({ ...i, id: `run-${k + 1}` }))];
    const lines = liveBlockText(many, now, now, { ascii: false, width: 80, rows: 10 }).split("\n");
    expect(lines).toHaveLength(10 - 2);
    expect(lines.at(-1)).toBe("  +24 more");
    expect(lines.slice(1, -1).map((l) => l.trim().split(" ")[0])).toEqual(["run-1", "run-2", "run-3", "run-4", "run-5", "run-6"]);
  });

  it.each([3, 4, 5])("a tiny terminal (%i rows) still shows the watch's line and one id", (rows) => {
    const lines = liveBlockText(items(5), now, now, { ascii: false, width: 40, rows }).split("\n");
    expect(lines.length).toBeLessThanOrEqual(Math.max(3, rows - 2));
    expect(lines[1]).toMatch(/^ {2}bc-1 /);
    expect(lines.at(-1)).toMatch(/^ {2}\+\d more$/);
  });

  it.each([40, 60, 80])("CJK and emoji details at %i columns: every line fits in cells", (width) => {
    const wide: LiveItem[] = [
      { id: "bc-cjk", status: deploying("bc-cjk"), note: "创建CCE集群失败：资源不足，请稍后重试" },
      { id: "bc-emoji", status: null, note: "🚀🚀🚀 rate limited 🙈 retrying" },
    ];
    for (const l of liveBlockText(wide, now, now, { ascii: false, width, rows: 24 }).split("\n")) {
      expect(stringWidth(l), l).toBeLessThanOrEqual(width - 1);
    }
  });
});

describe("the live block on a terminal (ora, behind the boundary)", () => {
  async function drive(columns: number, rows: number, ids: string[]) {
    const io = createTestIO({ stderrTTY: true, stdoutTTY: true, columns, rows });
    let t = now;
    const ctx = {
      ids,
      now: () => t,
      startedAt: now,
      chalk: new Chalk({ level: 0 }),
      ascii: false,
      timeZone: "UTC",
      width: () => columns,
      rows: () => rows,
    };
    const reporter = progressReporter(ctx, await spinnerSurface(io.stderr, "", false));
    for (const id of ids) {
      t += 1000;
      reporter.change(deploying(id), [], "");
      reporter.poll(deploying(id));
    }
    for (let k = 0; k < 5; k++) {
      t += 1000;
      reporter.tick();
    }
    reporter.transient({ blockchain_id: ids[0] as string, checkedAt: t, message: "HTTP 503 Service Unavailable", error: {} } as never);
    const live = new Screen(columns, rows).write(io.stderr.text().replace(/\n/g, "\r\n"));
    reporter.close();
    const after = new Screen(columns, rows).write(io.stderr.text().replace(/\n/g, "\r\n"));
    return { live, after };
  }

  it("three ids at 60 columns: the lines that stay, then one line per id under the watch's line, drawn once", async () => {
    const { live } = await drive(60, 20, ["bc-a", "bc-b", "bc-c"]);
    const shown = live.transcript();
    // Each id's first state stays as a line; the block below it holds one line per id, and nothing stale is left.
    for (const id of ["bc-a", "bc-b", "bc-c"]) {
      expect(
        shown.filter((l) => l.startsWith(`  ${id}  `)),
        shown.join("\n"),
      ).toHaveLength(1);
    }
    expect(shown.filter((l) => /watching 3 blockchains/.test(l))).toHaveLength(1);
    const block = shown.slice(-4);
    expect(block[0]).toMatch(/^\S watching 3 blockchains · \d+s$/);
    expect(block[1]).toMatch(/^ {2}bc-a {2}HTTP 503 Service Unavailable; retrying/);
    expect(block.slice(2).map((l) => l.slice(0, 8))).toEqual(["  bc-b  ", "  bc-c  "]);
    for (const l of shown) expect(stringWidth(l)).toBeLessThanOrEqual(60);
  });

  it("when the watch ends the block is cleared: only the lines that stay remain", async () => {
    const { after } = await drive(60, 20, ["bc-a", "bc-b", "bc-c"]);
    expect(after.transcript().filter((l) => /watching 3|^ {2}bc-/.test(l))).toEqual([]);
  });

  it("thirty ids on a 12-row terminal: a block of at most 10 lines, redrawn without leaving lines behind", async () => {
    const ids = Array.from({ length: 30 }, (_, i) => `bc-${String(i + 1).padStart(2, "0")}`);
    const { live } = await drive(80, 12, ids);
    const lines = live.lines();
    const top = lines.findIndex((l) => /watching 30 blockchains/.test(l));
    expect(top).toBeGreaterThanOrEqual(0);
    expect(lines.length - top).toBeLessThanOrEqual(10);
    expect(lines.at(-1)).toMatch(/^ {2}\+\d+ more$/);
    expect(live.transcript().filter((l) => /watching 30 blockchains/.test(l))).toHaveLength(1);
  });

  it("one id keeps the single spinner line", async () => {
    const { live } = await drive(60, 20, ["bc-solo"]);
    const last = live.lines().at(-1) as string;
    expect(last).toMatch(/^\S deploying · 1\/3 finished/);
    expect(live.transcript().filter((l) => /^ {2}bc-solo/.test(l))).toEqual([]);
  });
});
