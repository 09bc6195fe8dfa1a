import { Chalk } from "chalk";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cellWidth } from "../../src/render/fit.js";
import { renderListTable } from "../../src/render/list-table.js";
import type { ListEntry } from "../../src/status/list-order.js";
import type { Overall, QueryResult } from "../../src/status/model.js";
import { normalize } from "../../src/status/normalize.js";
import { apiBody } from "../helpers/deps.js";
import { failedResult as failed, stateResult as state } from "../helpers/results.js";

const plain = new Chalk({ level: 0 });
const coloured = new Chalk({ level: 1 });
const UUID = "b268e1ca-b5c2-28f1-1e57-f571e14ecdbd";

const ok = (id: string, body: Record<string, unknown> = apiBody()): QueryResult => ({
  ok: true,
  status: normalize(id, body, Date.parse("2020-10-15T10:30:00Z")),
  raw: "",
});

const entries: ListEntry[] = [
  { id: UUID, name: "marbles", result: ok(UUID) },
  { id: "75022dfb-e186-539e-cbc7-14020c934dd0", name: "区块链-供应链-生产环境", result: state("x", "deploying") },
  { id: "bc-1", name: "a rather long blockchain name that goes on", result: failed("bc-1") },
  { id: "x".repeat(64), name: "", result: state("y", "waiting") },
];

const widest = (text: string) => Math.max(...text.split("\n").map(cellWidth));

describe("the list table", () => {
  it("without a width (a pipe, no COLUMNS): one line per blockchain, nothing cut", () => {
    const text = renderListTable(entries, { chalk: plain, width: undefined, ascii: false });
    const lines = text.trimEnd().split("\n");
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^NAME +ID +STATE +DONE +ELAPSED$/);
    expect(lines[1]).toMatch(/^marbles +b268e1ca-b5c2-28f1-1e57-f571e14ecdbd +✓ finished +3\/3 +1m21s$/);
    expect(lines[2]).toContain("区块链-供应链-生产环境");
    expect(lines[3]).toMatch(/a rather long blockchain name that goes on +bc-1 +✗ error +- +-$/);
    expect(lines[4]).toMatch(/^- +x{64} +○ waiting +0\/0 +-$/);
  });

  it("at 80 columns with UUIDs: one line each, the name cut with …, ids whole", () => {
    const text = renderListTable(entries.slice(0, 3), { chalk: plain, width: 80, ascii: false });
    expect(widest(text)).toBeLessThanOrEqual(80);
    const lines = text.trimEnd().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatch(/^a rather.*… +bc-1 /);
    for (const e of entries.slice(0, 3)) expect(text).toContain(e.id);
  });

  it("--wide: a long name wraps inside its column, whole", () => {
    const text = renderListTable(entries.slice(0, 3), { chalk: plain, width: 80, ascii: false, wide: true });
    expect(widest(text)).toBeLessThanOrEqual(80);
    expect(text).not.toContain("…");
    const nameCol = text
      .split("\n")
      .slice(3)
      .map((l) => l.slice(0, 14).trim())
      .join(" ");
    expect(nameCol).toContain("a rather long blockchain name that goes on");
  });

  it("narrow (60 columns): each id on a line of its own, whole", () => {
    const text = renderListTable(entries.slice(0, 3), { chalk: plain, width: 60, ascii: false });
    expect(widest(text)).toBeLessThanOrEqual(60);
    const lines = text.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^NAME +STATE +DONE +ELAPSED$/);
    expect(lines[1]).toBe("  ID");
    expect(lines).toContain(`  ${UUID}`);
    expect(lines).toContain("  bc-1");
  });

  it("--ascii: plain characters only", () => {
    const text = renderListTable(entries, { chalk: plain, width: 60, ascii: true });
    expect(text.replace(/区块链-供应链-生产环境|区块链[^ ]*\.\.\./g, "")).toMatch(/^[\x20-\x7e\n]*$/);
  });

  it("any names, any width from 20 to 200, colour or not: no line is wider, and every id is shown whole", () => {
    const entry = fc.record({
      id: fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
      name: fc.string({ unit: "grapheme", maxLength: 80 }),
      state: fc.constantFrom<Overall | "error">("failed", "deploying", "waiting", "unknown", "finished", "error"),
    });
    fc.assert(
      fc.property(
        fc.array(entry, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 20, max: 200 }),
        fc.boolean(),
        fc.boolean(),
        (es, width, wide, colour) => {
          const list = es.map((e) => ({ id: e.id, name: e.name, result: e.state === "error" ? failed(e.id) : state(e.id, e.state) }));
          const text = renderListTable(list, { chalk: colour ? coloured : plain, width, ascii: false, wide });
          expect(widest(text)).toBeLessThanOrEqual(width);
          const bare = text.replace(/\u001b\[[0-9;]*m/g, "").replace(/\n {2}/g, "");
          for (const e of list) expect(bare).toContain(e.id);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("the list table: names that echo a secret", () => {
  it("columns are measured after masking: rows in line, the secret's length not shown", async () => {
    const { Secrets, MASK } = await import("../../src/output/secrets.js");
    const secrets = new Secrets();
    const secret = "Tk9_aZ3-qW7xLp2_Rm8vN4cY6bH1dF5gJ0-and-more-of-the-token";
    secrets.add(secret);
    const echoed: ListEntry[] = [
      { id: "bc-1", name: `prod-${secret}`, result: state("bc-1", "finished") },
      { id: "bc-2", name: "staging", result: state("bc-2", "deploying") },
    ];
    for (const width of [undefined, 100]) {
      // What the output boundary lets out: the table, masked.
      const shown = secrets.mask(renderListTable(echoed, { chalk: plain, width, ascii: false, mask: (t) => secrets.mask(t) }));
      const lines = shown.trimEnd().split("\n");
      expect(lines[1]).toMatch(/^prod-\*{4} +bc-1 /);
      expect(shown).toContain(`prod-${MASK}`);
      const idAt = lines.map((l) => l.search(/ (ID|bc-\d) /));
      expect(new Set(idAt).size, shown).toBe(1);
      // The name column is as wide as the widest name shown ("prod-****"), not as the secret.
      expect(idAt[0]).toBe(`prod-${MASK}`.length + 1);
    }
  });
});
