import { stripVTControlCharacters } from "node:util";
import { Chalk } from "chalk";
import stringWidth from "string-width";
import { describe, expect, it } from "vitest";
import { renderFirstState, renderHeartbeat, renderTransition, spinnerText, summarize } from "../../src/render/progress.js";
import { normalize } from "../../src/status/normalize.js";

const now = Date.parse("2026-11-28T10:05:00Z");
const look = { chalk: new Chalk({ level: 0 }), ascii: false, now, timeZone: "UTC" };
const status = normalize(
  "bc-1",
  {
    eip: { status: "finished", start_time: "2026-11-28T10:00:00Z", end_time: "2026-11-28T10:00:04Z" },
    cce: { cluster: { status: "deploying", start_time: "2026-11-28T10:01:00Z", end_time: "" } },
    bcs: { status: "waiting", start_time: "", end_time: "" },
  },
  now,
);

/** eip finished after 4 s: the transition the line tests draw. */
const transition = {
  blockchain_id: "bc-1",
  resource: "eip" as const,
  from: "deploying",
  to: "finished",
  at: now,
  duration_ms: 4000,
  detail: "",
};

describe("progress lines (pure)", () => {
  it("summarizes a blockchain with its slowest running resource", () => {
    expect(summarize(status)).toBe("deploying · 1/3 finished · cce.cluster deploying 4m00s · elapsed 5m00s");
  });

  it("renders a transition with its duration when it ends, ascii or not", () => {
    expect(renderTransition(transition, look)).toBe("10:05:00  bc-1  eip                 deploying → ✓ finished  4s");
    expect(renderTransition({ ...transition, to: "failed", detail: "quota\u001b[31m!" }, { ...look, ascii: true })).toBe(
      "10:05:00  bc-1  eip                 deploying -> x failed  4s  quota!",
    );
  });

  it("spinner text: one id plain, several prefixed, with notes, the deployment's age and the watch's own time", () => {
    expect(spinnerText([{ id: "bc-1", status }], now, now - 185_000)).toBe(
      "deploying · 1/3 finished · cce.cluster deploying 4m00s · elapsed 5m00s · watching 3m05s",
    );
    expect(
      spinnerText(
        [
          { id: "bc-1", status },
          { id: "bc-2", status: null, note: "HTTP 503; retrying" },
        ],
        now,
        now - 1000,
      ),
    ).toBe(
      "bc-1: deploying · 1/3 finished · cce.cluster deploying 4m00s · elapsed 5m00s · bc-2: waiting for the first answer (HTTP 503; retrying) · watching 1s",
    );
  });

  it("first-state and heartbeat lines", () => {
    expect(renderFirstState(status, look)).toBe("10:05:00  bc-1  deploying · 1/3 finished · cce.cluster deploying 4m00s · elapsed 5m00s");
    expect(
      renderHeartbeat(
        [
          { id: "bc-1", status },
          { id: "bc-2", status: null },
        ],
        now - 545_000,
        look,
      ),
    ).toBe(
      "10:05:00  still deploying · bc-1: deploying · 1/3 finished · cce.cluster deploying 4m00s · elapsed 5m00s · bc-2: no answer yet · watching 9m05s",
    );
  });
});

describe("progress lines fit the width", () => {
  const cells = (l: string) => stringWidth(stripVTControlCharacters(l));
  const details = [
    "create CCE cluster failed: insufficient quota for ECS flavor c6.2xlarge.2 in cn-north-4 (CCE.01400001); request more quota and retry",
    "创建CCE集群失败：ECS实例配额不足（ECS.0521），请在控制台申请提高配额后重试，或删除不再使用的实例。",
    "🚨 cluster creation failed 💥: quota exceeded 🖥️ 👉 request more quota 📈 and retry 🔁 👨‍👩‍👧",
  ];
  const t = { blockchain_id: "bc-1", resource: "cce.security_group" as const, from: "deploying", at: now, duration_ms: 65_000 };
  for (const width of [40, 60, 80, 120]) {
    it(`at ${width} columns: transitions, first state, heartbeat, spinner; a failure's detail whole`, () => {
      const w = { ...look, width };
      for (const detail of details) {
        const line = renderTransition({ ...t, to: "failed", detail }, { ...w, chalk: new Chalk({ level: 1 }) });
        for (const l of line.split("\n")) expect(cells(l), l).toBeLessThanOrEqual(width);
        expect(stripVTControlCharacters(line).replace(/\s+/g, "")).toContain(detail.replace(/\s+/g, ""));
      }
      const plainLine = renderTransition({ ...t, to: "finished", detail: "" }, w);
      expect(plainLine.split("\n").every((l) => cells(l) <= width)).toBe(true);
      // Parts are not split inside when they fit on a line of their own.
      expect(plainLine).toContain("deploying → ✓ finished");
      const texts = [
        renderFirstState(status, w),
        renderHeartbeat(
          [
            { id: "bc-1", status },
            { id: "bc-2", status: null },
          ],
          now - 545_000,
          w,
        ),
        spinnerText([{ id: "bc-1", status }], now, now - 185_000, false, width),
      ];
      for (const text of texts) for (const l of text.split("\n")) expect(cells(l), l).toBeLessThanOrEqual(width);
      // The spinner is one line, cut with … (a wrapped spinner breaks its redraw), leaving ora's frame its 2 cells.
      expect(texts[2]?.includes("\n")).toBe(false);
      expect(cells(texts[2] ?? "")).toBeLessThanOrEqual(width - 2);
    });
  }
});

describe("transition lines of several ids", () => {
  it("pad each id to the longest, so the resource names line up", () => {
    const a = renderTransition(transition, { ...look, idWidth: 6 });
    const b = renderTransition({ ...transition, blockchain_id: "fail-c" }, { ...look, idWidth: 6 });
    expect(a.indexOf("eip")).toBe(b.indexOf("eip"));
    expect(a).toBe("10:05:00  bc-1    eip                 deploying → ✓ finished  4s");
  });
});
