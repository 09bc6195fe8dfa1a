import { stripVTControlCharacters } from "node:util";
import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import { renderTimeline, timelineSpan } from "../../src/render/timeline.js";
import type { BlockchainStatus } from "../../src/status/model.js";
import * as f from "./render-fixtures.js";

const plain = new Chalk({ level: 0 });
const colour = new Chalk({ level: 1 });

function draw(status: BlockchainStatus, width: number, o: { ascii?: boolean; color?: boolean; now?: number } = {}): string {
  return renderTimeline(status, { chalk: o.color ? colour : plain, width, ascii: o.ascii ?? false, now: o.now ?? f.NOW });
}

/** A golden block: the text between the first and the last newline of the template. */
function golden(parts: TemplateStringsArray): string {
  return (parts.raw[0] ?? "").replace(/^\n/, "").replace(/\n$/, "");
}

/** ANSI codes (chalk level 1) as readable tags, so coloured goldens can be read. */
const TAGS: Record<string, string> = {
  "1": "<b>",
  "2": "<dim>",
  "22": "</bd>",
  "31": "<red>",
  "32": "<green>",
  "33": "<yellow>",
  "35": "<magenta>",
  "36": "<cyan>",
  "39": "</c>",
};
function tagged(text: string): string {
  return text.replace(/\u001b\[(\d+)m/g, (_, code: string) => TAGS[code] ?? `<${code}>`);
}

/** Display columns; every glyph the renderer draws is one column wide. */
function columns(line: string): number {
  return [...stripVTControlCharacters(line)].length;
}

const FIXTURES = {
  finished: f.finished,
  deploying: f.deploying,
  failed: f.failed,
  missingTimes: f.missingTimes,
  allZero: f.allZero,
  oneLong: f.oneLong,
  empty: f.empty,
};

describe("renderTimeline goldens", () => {
  it("finished, unicode, width 60", () => {
    expect(draw(f.finished, 60)).toBe(golden`
         0s      15s     30s     45s     1m00s   1m15s
         ├───────┼───────┼───────┼───────┼───────┼───┤
◆ ✓ bcs           ███████████████████████████████████  1m04s
  ✓ eip  █                                                1s
  ✓ sfs  █████████                                       16s
◆ critical path (ends last): bcs · total 1m21s
`);
  });
  it("finished, unicode, width 80", () => {
    expect(draw(f.finished, 80)).toBe(golden`
         0s         15s         30s         45s         1m00s      1m15s
         ├──────────┼───────────┼───────────┼───────────┼──────────┼─────┤
◆ ✓ bcs               ███████████████████████████████████████████████████  1m04s
  ✓ eip  █▌                                                                   1s
  ✓ sfs  █████████████▏                                                      16s
◆ critical path (ends last): bcs · total 1m21s
`);
  });
  it("finished, unicode, width 160", () => {
    expect(draw(f.finished, 160)).toBe(golden`
         0s      5s       10s      15s      20s      25s     30s      35s      40s      45s      50s      55s     1m00s    1m05s    1m10s    1m15s    1m20s
         ├───────┼────────┼────────┼────────┼────────┼───────┼────────┼────────┼────────┼────────┼────────┼───────┼────────┼────────┼────────┼────────┼──┤
◆ ✓ bcs                               ███████████████████████████████████████████████████████████████████████████████████████████████████████████████████  1m04s
  ✓ eip  ███▎                                                                                                                                                 1s
  ✓ sfs  █████████████████████████████▍                                                                                                                      16s
◆ critical path (ends last): bcs · total 1m21s
`);
  });
  it("finished, ascii, width 80", () => {
    expect(draw(f.finished, 80, { ascii: true })).toBe(golden`
         0s         15s         30s         45s         1m00s      1m15s
         +----------+-----------+-----------+-----------+----------+-----+
> + bcs               ###################################################  1m04s
  + eip  #                                                                    1s
  + sfs  #############                                                       16s
> critical path (ends last): bcs - total 1m21s
`);
  });
  it("deploying, unicode, width 80: running bars reach now", () => {
    expect(draw(f.deploying, 80)).toBe(golden`
                0s      15s      30s      45s     1m00s    1m15s    1m30s
                ├───────┼────────┼────────┼───────┼────────┼────────┼────┤
  ● bcs                  ████████████████████████████████████████████████  1m21s
  ✓ eip         █▏                                                            1s
  ✓ sfs         █████████▋                                                   16s
  ● cce.cluster  ████████████████████████████████████████████████████████  1m35s
  ○ cce.network waiting                                                        -
still running: bcs, cce.cluster · total 1m38s so far
`);
  });
  it("deploying, ascii, width 80", () => {
    expect(draw(f.deploying, 80, { ascii: true })).toBe(golden`
                0s      15s      30s      45s     1m00s    1m15s    1m30s
                +-------+--------+--------+-------+--------+--------+----+
  * bcs                  ################################################  1m21s
  + eip         #                                                             1s
  + sfs         ##########                                                   16s
  * cce.cluster  ########################################################  1m35s
  - cce.network waiting                                                        -
still running: bcs, cce.cluster - total 1m38s so far
`);
  });
  it("deploying, colour, width 80", () => {
    expect(tagged(draw(f.deploying, 80, { color: true }))).toBe(golden`
                0s      15s      30s      45s     1m00s    1m15s    1m30s
                <dim>├───────┼────────┼────────┼───────┼────────┼────────┼────┤</bd>
  <cyan>●</c> bcs                  <cyan>████████████████████████████████████████████████</c>  1m21s
  <green>✓</c> eip         <green>█▏</c>                                                            1s
  <green>✓</c> sfs         <green>█████████▋</c>                                                   16s
  <cyan>●</c> cce.cluster  <cyan>████████████████████████████████████████████████████████</c>  1m35s
  <yellow>○</c> cce.network <dim>waiting</bd>                                                        -
<dim>still running: bcs, cce.cluster · total 1m38s so far</bd>
`);
  });
  it("failed, colour, width 60: failed bars are red, the one without an end reaches now", () => {
    expect(tagged(draw(f.failed, 60, { color: true }))).toBe(golden`
                       0s       30s      1m00s    1m30s
                       <dim>├────────┼────────┼────────┼──┤</bd>
  <green>✓</c> eip                <green>█</c>                                  1s
<b>◆</bd> <red>✗</c> cce.cluster        <red>█████████████████████▍</c>          1m07s
  <red>✗</c> cce.network                 <red>█████████████████████</c>  1m07s
  <yellow>○</c> cce.security_group <dim>waiting</bd>                             -
<b>◆</bd> <dim>critical path (ends last): cce.cluster · total 1m38s</bd>
`);
  });
  it("failed, ascii, width 160", () => {
    expect(draw(f.failed, 160, { ascii: true })).toBe(golden`
                       0s           10s          20s          30s           40s          50s          1m00s        1m10s         1m20s        1m30s
                       +------------+------------+------------+-------------+------------+------------+------------+-------------+------------+----------+
  + eip                ##                                                                                                                                     1s
> x cce.cluster          ###########################################################################################                                       1m07s
  x cce.network                                                ##########################################################################################  1m07s
  - cce.security_group waiting                                                                                                                                 -
> critical path (ends last): cce.cluster - total 1m38s
`);
  });
  it("failed, width 40: names fit, the legend shortens", () => {
    expect(draw(f.failed, 40)).toBe(golden`
                       0s    1m00s
                       ├─────┼───┤
  ✓ eip                █              1s
◆ ✗ cce.cluster        ███████▏    1m07s
  ✗ cce.network           ███████  1m07s
  ○ cce.security_group waiting         -
◆ critical path: cce.cluster
`);
  });
  it("missing start or end times", () => {
    expect(draw(f.missingTimes, 80)).toBe(golden`
                0s       5s        10s      15s       20s      25s       30s
                ├────────┼─────────┼────────┼─────────┼────────┼─────────┤
◆ ✓ eip         █████████████████████████████████████████████████████████    30s
  ✓ sfs                        ▏ no end time                                   ?
  ✓ obs         no start time                                                  -
  ● kafka       no start time                                                  -
  ○ cce.cluster waiting                                                        -
◆ critical path (ends last): eip · total 30s
`);
  });
  it("all-zero durations", () => {
    expect(draw(f.allZero, 60)).toBe(golden`
         0s                                          1s
         ├───────────────────────────────────────────┤
◆ ✓ bcs  █                                               0ms
  ✓ eip  █                                               0ms
◆ critical path (ends last): bcs · total 0ms
`);
  });
  it("one resource far longer than the rest, width 80", () => {
    expect(draw(f.oneLong, 80)).toBe(golden`
                0s            10m00s        20m00s        30m00s        40m00s
                ├─────────────┼─────────────┼─────────────┼─────────────┤
  ✓ eip         █                                                             1s
  ✓ sfs         █                                                             2s
  ✓ cce.cluster █████████████████████████████████████████████████████████ 40m00s
◆ ✓ bcs                                                                 █  500ms
◆ critical path (ends last): bcs · total 40m02s
`);
  });
  it("one resource far longer than the rest, ascii, width 160", () => {
    expect(draw(f.oneLong, 160, { ascii: true })).toBe(golden`
                0s               5m00s            10m00s           15m00s           20m00s           25m00s           30m00s           35m00s           40m00s
                +----------------+----------------+----------------+----------------+----------------+----------------+----------------+----------------+
  + eip         #                                                                                                                                             1s
  + sfs         #                                                                                                                                             2s
  + cce.cluster ######################################################################################################################################### 40m00s
> + bcs                                                                                                                                                 #  500ms
> critical path (ends last): bcs - total 40m02s
`);
  });
});

describe("renderTimeline fits the width", () => {
  const widths = [1, 10, 17, 18, 20, 24, 30, 40, 59, 60, 61, 79, 80, 81, 120, 160, 200];
  for (const [name, status] of Object.entries(FIXTURES)) {
    it(`${name}: no line is longer than the width, in any mode`, () => {
      for (const width of widths) {
        for (const ascii of [false, true]) {
          for (const color of [false, true]) {
            for (const line of draw(status, width, { ascii, color }).split("\n")) {
              expect(columns(line), `${name} width=${width} ascii=${ascii} color=${color}: ${JSON.stringify(line)}`).toBeLessThanOrEqual(
                width,
              );
            }
          }
        }
      }
    });
  }

  it("rows use the whole width once the chart is drawn", () => {
    for (const width of [40, 60, 80, 160]) {
      const rows = draw(f.deploying, width).split("\n").slice(2, -1);
      for (const row of rows) expect(columns(row)).toBe(width);
    }
  });

  it("ascii mode draws printable ASCII only", () => {
    for (const status of Object.values(FIXTURES)) {
      for (const width of [24, 40, 80, 160]) expect(draw(status, width, { ascii: true })).toMatch(/^[\x20-\x7e\n]*$/);
    }
  });

  it("colour changes nothing but the colour", () => {
    for (const status of Object.values(FIXTURES)) {
      for (const ascii of [false, true]) {
        expect(stripVTControlCharacters(draw(status, 80, { ascii, color: true }))).toBe(draw(status, 80, { ascii }));
      }
    }
  });

  it("too narrow for a chart: one short line, not a broken chart", () => {
    expect(draw(f.finished, 10)).toBe("Timeline …");
    expect(draw(f.finished, 17, { ascii: true })).toBe("Timeline needs 1~");
  });
});

describe("renderTimeline edge cases", () => {
  it("no resources at all: one line", () => {
    expect(draw(f.empty, 80)).toBe("No resources to draw yet.");
  });

  it("nothing started yet: nothing drawn (rows of waiting without an axis say nothing the table does not)", () => {
    const status = f.chain("bc-new", "waiting", [f.res("bcs", "waiting"), f.res("eip", "waiting")]);
    expect(draw(status, 40)).toBe("");
  });

  it("a short resource beside a far longer one still shows as one cell", () => {
    const rows = draw(f.oneLong, 60).split("\n").slice(2, -1);
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(row).toContain("█");
    for (const row of draw(f.oneLong, 60, { ascii: true }).split("\n").slice(2, -1)) expect(row).toContain("#");
  });

  it("all-zero durations divide nothing by zero", () => {
    const out = draw(f.allZero, 80);
    expect(out).not.toMatch(/NaN|Infinity/);
    expect(out.split("\n")[2]).toContain("█");
  });

  it("a start after now (clock skew) is drawn as one cell, not a negative bar", () => {
    const status = f.chain("bc-skew", "deploying", [f.res("bcs", "deploying", "2020-10-15T18:30:00.000000000+08:00")]);
    const out = draw(status, 60);
    expect(out).not.toMatch(/NaN|Infinity/);
    expect(out.split("\n")[2]).toMatch(/^ {2}● bcs {2}█ +0ms$/);
  });

  it("an unknown status is drawn as it is, with ? and magenta", () => {
    const status = f.chain("bc-odd", "unknown", [f.res("bcs", "rebooting", "2020-10-15T18:24:48.658236618+08:00")]);
    const row = tagged(draw(status, 60, { color: true })).split("\n")[2];
    expect(row).toContain("<magenta>?</c> bcs");
    expect(row).toContain("<magenta>█");
  });

  it("failed without an end: a red bar to now", () => {
    const row = tagged(draw(f.failed, 80, { color: true })).split("\n")[4] ?? "";
    expect(row).toMatch(/<red>✗<\/c> cce\.network +<red>█+<\/c> {2}1m07s$/);
  });

  it("the critical path is the resource that ends last; a tie goes to the one that started first", () => {
    const end = "2020-10-15T18:25:00.000000000+08:00";
    const status = f.chain("bc-tie", "finished", [
      f.res("eip", "finished", "2020-10-15T18:24:40.000000000+08:00", end),
      f.res("sfs", "finished", "2020-10-15T18:24:30.000000000+08:00", end),
      f.res("obs", "finished", "2020-10-15T18:24:20.000000000+08:00", "2020-10-15T18:24:50.000000000+08:00"),
    ]);
    const out = draw(status, 60).split("\n");
    expect(out.filter((l) => l.startsWith("◆ ✓"))).toEqual([expect.stringContaining(" sfs ")]);
    expect(out.at(-1)).toBe("◆ critical path (ends last): sfs · total 40s");
  });

  it("rows keep the order they are given", () => {
    const names = draw(f.failed, 80)
      .split("\n")
      .slice(2, -1)
      .map((l) => l.slice(4).split(" ")[0]);
    expect(names).toEqual(["eip", "cce.cluster", "cce.network", "cce.security_group"]);
  });
});

describe("timelineSpan", () => {
  it("is null until something starts", () => {
    expect(timelineSpan(f.empty, f.NOW)).toBeNull();
    expect(timelineSpan(f.chain("x", "waiting", [f.res("bcs", "waiting")]), f.NOW)).toBeNull();
  });

  it("runs from the first start to the last end, or to now while deploying", () => {
    expect(timelineSpan(f.finished, f.NOW)).toEqual({
      start: f.ms("2020-10-15T18:24:31.957+08:00"),
      end: f.ms("2020-10-15T18:25:53.552+08:00"),
    });
    expect(timelineSpan(f.deploying, f.NOW)).toEqual({ start: f.ms("2020-10-15T18:24:31.957+08:00"), end: f.NOW });
  });
});
