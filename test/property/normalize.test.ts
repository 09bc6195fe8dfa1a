import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderStatusJson } from "../../src/render/json.js";
import { normalize, overallState } from "../../src/status/normalize.js";
import { sanitize } from "../../src/util/clean.js";

/**
 * The contract's rules (docs/OUTPUT.md), written again here as an oracle (not
 * imported): which resources a body has, in the contract's order, and the overall state.
 */
const ORDER = ["bcs", "eip", "sfs", "obs", "kafka", "cce.cluster", "cce.network", "cce.security_group"];

const plainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
/** Server strings are cleaned where they enter; the contract's rules apply to the cleaned text. */
const clean = (v: unknown) => (typeof v === "string" ? sanitize(v) : v);
const nonBlank = (v: unknown) => typeof v === "string" && sanitize(v).trim().length > 0;

/** A resource "the response has": an object carrying any of the documented fields with a value. */
function has(d: Record<string, unknown>): boolean {
  const status = typeof d.status === "string" ? sanitize(d.status).trim() : "";
  return status !== "" || nonBlank(d.start_time) || nonBlank(d.end_time) || (typeof d.detail === "string" && clean(d.detail) !== "");
}
const statusOf = (d: Record<string, unknown>) => (typeof d.status === "string" ? sanitize(d.status).trim() : "");
/** The rules for keys the contract does not name: a value with a `status` string, or an object of such values. */
const shaped = (v: unknown): v is Record<string, unknown> => plainObject(v) && typeof v.status === "string";
const KNOWN_TOP = ["bcs", "eip", "sfs", "obs", "kafka", "cce"];
const FIELDS = ["status", "start_time", "end_time", "detail"];

function expectedResources(body: unknown): Array<{ name: string; status: string }> {
  if (!plainObject(body)) return [];
  const out: Array<{ name: string; status: string }> = [];
  for (const name of ORDER) {
    const [top, sub] = name.split(".") as [string, string?];
    let d: unknown = Object.hasOwn(body, top) ? body[top] : undefined;
    if (sub !== undefined) d = plainObject(d) && Object.hasOwn(d, sub) ? d[sub] : undefined;
    if (!plainObject(d)) continue;
    if (has(d)) out.push({ name, status: statusOf(d) });
  }
  // Then the unknown ones, in the body's order (names as sent, before cleaning and de-duplication).
  for (const [key, v] of Object.entries(body)) {
    if (!KNOWN_TOP.includes(key) && shaped(v)) {
      if (has(v)) out.push({ name: key, status: statusOf(v) });
      continue;
    }
    if (!plainObject(v) || (KNOWN_TOP.includes(key) && key !== "cce")) continue;
    if (shaped(v) && has(v)) out.push({ name: key, status: statusOf(v) });
    for (const [sub, inner] of Object.entries(v)) {
      if (key === "cce" && ["cluster", "network", "security_group"].includes(sub)) continue;
      if (shaped(v) && FIELDS.includes(sub)) continue;
      if (shaped(inner) && has(inner)) out.push({ name: `${key}.${sub}`, status: statusOf(inner) });
    }
  }
  return out;
}

/** A shown name for a key as sent: cleaned, and maybe told apart from another of the same name. */
function sameName(shown: string, sent: string): boolean {
  const base = sanitize(sent).trim();
  const want = base === "" ? '""' : base;
  return shown === want || shown.startsWith(`${want} (`) || (shown.endsWith("…") && want.startsWith(shown.slice(0, -1)));
}

function expectedOverall(statuses: readonly string[]): string {
  if (statuses.length === 0) return "unknown";
  let failed = false;
  let allFinished = true;
  let anyProgress = false;
  let allWaiting = true;
  for (const s of statuses) {
    if (s === "failed") failed = true;
    if (s !== "finished") allFinished = false;
    if (s === "deploying" || s === "finished") anyProgress = true;
    if (s !== "waiting") allWaiting = false;
  }
  if (failed) return "failed";
  if (allFinished) return "finished";
  if (anyProgress) return "deploying";
  if (allWaiting) return "waiting";
  return "unknown";
}

