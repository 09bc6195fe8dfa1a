import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import { createTestIO } from "../../src/deps/io.js";
import { expectationsOf } from "../../src/history/eta.js";
import type { Expected } from "../../src/history/percentiles.js";
import { etaText, roughDuration, usualRange } from "../../src/render/expected.js";
import { cellWidth } from "../../src/render/fit.js";
import { renderStatusJson } from "../../src/render/json.js";
import { renderMarkdownSummary } from "../../src/render/markdown.js";
import { renderTransition, spinnerText } from "../../src/render/progress.js";
import { renderStatusTable } from "../../src/render/table.js";
import type { BlockchainStatus } from "../../src/status/model.js";
import type { Transition } from "../../src/status/transitions.js";
import { progressReporter } from "../../src/watch/report/progress-reporter.js";
import { githubSurface, plainSurface } from "../../src/watch/report/surface.js";
import * as f from "./render-fixtures.js";

const chalk = new Chalk({ level: 0 });
const MIN = 60_000;
const e = (p25: number, p50: number, p75: number, p90: number): Expected => ({ p25, p50, p75, p90, samples: 5 });

/** The fixture half way through (bcs and cce.cluster deploying, cce.network waiting), with a history for each. */
function withHistory(s: BlockchainStatus = f.deploying, now = f.NOW): BlockchainStatus {
  const known = new Map([
    ["bcs", e(6 * MIN, 7 * MIN, 8 * MIN, 9 * MIN)],
    ["cce.cluster", e(20_000, 40_000, 50_000, 60_000)],
    ["cce.network", e(MIN, 2 * MIN, 3 * MIN, 4 * MIN)],
    ["eip", e(MIN, MIN, MIN, MIN)],
  ]);
  const copy = { ...s, resources: s.resources.map((r) => ({ ...r, detail: r.status === "deploying" ? "creating the nodes" : r.detail })) };
  return { ...copy, expected: expectationsOf(copy, known, now) };
}

