import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { asciiLower, matchKey } from "../../src/output/match-key.js";
import { MASK, MIN_FOLDED_SLICE, MIN_SECRET_SLICE, maskWith, Secrets, Windows } from "../../src/output/secrets.js";

/**
 * Masking, written the plain way as the oracle: every window of the match key
 * looked up in the sets one by one, the units they cover marked, each
 * stretch of marked units (touching windows as one) mapped to the span of the
 * text that shows it, spans that meet in the text joined, each replaced by
 * `****`. The masking of the tool skips through the text by a table of shifts
 * and checks candidates against a bitmap of hashes; this compares the two.
 */
function oracle(text: string, exact: Set<string>, folded: Set<string>): string {
  // Text shorter than a window is let through before its key is made, as the tool does.
  if ((exact.size === 0 && folded.size === 0) || text.length < MIN_SECRET_SLICE) return text;
  const { key, from } = matchKey(text);
  const covered = new Uint8Array(key.length);
  const mark = (i: number, size: number) => covered.fill(1, i, i + size);
  for (let i = 0; i + MIN_SECRET_SLICE <= key.length; i++) if (exact.has(key.slice(i, i + MIN_SECRET_SLICE))) mark(i, MIN_SECRET_SLICE);
  for (let i = 0; i + MIN_FOLDED_SLICE <= key.length; i++)
    if (folded.has(asciiLower(key.slice(i, i + MIN_FOLDED_SLICE)))) mark(i, MIN_FOLDED_SLICE);
  const at = (k: number) => (from ? (from[k] as number) : k);
  /** Where the character holding key unit k - 1 ends in the text. */
  const endAt = (k: number) => {
    if (!from) return k;
    for (let j = k; j < from.length; j++) if (from[j] !== from[k - 1]) return from[j] as number;
    return text.length;
  };
  const spans: Array<[number, number]> = [];
  for (let k = 0; k < key.length; k++) {
    if (!covered[k]) continue;
    let end = k;
    while (end < key.length && covered[end]) end++;
    const span: [number, number] = [at(k), endAt(end)];
    const last = spans[spans.length - 1];
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else spans.push(span);
    k = end;
  }
  let out = "";
  let copied = 0;
  for (const [a, b] of spans) {
    out += `${text.slice(copied, a)}${MASK}`;
    copied = b;
  }
  return out + text.slice(copied);
}

/** Few letters (both cases), a decomposable one, a combining mark, an invisible one, an astral one: windows repeat and meet often. */
const unit = fc.constantFrom("a", "b", "A", "B", "c", "é", "e\u0301", "\u0301", "\u200b", "😀", "%", "\\");
const textOf = (max: number) => fc.array(unit, { maxLength: max }).map((u) => u.join(""));

/** Sets of windows as Secrets fills them: exact windows of 8 key units, folded ones of 16 in lower case. */
function windowsOf(secrets: readonly string[]) {
  const exact = new Windows(MIN_SECRET_SLICE, false);
  const fold = new Windows(MIN_FOLDED_SLICE, true);
  for (const secret of secrets) {
    const key = matchKey(secret).key;
    for (let i = 0; i + MIN_SECRET_SLICE <= key.length; i++) exact.add(key.slice(i, i + MIN_SECRET_SLICE));
    if (key.length < MIN_FOLDED_SLICE) continue;
    const low = asciiLower(key);
    for (let i = 0; i + MIN_FOLDED_SLICE <= low.length; i++) fold.add(low.slice(i, i + MIN_FOLDED_SLICE));
  }
  return { exact, fold };
}

describe("maskWith: the windows the plain scan finds, masked the same way", () => {
  it("masks exactly what the oracle masks, for random secrets and texts made of their pieces", () => {
    const secret = fc.array(unit, { minLength: 8, maxLength: 30 }).map((u) => u.join(""));
    const secretsAndText = fc.array(secret, { minLength: 1, maxLength: 3 }).chain((secrets) =>
      fc.tuple(
        fc.constant(secrets),
        // The text: noise and slices of the secrets, some in upper case.
        fc
          .array(
            fc.oneof(textOf(12), {
              weight: 3,
              arbitrary: fc.tuple(fc.constantFrom(...secrets), fc.nat(), fc.nat(), fc.boolean()).map(([s, a, b, up]) => {
                const piece = s.slice(Math.min(a, b) % (s.length + 1), Math.max(a, b) % (s.length + 1) || s.length);
                return up ? piece.toUpperCase() : piece;
              }),
            }),
            { maxLength: 8 },
          )
          .map((parts) => parts.join("")),
      ),
    );
    let masked = 0;
    fc.assert(
      fc.property(secretsAndText, ([secrets, text]) => {
        const { exact, fold } = windowsOf(secrets);
        const got = maskWith(text, exact, fold);
        expect(got).toBe(oracle(text, exact.strings, fold.strings));
        if (got !== text) masked++;
      }),
      { numRuns: 5_000 },
    );
    // The comparison is worth something only if many texts did hold a slice.
    expect(masked).toBeGreaterThan(1_000);
  });

  it("masks the same as the oracle in long ASCII text, where the filter's false hits are the ones to get right", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 16, maxLength: 40 }), { minLength: 1, maxLength: 20 }),
        fc.string({ maxLength: 3000 }),
        (secrets, noise) => {
          const { exact, fold } = windowsOf(secrets);
          const text = `${noise}${secrets[0]?.toUpperCase()}${noise.slice(0, 100)}${secrets[secrets.length - 1]}`;
          expect(maskWith(text, exact, fold)).toBe(oracle(text, exact.strings, fold.strings));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("is what Secrets.mask does with the secrets it learned", () => {
    const secrets = new Secrets();
    secrets.add("tok-0123456789-ABCDEFGHIJ");
    const text = `x tok-0123456789-abcdefghij y 0123456789 z`;
    // The folded window of the upper-case token, the exact one of its digits: two runs, both masked.
    expect(secrets.mask(text)).toBe(`x ${MASK} y ${MASK} z`);
  });
});