const KNOWN = ["waiting", "deploying", "finished", "failed"];
const statusArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...KNOWN) },
  { weight: 1, arbitrary: fc.constantFrom(" finished ", "FINISHED", "Failed", "", "   ", "running", "deleted", "finished\u0000") },
  { weight: 1, arbitrary: fc.string({ unit: "binary" }) },
  { weight: 1, arbitrary: fc.oneof(fc.constant(null), fc.integer(), fc.boolean(), fc.jsonValue({ maxDepth: 2 })) },
);
const timeArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(""),
  fc.constant("2020-10-15T18:24:48.658236618+08:00"),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.string({ unit: "binary-ascii" }),
  fc.constant(null),
  fc.integer(),
  fc.constantFrom("2020-13-45T99:99:99Z", "0000-00-00T00:00:00.000000000+99:99", "9999-12-31T23:59:60.999999999-23:59"),
);
const detailArb: fc.Arbitrary<unknown> = fc.oneof(fc.constant(""), fc.string({ unit: "binary" }), fc.constant(null), fc.integer());
const resourceArb: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({ status: statusArb, start_time: timeArb, end_time: timeArb, detail: detailArb }, { requiredKeys: [] }),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constant(null) },
);
/** Bodies shaped like the API's, with any field missing, null, of the wrong type or holding an unknown status. */
const apiBodyArb: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    bcs: resourceArb,
    eip: resourceArb,
    sfs: resourceArb,
    obs: resourceArb,
    kafka: resourceArb,
    cce: fc.oneof(
      {
        weight: 5,
        arbitrary: fc.record({ cluster: resourceArb, network: resourceArb, security_group: resourceArb }, { requiredKeys: [] }),
      },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
    ),
    extra: fc.jsonValue({ maxDepth: 2 }),
  },
  { requiredKeys: [] },
);
/** Bodies whose resources all carry a known status, so every branch of the rules is reached often. */
const knownBodyArb = fc
  .subarray(ORDER, { minLength: 0 })
  .chain((names) => fc.tuple(fc.constant(names), fc.array(fc.constantFrom(...KNOWN), { minLength: names.length, maxLength: names.length })))
  .map(([names, statuses]) => {
    const body: Record<string, Record<string, unknown>> = {};
    names.forEach((name, i) => {
      const [top, sub] = name.split(".") as [string, string?];
      const d = { start_time: "", end_time: "", status: statuses[i], detail: "" };
      if (sub) body[top] = { ...(body[top] ?? {}), [sub]: d };
      else body[top] = d;
    });
    return body;
  });

function check(body: unknown) {
  const s = normalize("bc-1", body, 0);
  const want = expectedResources(body);
  expect(s.resources.map((r) => r.status)).toEqual(want.map((r) => r.status));
  for (const [i, r] of s.resources.entries()) expect(sameName(r.name, want[i]?.name ?? ""), `${r.name} for ${want[i]?.name}`).toBe(true);
  expect(s.overall).toBe(expectedOverall(want.map((r) => r.status)));
  expect(overallState(s.resources)).toBe(s.overall);
  for (const r of s.resources) {
    expect(r.duration_ms === null || Number.isFinite(r.duration_ms)).toBe(true);
    expect(r.start_time === null || r.start_time.trim() !== "").toBe(true);
    // Clean at entry: no string of a resource carries a control character or escape sequence.
    for (const v of [r.status, r.detail, r.start_time ?? "", r.end_time ?? ""]) expect(v).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  }
  // The JSON renderer takes any of these without throwing, and keeps raw control characters out of the terminal.
  const line = renderStatusJson(s);
  expect(line).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  expect(JSON.parse(line).overall).toBe(s.overall);
  return s;
}

describe("normalize (property)", () => {
  it("never throws on any JSON value, and the overall state obeys the contract's rules", () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: "binary" }), (v) => void check(v)),
      { numRuns: 500 },
    );
  });

  it("the same for any JSON text as parsed from the wire (incl. __proto__ keys)", () => {
    fc.assert(
      fc.property(fc.json({ stringUnit: "binary-ascii" }), (text) => void check(JSON.parse(text))),
      { numRuns: 300 },
    );
    check(JSON.parse('{"__proto__":{"status":"failed"},"bcs":{"status":"finished"}}'));
  });

  it("API-shaped bodies with random, missing and null fields and random status strings", () => {
    fc.assert(
      fc.property(apiBodyArb, (b) => void check(b)),
      { numRuns: 1000 },
    );
  });

  it("known statuses only: every rule of the contract is reached", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(knownBodyArb, (b) => {
        seen.add(check(b).overall);
      }),
      { numRuns: 500 },
    );
    expect([...seen].sort()).toEqual(["deploying", "failed", "finished", "unknown", "waiting"]);
  });

  it("an unknown status is kept as it is and is never terminal", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((s) => s.trim() !== "" && !KNOWN.includes(s.trim())),
        (status) => {
          const s = normalize("bc-1", { bcs: { status } }, 0);
          expect(s.resources[0]?.status).toBe(status.trim());
          expect(s.overall).toBe("unknown");
          const withFinished = normalize("bc-1", { bcs: { status }, eip: { status: "finished" } }, 0);
          expect(withFinished.overall).toBe("deploying");
        },
      ),
    );
  });
});
