/**
 * The output boundary masks a secret in the spellings the tool's own escaping
 * gives it (test/e2e/secret-echo.e2e.test.ts found each of these leaking): the
 * Markdown summary's backslash escapes, a workflow command's percent escapes,
 * and a redirect's host shown as the server spelled it. The real escape
 * functions are used here, so a change to them that the boundary does not
 * follow fails.
 */
import { describe, expect, it } from "vitest";
import { redirectHost } from "../../src/api/http.js";
import { MASK, MIN_SECRET_SLICE, Secrets } from "../../src/output/secrets.js";
import { escapeData, escapeProperty } from "../../src/render/github.js";
import { escapeInline } from "../../src/render/markdown.js";

/** Punctuation that each escaping changes, at least every 7 characters: no spelling keeps 8 plain characters in a row. */
const PASSWORD = 'P%a"s\\s_w%0<rd>#%Hu&n*t%!er|2~%Se[c]%r:e,t';

function slicesOf(text: string, secret: string): string[] {
  const found: string[] = [];
  for (let i = 0; i + MIN_SECRET_SLICE <= secret.length; i++) {
    const slice = secret.slice(i, i + MIN_SECRET_SLICE).toLowerCase();
    if (text.toLowerCase().includes(slice)) found.push(slice);
  }
  return found;
}

/** The text as a reader sees it: Markdown rendered, or a workflow command decoded by the runner. */
const unMarkdown = (t: string) => t.replace(/\\([!-/:-@[-`{-~])/g, "$1");
const unWorkflow = (t: string) =>
  t.replace(/%3A/g, ":").replace(/%2C/g, ",").replace(/%0A/g, "\n").replace(/%0D/g, "\r").replace(/%25/g, "%");

describe("Secrets.mask: the spellings the tool's own escaping gives a secret", () => {
  const secrets = new Secrets();
  secrets.add(PASSWORD);

  it("the Markdown summary's escaped punctuation, whole and in part", () => {
    for (const text of [`detail ${PASSWORD} end`, `head=${PASSWORD.slice(0, 12)}`, `tail=${PASSWORD.slice(-12)}`]) {
      const shown = secrets.mask(escapeInline(text));
      expect(slicesOf(unMarkdown(shown), PASSWORD), shown).toEqual([]);
    }
    expect(secrets.mask(escapeInline(`x ${PASSWORD} y`))).toBe(`x ${MASK} y`);
  });

  it("a workflow command's message and property escaping", () => {
    for (const escaped of [escapeData, escapeProperty]) {
      const shown = secrets.mask(escaped(`busy ${PASSWORD} and ${PASSWORD.slice(3, 15)}`));
      expect(slicesOf(unWorkflow(shown), PASSWORD), shown).toEqual([]);
    }
  });

  it("letter case counts, so the tool's own words stay; a redirect's host is shown as the server spelled it", () => {
    const s = new Secrets();
    const token = "Tk9_aZ3-qW7xLp2_Rm8vN4cY6bH1dF5gJ0";
    s.add(token);
    s.add("e2e-PASSWORD-7c1b3d5e9f");
    // The slice "PASSWORD" of that password is masked as written; the word in another case is not a slice of it.
    expect(s.mask("auth: password; check BCS_PASSWORD")).toBe(`auth: password; check BCS_${MASK}`);
    const host = redirectHost(`https://${token}.example/x`, "bcs.example");
    expect(host).toBe(`${token}.example`);
    expect(s.mask(`redirect to ${host} not followed`)).toBe(`redirect to ${MASK}.example not followed`);
    expect(redirectHost(`https://user:${token}@Other.Example:8443/p`, "bcs.example")).toBe("Other.Example:8443");
    expect(redirectHost("/v2/elsewhere", "bcs.example")).toBe("bcs.example");
    expect(redirectHost("", "bcs.example")).toBe("another location");
  });

  it("still costs time linear in the text: 2 MB of capitals with no secret in well under a second", () => {
    const big = "X".repeat(2_000_000);
    const t = performance.now();
    expect(secrets.mask(big)).toBe(big);
    expect(performance.now() - t).toBeLessThan(1000);
  });
});
