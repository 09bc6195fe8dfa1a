/**
 * The output boundary masks a secret in the spellings the tool's own escaping
 * gives it (test/e2e/secret-echo.e2e.test.ts found each of these leaking): the
 * Markdown summary's backslash escapes, a workflow command's percent escapes,
 * and a redirect's host shown as the server spelled it. The real escape
 * functions are used here, so a change to them that the boundary does not
 * follow fails.
 */
import { describe, expect, it } from "vitest";
import { redirectHost } from "../../src/http/http.js";
import { MASK, MIN_SECRET_SLICE, Secrets } from "../../src/output/secrets.js";
import { cleanStreamText } from "../../src/output/terminal-text.js";
import { escapeData, escapeProperty } from "../../src/render/github.js";
import { rawLine, renderFailureJson } from "../../src/render/json.js";
import { escapeInline, renderMarkdownSummary } from "../../src/render/markdown.js";
import { sanitize } from "../../src/render/sanitize.js";

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

  it("a `##[` in a workflow command's message is spelled `## [` (it could start a command of its own); masked in that spelling", () => {
    expect(escapeData("a ##[stop-commands]x ###[y")).not.toContain("##[");
    const s = new Secrets();
    const hashes = "ab##[cd##[ef##[gh##[ij";
    s.add(hashes);
    const shown = s.mask(escapeData(`x ${hashes} y`));
    expect(shown).toBe(`x ${MASK} y`);
  });
});

