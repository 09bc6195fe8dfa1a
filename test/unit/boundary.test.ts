import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import { createTestIO } from "../../src/io.js";
import { MASK, Secrets } from "../../src/output/secrets.js";
import { cleanStreamText, isCursorControl } from "../../src/output/terminal-text.js";
import { rawLine } from "../../src/render/json.js";

const TOKEN = "tok-SECRET-0123456789abcdef";

describe("Secrets.mask", () => {
  const secrets = new Secrets();
  secrets.add(TOKEN);

  it("masks a whole secret, every time it occurs", () => {
    expect(secrets.mask(`a ${TOKEN} b ${TOKEN}`)).toBe(`a ${MASK} b ${MASK}`);
  });

  it("masks any run of 8 or more characters of a secret: a cut-off or partly echoed secret reveals nothing", () => {
    expect(secrets.mask(`busy token=${TOKEN.slice(0, 12)}…`)).toBe(`busy token=${MASK}…`);
    expect(secrets.mask(`x${TOKEN.slice(5, 13)}y`)).toBe(`x${MASK}y`);
    // 7 characters are not a slice: ordinary words stay readable
    expect(secrets.mask(`x${TOKEN.slice(0, 7)}y`)).toBe(`x${TOKEN.slice(0, 7)}y`);
  });

  it("masks the JSON-escaped and percent-encoded forms", () => {
    const s = new Secrets();
    const quoted = 'pa"ss\\word/+=xyz';
    s.add(quoted);
    const doc = JSON.stringify({ error_msg: `echo ${quoted}` });
    expect(doc).not.toContain(quoted);
    expect(s.mask(doc)).toBe(`{"error_msg":"echo ${MASK}"}`);
    expect(s.mask(`u=${encodeURIComponent(quoted)}`)).toBe(`u=${MASK}`);
  });

  it("ignores secrets shorter than 8 characters (masking them would reveal them)", () => {
    const s = new Secrets();
    s.add("wrong");
    expect(s.mask("The username or password is wrong")).toBe("The username or password is wrong");
  });

  it("costs time linear in the text: 2 MB with no secret in well under a second", () => {
    const big = "x".repeat(2_000_000);
    const t = performance.now();
    expect(secrets.mask(big)).toBe(big);
    expect(performance.now() - t).toBeLessThan(1000);
  });
});

describe("cleanStreamText", () => {
  it("removes every C0 but LF and TAB, DEL and C1; ESC alone, so no sequence can start", () => {
    const evil = "a\u001b]0;pwned\u0007b\u001b[2Jc\rd\u009b31me\u007ff\tg\n";
    const clean = cleanStreamText(evil, false);
    expect(clean).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(clean).toBe("a]0;pwnedb[2Jcd31mef\tg\n");
  });

  it("keeps colour (SGR) only where the stream shows colour", () => {
    const red = new Chalk({ level: 1 }).red("x");
    expect(cleanStreamText(red, true)).toBe(red);
    expect(cleanStreamText(red, false)).toBe("x");
  });

  it("a live view's cursor sequences are recognised; a title, a clipboard or a screen clear are not", () => {
    for (const ok of ["\u001b[1G", "\u001b[2K", "\u001b[1A\u001b[2K", "\u001b[?25l", "\u001b[?2026h"])
      expect(isCursorControl(ok)).toBe(true);
    for (const bad of ["\u001b]0;t\u0007", "\u001b]52;c;eA==\u0007", "\u001b[2J", "\u001b[6n", "\u001bP1$r\u001b\\", "x"])
      expect(isCursorControl(bad)).toBe(false);
  });
});

describe("the IO every command writes to", () => {
  it("masks a secret learned after the writer was made (an IAM-issued token), on stdout, stderr and in files", async () => {
    const io = createTestIO();
    io.stderr.write(`before ${TOKEN}\n`);
    io.secrets.add(TOKEN);
    io.stderr.write(`after ${TOKEN}\n`);
    io.stdout.write(`{"error_msg":"busy token=${TOKEN}"}\n`);
    expect(io.stderr.text()).toBe(`before ${TOKEN}\nafter ${MASK}\n`);
    expect(io.stdout.text()).toBe(`{"error_msg":"busy token=${MASK}"}\n`);
  });

  it("cleans, then masks: a control character inside a secret cannot split it past the mask", () => {
    const io = createTestIO();
    io.secrets.add("Hunter2_SuperSecret");
    io.stdout.write("IAM says Hunt\u0007er2_SuperSecret\n");
    expect(io.stdout.text()).toBe(`IAM says ${MASK}\n`);
  });

  it("drops cursor sequences on a stream that is not a terminal", () => {
    const io = createTestIO({ stderrTTY: false });
    io.stderr.control("\u001b[1A");
    const tty = createTestIO({ stderrTTY: true });
    tty.stderr.control("\u001b[1A");
    tty.stderr.control("\u001b]0;title\u0007");
    expect(io.stderr.text()).toBe("");
    expect(tty.stderr.text()).toBe("\u001b[1A");
  });
});

describe("--raw lines", () => {
  it("a bare CR (JSON whitespace) never reaches the terminal: the body is compacted", () => {
    expect(rawLine('{"a":1,\r"b":"x"}')).toBe('{"a":1,"b":"x"}\n');
    expect(rawLine('{"a":1,\t"b":2}')).toBe('{"a":1,"b":2}\n');
  });

  it("an escaped spelling of printable ASCII is written plainly, so masking sees the secret", () => {
    const body = `{"error_msg":"tok-\\u0053ECRET-0123456789abcdef","p":"a\\/b"}`;
    const line = rawLine(body);
    expect(line).toBe(`{"error_msg":"${TOKEN}","p":"a/b"}\n`);
    const s = new Secrets();
    s.add(TOKEN);
    expect(s.mask(line)).toBe(`{"error_msg":"${MASK}","p":"a/b"}\n`);
  });

  it("a body with neither is printed unchanged", () => {
    expect(rawLine('{"a": "\\u00e9", "b": [1, 2]}')).toBe('{"a": "\\u00e9", "b": [1, 2]}\n');
  });
});
