import { Chalk } from "chalk";
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

describe("progress lines (pure)", () => {
  it("summarizes a blockchain with its slowest running resource", () => {
    expect(summarize(status)).toBe("deploying · 1/3 finished · cce.cluster deploying 4m00s · elapsed 5m00s");
  });

  it("renders a transition with its duration when it ends, ascii or not", () => {
    const t = {
      blockchain_id: "bc-1",
      resource: "eip" as const,
      from: "deploying",
      to: "finished",
      at: now,
      duration_ms: 4000,
      detail: "",
    };
    expect(renderTransition(t, look)).toBe("10:05:00  bc-1  eip                 deploying → ✓ finished  4s");
    expect(renderTransition({ ...t, to: "failed", detail: "quota\u001b[31m!" }, { ...look, ascii: true })).toBe(
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