describe("the words of what usually happens", () => {
  it("ranges: whole minutes above 2 m, seconds below", () => {
    expect(usualRange(e(6 * MIN, 0, 8 * MIN, 0))).toBe("6m–8m");
    expect(usualRange(e(6 * MIN, 0, 8 * MIN, 0), true)).toBe("6m-8m");
    expect(usualRange(e(45_000, 0, 95_000, 0))).toBe("45s–1m35s");
    expect(usualRange(e(7 * MIN + 10_000, 0, 7 * MIN + 20_000, 0))).toBe("7m");
    expect(roughDuration(62 * MIN)).toBe("1h02m");
    expect(roughDuration(400)).toBe("1s");
  });

  it("ETA: local time; the date once when it is another day", () => {
    const now = Date.parse("2026-11-28T10:00:00Z");
    expect(etaText(now + 32 * MIN, now, "UTC")).toBe("ETA ~10:32");
    expect(etaText(now + 15 * 3_600_000, now, "UTC")).toBe("ETA ~2026-11-29 01:00");
    expect(etaText(now + 32 * MIN, now, "Asia/Shanghai")).toBe("ETA ~18:32");
  });

  it("the table: usually beside a deploying resource, longer than usual past p90, the ETA in the header; lines fit 40–120", () => {
    const s = withHistory();
    const wide = renderStatusTable(s, { chalk, width: 120, ascii: false, now: f.NOW, timeZone: "Asia/Shanghai" });
    // bcs started 1m22s before now: usually 6m–8m. cce.cluster has run 1m36s, past its p90 of 1m.
    expect(wide).toMatch(/bcs +● deploying .*creating the nodes · usually 6m–8m/);
    expect(wide).toMatch(/cce\.cluster +● deploying .*longer than usual \(90% took ≤ 1m\)/);
    // No expectation for what ended.
    expect(wide).not.toMatch(/eip .*usually/);
    // bcs ends at 18:24:48 + 7m; cce.network waits behind it for 2m: 18:33:48.
    expect(wide.split("\n")[0]).toContain("ETA ~18:33");
    for (let width = 40; width <= 120; width++) {
      const text = renderStatusTable(s, { chalk, width, ascii: false, now: f.NOW, timeZone: "Asia/Shanghai" });
      for (const line of text.trimEnd().split("\n")) expect(cellWidth(line), `${width}: ${line}`).toBeLessThanOrEqual(width);
      // Below 60 the range goes before the detail does.
      if (width < 60) {
        expect(text).not.toContain("usually");
        expect(text).toContain("creating");
      }
    }
  });

  it("--json: expected_ms for each resource not yet ended, eta in UTC", () => {
    const doc = JSON.parse(renderStatusJson(withHistory()));
    expect(doc.eta).toBe(new Date(f.ms("2020-10-15T18:33:48.658+08:00")).toISOString());
    const by = Object.fromEntries(doc.resources.map((r: { name: string; expected_ms?: unknown }) => [r.name, r.expected_ms]));
    expect(by.bcs).toEqual({ p25: 6 * MIN, p50: 7 * MIN, p75: 8 * MIN, p90: 9 * MIN, samples: 5 });
    expect(by["cce.network"]).toEqual({ p25: MIN, p50: 2 * MIN, p75: 3 * MIN, p90: 4 * MIN, samples: 5 });
    expect(by.eip).toBeUndefined();
    expect(by.sfs).toBeUndefined();
    // Without a history: the document of docs/OUTPUT.md, unchanged.
    expect(JSON.parse(renderStatusJson(f.deploying)).eta).toBeUndefined();
  });

  it("watch lines and the spinner say it; below 60 columns a line drops the range", () => {
    const s = withHistory();
    const t: Transition = {
      blockchain_id: s.blockchain_id,
      resource: "bcs",
      from: "waiting",
      to: "deploying",
      at: f.NOW,
      duration_ms: null,
      detail: "",
    };
    const look = { chalk, ascii: false, now: f.NOW, timeZone: "UTC", expected: s.expected };
    expect(renderTransition(t, { ...look, width: 100 })).toContain("usually 6m–8m");
    expect(renderTransition(t, { ...look, width: 50 })).not.toContain("usually");
    expect(spinnerText([{ id: s.blockchain_id, status: s }], f.NOW, f.NOW - 5000)).toContain(
      "cce.cluster deploying 1m35s (longer than usual (90% took ≤ 1m))",
    );
  });

  it("the Markdown summary shows each resource's usual range beside its duration", () => {
    const md = renderMarkdownSummary([withHistory()], { now: f.NOW, timeZone: "UTC" });
    expect(md).toMatch(/\| `eip` \|.*\| 1s \(usually 1m\) \|/);
    expect(md).toMatch(/\| `bcs` \|.*so far \(usually 6m–8m\) \|/);
  });

  it("past p90 in CI: one ::warning per resource, once; elsewhere one line", () => {
    const s = withHistory();
    for (const ci of [true, false]) {
      const io = createTestIO({ workflowCommands: ci });
      const surface = ci ? githubSurface(io.stderr, [s.blockchain_id]) : plainSurface(io.stderr);
      const reporter = progressReporter({ ids: [s.blockchain_id], now: () => f.NOW, startedAt: f.NOW, chalk, ascii: false }, surface);
      reporter.change(s, [], "");
      reporter.poll(s);
      reporter.poll({ ...s, checkedAt: f.NOW + 5000 });
      reporter.close();
      const err = io.stderr.text();
      if (ci) {
        expect(err.match(/^::warning /gm)).toHaveLength(1);
        // The runner reads %25 as %.
        expect(err).toContain("::warning title=BCS bc-7d03c9 longer than usual::cce.cluster: longer than usual (90%25 took ≤ 1m)");
      } else {
        // One line of its own (the first state's summary says it too).
        expect(err.match(/ {2}cce\.cluster {2}longer than usual \(90% took ≤ 1m\)$/gm)).toHaveLength(1);
        expect(err).not.toContain("::warning");
      }
    }
  });
});