describe("Secrets.mask: the spellings cleaning gives a secret", () => {
  it("a secret with tabs, cleaned where server text enters (a space each) or collapsed by the Markdown summary", () => {
    const s = new Secrets();
    const tabbed = "abcdefg\thijklmn\topqrstu";
    s.add(tabbed);
    // An IAM 401 that echoes the password: error_msg is cleaned where it enters (util/clean.ts).
    expect(s.mask(`The password ${sanitize(tabbed)} is wrong`)).toBe(`The password ${MASK} is wrong`);
    const doubled = "abcdefg\t\thijklmn\r\nopqrstu";
    s.add(doubled);
    expect(s.mask(escapeInline(`x ${doubled} y`))).toBe(`x ${MASK} y`);
    const error = { http_status: 401, error_code: null, error_msg: `x ${sanitize(doubled)} y` };
    const json = renderFailureJson({ blockchain_id: "bc-1", checkedAt: 0, message: "", error, cause: null });
    expect(s.mask(json)).toContain(`"error_msg":"x ${MASK} y"`);
  });

  it("a secret with a control character or an invisible one, as the boundary cleans it", () => {
    const s = new Secrets();
    const bell = "Sec\u0007ret\u0007Pas\u0007swo\u0007rd!";
    s.add(bell);
    expect(s.mask(cleanStreamText(`x ${bell} y`, false))).toBe(`x ${MASK} y`);
    const zw = "Sec\u200bret\u200bPas\u200bswo\u200brd!";
    s.add(zw);
    expect(s.mask(cleanStreamText(`x ${zw} y`, false))).toBe(`x ${MASK} y`);
  });

  it("a C1 character, which --json and --raw spell \\u0085 (render/json.ts terminalSafe)", () => {
    const s = new Secrets();
    const c1 = "Sec\u0085ret\u0085Pas\u0085swo\u0085rd!";
    s.add(c1);
    const line = rawLine(JSON.stringify({ error_msg: `x ${c1} y` }));
    expect(line).toContain("\\u0085");
    expect(s.mask(line)).toBe(`{"error_msg":"x ${MASK} y"}\n`);
  });

  it("a backtick, which the Markdown summary's code spans spell as '", () => {
    const s = new Secrets();
    const ticks = "Pas`swo`rd-`Sec`ret-`Key`9";
    s.add(ticks);
    const md = renderMarkdownSummary([{ blockchain_id: "bc-1", error: { http_status: 401, error_code: ticks, error_msg: "no" } }], {
      now: 0,
    });
    expect(md).toContain("Pas'swo'rd");
    const shown = s.mask(md);
    expect(slicesOf(shown, ticks.replace(/`/g, "'")), shown).toEqual([]);
  });
});

describe("Secrets.mask: cost", () => {
  it("still costs time linear in the text: 2 MB of capitals with no secret in well under a second", () => {
    const secrets = new Secrets();
    secrets.add(PASSWORD);
    const big = "X".repeat(2_000_000);
    const t = performance.now();
    expect(secrets.mask(big)).toBe(big);
    expect(performance.now() - t).toBeLessThan(1000);
  });
});

describe("Secrets.mask: an echo in another Unicode form", () => {
  const TOKEN = "Tk9_aZ3-qW7xLp2_Rm8vN4cY6bH1dF5gJ0";
  /** Each drawn as nothing: tags, variation selectors, Mongolian FVS, Khmer inherent vowel, a musical format control, an Egyptian format control (Cf, not Default_Ignorable), Hangul fillers. */
  const INVISIBLES = ["\u{E0020}", "\uFE0F", "\uFE0E", "\u180B", "\u17B4", "\u{1D173}", "\u{13430}", "\u115F", "\u3164"];
  const between = (s: string, c: string) => [...s].join(c);

  it.each(INVISIBLES.map((c) => [`U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase()}`, c]))(
    "%s between every letter: removed from people's text, and the token masked",
    (_name, c) => {
      const s = new Secrets();
      s.add(TOKEN);
      const echo = `x ${between(TOKEN, c as string)} y`;
      const shown = s.mask(cleanStreamText(echo, false));
      expect(shown).toBe(`x ${MASK} y`);
      expect(cleanStreamText(`a${c}b`, false)).toBe("ab");
    },
  );

  it("in a document (--json, --raw): matched on a cleaned copy, the span of the original masked, the rest intact", () => {
    const s = new Secrets();
    s.add(TOKEN);
    const doc = `{"detail":"\u{E0041}keep\uFE0F ${between(TOKEN, "\u{E0020}")} tail\u3164"}`;
    const kept = cleanStreamText(doc, false, true);
    expect(kept).toBe(doc);
    expect(s.mask(kept)).toBe(`{"detail":"\u{E0041}keep\uFE0F ${MASK} tail\u3164"}`);
  });

  it("an NFD echo of an NFC password, and an NFC echo of an NFD one", () => {
    const nfc = "Pässwörd-Ünïcödé-Kéy".normalize("NFC");
    const s = new Secrets();
    s.add(nfc);
    expect(s.mask(`wrong: ${nfc.normalize("NFD")}!`)).toBe(`wrong: ${MASK}!`);
    expect(s.mask(`wrong: ${nfc.normalize("NFD").slice(0, 14)}`)).toBe(`wrong: ${MASK}`);
    const nfd = "Grüße-Größe-Maß-Çedille".normalize("NFD");
    const t = new Secrets();
    t.add(nfd);
    expect(t.mask(`x ${nfd.normalize("NFC")} y`)).toBe(`x ${MASK} y`);
    // Combining marks in another order are the same letters to a reader.
    const marks = "q\u0323\u0302wertyuiop-asdf";
    const u = new Secrets();
    u.add(marks);
    expect(u.mask(`x q\u0302\u0323wertyuiop-asdf y`)).toBe(`x ${MASK} y`);
  });

  it("a secret of 16 or more characters in any ASCII letter case; a shorter one, and the tool's own words, as written", () => {
    const s = new Secrets();
    s.add(TOKEN);
    s.add("e2e-PASSWORD-7c1b3d5e9f");
    s.add("Short-Pw-123");
    expect(s.mask(`echo ${TOKEN.toUpperCase()} and ${TOKEN.toLowerCase()}`)).toBe(`echo ${MASK} and ${MASK}`);
    expect(s.mask("E2E-password-7C1B3D5E9F")).toBe(MASK);
    expect(s.mask("auth: password; check SHORT-PW-123")).toBe("auth: password; check SHORT-PW-123");
  });

  it("costs time linear in the text: accented and invisible characters, 4 times the text in under 10 times the time (the square would be 16)", () => {
    const s = new Secrets();
    s.add(TOKEN);
    s.add("Pässwörd-Ünïcödé-Kéy");
    const unit = "ä\u0308e\u0301\u200b한글\u{E0020}x";
    const time = (text: string) => {
      const t = performance.now();
      const out = s.mask(text);
      const ms = performance.now() - t;
      expect(out).toBe(text);
      return ms;
    };
    time(unit.repeat(1000));
    // The fastest of five of each, taken in turns: a busy machine (the rest of the suite beside it, a
    // collection of the large text's garbage) slows some runs; a cost that grows with the square of
    // the text is 16 times for 4 times the text in every run.
    const [smallText, largeText] = [unit.repeat(25_000), unit.repeat(100_000)];
    let small = Number.POSITIVE_INFINITY;
    let large = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 5; i++) {
      small = Math.min(small, time(smallText));
      large = Math.min(large, time(largeText));
    }
    expect(large / small).toBeLessThan(10);
  });
});
