import { stripVTControlCharacters } from "node:util";
import fc from "fast-check";
import stringWidth from "string-width";
import { describe, expect, it } from "vitest";
import { cellWidth, truncate, wrap, wrapParts } from "../../src/render/fit.js";
import { lineWidth } from "../../src/util/width.js";

const cells = (line: string) => stringWidth(stripVTControlCharacters(line));
const squash = (s: string) => stripVTControlCharacters(s).replace(/\s+/g, "");

describe("lineWidth: the one width rule", () => {
  const tty = { isTTY: true, columns: 132 };
  const pipe = { isTTY: false, columns: undefined };
  it.each([
    ["COLUMNS wins over the terminal", tty, { COLUMNS: "80" }, 80],
    ["COLUMNS on a pipe", pipe, { COLUMNS: "60" }, 60],
    ["COLUMNS is kept within 20..400", pipe, { COLUMNS: "5" }, 20],
    ["COLUMNS is kept within 20..400 (wide)", pipe, { COLUMNS: "9000" }, 400],
    ["a terminal without COLUMNS", tty, {}, 132],
    ["COLUMNS that is not a number: the terminal's", tty, { COLUMNS: "wide" }, 132],
    ["a pipe without COLUMNS: no limit", pipe, {}, undefined],
    ["a pipe with an empty COLUMNS: no limit", pipe, { COLUMNS: "" }, undefined],
  ])("%s", (_name, stream, env, want) => {
    expect(lineWidth(stream, env)).toBe(want);
  });
});

describe("cells, not code points", () => {
  it("counts CJK as 2, emoji as 2, combining marks as 0, colour as 0", () => {
    expect(cellWidth("创建CCE")).toBe(7);
    expect(cellWidth("🚀ok")).toBe(4);
    expect(cellWidth("e\u0301")).toBe(1);
    expect(cellWidth("\u001b[31mred\u001b[39m")).toBe(3);
  });
});

describe("truncate", () => {
  it("keeps what fits, cuts at a word boundary with …", () => {
    expect(truncate("create cluster failed: quota exceeded", 20)).toBe("create cluster…");
    expect(truncate("short", 20)).toBe("short");
    expect(truncate("abcdefghijklmnopqrstuvwxyz", 10)).toBe("abcdefghi…");
    expect(truncate("abcdefghijklmnopqrstuvwxyz", 10, true)).toBe("abcdefg...");
  });
  it("never splits an emoji or a wide character, and closes colour", () => {
    expect(truncate("ab🚀🚀🚀", 5)).toBe("ab🚀…");
    expect(truncate("创建CCE集群失败", 6)).toBe("创建C…");
    const red = truncate("\u001b[31mred text that is long\u001b[39m", 10);
    expect(red.endsWith("\u001b[0m…")).toBe(true);
    expect(cells(red)).toBeLessThanOrEqual(10);
  });
  it("property: never wider than the width", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 80 }), fc.integer({ min: 1, max: 60 }), (s, w) => {
        expect(cells(truncate(s, w))).toBeLessThanOrEqual(w);
      }),
    );
  });
});

describe("wrap", () => {
  it("breaks at spaces, indents continuations", () => {
    expect(wrap("create cluster failed: quota exceeded", 16, 2)).toBe("create cluster\n  failed: quota\n  exceeded");
  });
  it("breaks CJK text between characters, a long word inside it", () => {
    expect(wrap("创建CCE集群失败", 6)).toBe("创建\nCCE集\n群失败");
    expect(wrap("https://example.com/a/very/long/path", 10)).toBe("https://ex\nample.com/\na/very/lon\ng/path");
  });
  it("property: every line fits and nothing is left out (ASCII, CJK, emoji)", () => {
    const text = fc.array(fc.constantFrom("quota", "exceeded", "创建CCE集群失败", "🚀", "👨‍👩‍👧", "e\u0301", " ", "  ", "x".repeat(30)), {
      maxLength: 30,
    });
    fc.assert(
      fc.property(text, fc.integer({ min: 2, max: 60 }), fc.integer({ min: 0, max: 8 }), (parts, w, indent) => {
        const s = parts.join("");
        const out = wrap(s, w, indent);
        for (const line of out.split("\n")) expect(cells(line)).toBeLessThanOrEqual(w);
        expect(squash(out)).toBe(squash(s));
      }),
    );
  });
});

describe("wrapParts", () => {
  it("one line when it fits or without a width", () => {
    expect(wrapParts(["a", "b"], "  ", 10)).toBe("a  b");
    expect(wrapParts(["a".repeat(50), "b"], "  ", undefined)).toBe(`${"a".repeat(50)}  b`);
  });
  it("wraps between parts, a long part inside itself", () => {
    expect(wrapParts(["10:00:00", "bc-1", "cce.cluster", "deploying → ✗ failed", "quota exceeded in cn-north-4"], "  ", 30)).toBe(
      "10:00:00  bc-1  cce.cluster\n  deploying → ✗ failed\n  quota exceeded in cn-north-4",
    );
  });
});

describe("wrap: CJK punctuation (no line starts with a closing mark, none ends with an opening one)", () => {
  const detail =
    "创建CCE集群失败，原因是配额不足（ECS规格c6.2xlarge.2），请提交工单申请提高配额，或者选择其他可用区（例如cn-north-4a）后重试。";
  it("at every width from 8 to 80", () => {
    for (let w = 8; w <= 80; w++) {
      const lines = wrap(detail, w).split("\n");
      for (const line of lines) {
        expect(cells(line), `${w}: ${line}`).toBeLessThanOrEqual(w);
        expect(line, `width ${w}`).not.toMatch(/^[，。、：；！？）」』】]/);
        expect(line, `width ${w}`).not.toMatch(/[（「『【]$/);
      }
      expect(lines.join("")).toBe(detail);
    }
  });
  it("keeps the comma with the character before it, the bracket with the one after it", () => {
    expect(wrap("一二三四五，六七八", 10)).toBe("一二三四\n五，六七八");
    expect(wrap("一二三（四五", 8)).toBe("一二三\n（四五");
    expect(wrap("abcdefghij）", 10)).toBe("abcdefghi\nj）");
  });
});
