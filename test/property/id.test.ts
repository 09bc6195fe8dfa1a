import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateId } from "../../src/util/checks.js";
import { UsageError } from "../../src/util/errors.js";

/** The id alphabet and length (docs/SETTINGS.md), checked one character at a time (no regex shared with the code). */
function oracle(id: string): boolean {
  if (id.length < 1 || id.length > 64) return false;
  for (const ch of id) {
    const c = ch.codePointAt(0) as number;
    const ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95;
    if (!ok) return false;
  }
  return true;
}

function accepts(id: string): boolean {
  try {
    return validateId(id, "blockchain id") === id;
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    const message = (err as Error).message;
    expect(message).toMatch(/^invalid blockchain id /);
    expect(message.length).toBeLessThan(200);
    return false;
  }
}

const valid = [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"];
const invalid = [..." ./\\:;?#%&=+@!~*'\"`$<>|{}[]()^,\u0000\n\u001b\u007fäÅ€世🎉", "\u00a0", "\u200b", "ǅ", "Ａ", "１", "٣", "..", "%2e"];

describe("validateId (property)", () => {
  it("accepts exactly 1-64 of A-Z a-z 0-9 - _", () => {
    const unit = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...valid) }, { weight: 1, arbitrary: fc.constantFrom(...invalid) });
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 70 }), (id) => {
        expect(accepts(id)).toBe(oracle(id));
      }),
      { numRuns: 3000 },
    );
  });

  it("every valid id of every length 1-64 is accepted; 0 and 65+ are not", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...valid), minLength: 1, maxLength: 64 }), (id) => {
        expect(accepts(id)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...valid), minLength: 65, maxLength: 200 }), (id) => {
        expect(accepts(id)).toBe(false);
      }),
    );
    expect(accepts("")).toBe(false);
  });

  it("any string at all, full Unicode: the oracle and the code agree", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 70 }), (id) => {
        expect(accepts(id)).toBe(oracle(id));
      }),
      { numRuns: 2000 },
    );
    for (const id of ["../x", "a/b", "a b", "a\nb", "abc\n", "x%00", "é", "a\u0000"]) expect(accepts(id)).toBe(false);
  });
});
