import { stripVTControlCharacters } from "node:util";
import { Chalk } from "chalk";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderTimeline } from "../../src/render/timeline.js";
import { RESOURCE_NAMES, type Resource } from "../../src/status/model.js";
import { fastestMs } from "../helpers/timing.js";

/**
 * For any span (sane, absurd, or not a number) and any width from 20 to 400,
 * the timeline renders within a fixed time budget and no line is wider than the
 * width (the axis used to build an array per candidate step, so a span
 * from 1970 ran out of memory).
 */
const BUDGET_MS = 50;
const DATE_LIMIT = 8.64e15;

/**
 * Every character the renderer may draw is one terminal cell (ASCII, box
 * drawing, blocks, the state and mark symbols): checked below, so counting code
 * points counts cells.
 */
const ONE_CELL = /^[\x20-\x7e─├┼┤█▏▎▍▌▋▊▉◆✓✗●○·…\n]*$/u;
const cells = (line: string) => [...stripVTControlCharacters(line)].length;

const instant: fc.Arbitrary<number | null> = fc.oneof(
  fc.constant(null),
  fc.constantFrom(-DATE_LIMIT, 0, DATE_LIMIT, -62135596800000, 253402300799000, Date.UTC(2026, 0, 1)),
  fc.integer({ min: -DATE_LIMIT, max: DATE_LIMIT }),
  fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2020, 0, 2) }),
  fc.double(), // NaN, ±Infinity, ±0, ±MAX_VALUE, subnormals…
);

const resource: fc.Arbitrary<Resource> = fc
  .record({
    name: fc.constantFrom(...RESOURCE_NAMES),
    status: fc.constantFrom("finished", "deploying", "failed", "waiting", "", "rebooting"),
    startMs: instant,
    endMs: instant,
    duration: fc.option(fc.double()),
  })
  .map(({ name, status, startMs, endMs, duration }) => ({
    name,
    status,
    start_time: startMs === null ? null : "t",
    end_time: endMs === null ? null : "t",
    startMs,
    endMs,
    duration_ms: startMs !== null && endMs !== null ? (duration ?? endMs - startMs) : null,
    detail: "",
  }));

describe("renderTimeline (property)", () => {
  it("renders any span at any width 20..400 within the time budget, no line wider than the width", () => {
    const plain = new Chalk({ level: 0 });
    const colour = new Chalk({ level: 1 });
    fc.assert(
      fc.property(
        fc.array(resource, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 20, max: 400 }),
        instant,
        fc.boolean(),
        fc.boolean(),
        (resources, width, now, ascii, color) => {
          const status = { blockchain_id: "bc", overall: "deploying" as const, checkedAt: 0, resources };
          const render = () => renderTimeline(status, { chalk: color ? colour : plain, width, ascii, now: now ?? Date.UTC(2026, 0, 1) });
          const out = render();
          expect(fastestMs(render, BUDGET_MS)).toBeLessThan(BUDGET_MS);
          const text = stripVTControlCharacters(out);
          expect(text).toMatch(ONE_CELL);
          expect(text).not.toMatch(/NaN|Infinity|undefined/);
          for (const line of out.split("\n")) expect(cells(line), JSON.stringify(line)).toBeLessThanOrEqual(width);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
