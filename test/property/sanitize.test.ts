import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sanitize } from "../../src/render/sanitize.js";

/** Any C0 or C1 control character, or DEL: none may reach a terminal. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

const chars = (from: string, to: string) => {
  const out: string[] = [];
  for (let c = from.charCodeAt(0); c <= to.charCodeAt(0); c++) out.push(String.fromCharCode(c));
  return out;
};
const oneOf = (list: string[]) => fc.constantFrom(...list);
const run = (list: string[], maxLength = 6) => fc.string({ unit: oneOf(list), maxLength });

/** Printable text: any Unicode code point except C0, DEL and C1. */
const printable = fc.string({ unit: "binary", maxLength: 20 }).map((s) => s.replace(new RegExp(CONTROL.source, "g"), ""));
const payload = fc
  .string({ unit: fc.oneof(oneOf(chars(" ", "~")), fc.string({ unit: "binary", minLength: 1, maxLength: 1 })), maxLength: 20 })
  .map((s) => s.replace(new RegExp(CONTROL.source, "g"), ""));
const ST = oneOf(["\u0007", "\u001b\\", "\u009c"]);

/** Complete escape sequences of every ECMA-48 family, 7-bit and 8-bit. */
const sequence: fc.Arbitrary<string> = fc.oneof(
  // CSI: ESC [ or 0x9B, parameters, intermediates, final byte (colours, cursor moves, clear screen…).
  fc.tuple(oneOf(["\u001b[", "\u009b"]), run(chars("0", "?")), run(chars(" ", "/"), 2), oneOf(chars("@", "~"))).map((p) => p.join("")),
  // OSC (window title, hyperlinks, clipboard), DCS, SOS, PM, APC: introducer, payload, BEL or ST.
  fc
    .tuple(oneOf(["\u001b]", "\u001bP", "\u001bX", "\u001b^", "\u001b_", "\u009d", "\u0090", "\u0098", "\u009e", "\u009f"]), payload, ST)
    .map((p) => p.join("")),
  fc.constantFrom("\u001b]8;;https://evil.example/\u0007", "\u001b]8;;\u0007", "\u001b]52;c;ZXZpbA==\u0007", "\u001b]0;owned\u001b\\"),
  // nF: ESC, intermediates, final (charset designation `ESC ( B`, `ESC # 8`).
  fc.tuple(oneOf(chars(" ", "/")), run(chars(" ", "/"), 2), oneOf(chars("0", "~"))).map(([a, b, c]) => `\u001b${a}${b}${c}`),
  // Two-character escapes: ESC 7, ESC c (full reset), ESC M…
  oneOf(chars("0", "~").filter((c) => !"[]PX^_".includes(c))).map((c) => `\u001b${c}`),
);
/** Control characters on their own (not sequence introducers). */
const loneControl = oneOf(
  [...chars("\u0000", "\u001f"), "\u007f", ...chars("\u0080", "\u009f")].filter(
    (c) => !["\u001b", "\u009b", "\u009d", "\u0090", "\u0098", "\u009e", "\u009f"].includes(c),
  ),
);

type Segment = { kind: "text" | "seq" | "ctl"; s: string };
const segments = fc.array(
  fc.oneof(
    { weight: 3, arbitrary: printable.map((s): Segment => ({ kind: "text", s })) },
    { weight: 2, arbitrary: sequence.map((s): Segment => ({ kind: "seq", s })) },
    { weight: 1, arbitrary: loneControl.map((s): Segment => ({ kind: "ctl", s })) },
  ),
  { maxLength: 12 },
);

/** Anything at all: full Unicode, Latin-1 controls, and sequences cut short or spliced anywhere. */
const anything = fc
  .array(
    fc.oneof(
      fc.string({ unit: "binary" }),
      fc.string({ unit: "binary-ascii" }),
      sequence,
      sequence.chain((s) => fc.nat(s.length).map((n) => s.slice(0, n))),
      oneOf(["\u001b", "\u009b", "\u009d", "\u001b[", "\u001b]", "\u001bP", "\r", "\n", "\t", "\u0085"]),
    ),
    { maxLength: 10 },
  )
  .map((parts) => parts.join(""));

describe("sanitize (property)", () => {
  it("leaves no C0/C1 control character, DEL or escape sequence in any string", () => {
    fc.assert(
      fc.property(anything, (s) => {
        const out = sanitize(s);
        expect(out).not.toMatch(CONTROL);
        expect(out.length).toBeLessThanOrEqual(s.length);
        expect(sanitize(out)).toBe(out);
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps a string with no control characters exactly as it is (all printable Unicode survives)", () => {
    fc.assert(
      fc.property(printable, (s) => {
        expect(sanitize(s)).toBe(s);
      }),
      { numRuns: 1000 },
    );
    const sample = "Ünïcødé — 世界 🎉 ½ ‰ \u00a0nbsp \u200bzwsp e\u0301";
    expect(sanitize(sample)).toBe(sample);
  });

  it("removes whole sequences and lone controls, and keeps every printable character that was not part of one", () => {
    fc.assert(
      fc.property(segments, (segs) => {
        const input = segs.map((g) => g.s).join("");
        const want = segs.map((g) => (g.kind === "text" ? g.s : g.kind === "ctl" && "\n\t\r".includes(g.s) ? " " : "")).join("");
        expect(sanitize(input)).toBe(want);
      }),
      { numRuns: 2000 },
    );
  });

  it("examples: colours, titles, hyperlinks, charset switches, resets", () => {
    expect(sanitize("a\u001b[31mred\u001b[0m b")).toBe("ared b");
    expect(sanitize("x\u001b]0;title\u0007y")).toBe("xy");
    expect(sanitize("\u001b]8;;https://e.example\u001b\\link\u001b]8;;\u001b\\")).toBe("link");
    expect(sanitize("\u001b(Btext\u001b#8")).toBe("text");
    expect(sanitize("\u001bcreset\u009b2Jclear")).toBe("resetclear");
    expect(sanitize("line1\nline2\ttab\r")).toBe("line1 line2 tab ");
    // An OSC that never ends swallows the rest, as a terminal would.
    expect(sanitize("ok\u001b]0;never ends")).toBe("ok");
  });
});
