import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import { createTestIO } from "../../src/deps/io.js";
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

  it("a body with neither is printed unchanged (escapes JSON.stringify itself writes stay: C0 controls, a lone surrogate)", () => {
    const body = '{"a": "\\u0001 \\ud800 \\n \\" \\\\u0041 é", "b": [1.50, 2e3]}';
    expect(rawLine(body)).toBe(`${body}\n`);
  });

  it("any other \\u escape is respelled: a non-ASCII password spelled with escapes is masked", () => {
    const password = "Pässwörd-Gëheim-Schlüssel";
    const hex = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
    const escaped = [...password].map((c) => (c.charCodeAt(0) > 0x7e ? hex(c) : c)).join("");
    const line = rawLine(`{"error_msg":"The password ${escaped} is wrong"}`);
    const s = new Secrets();
    s.add(password);
    expect(s.mask(line)).toBe(`{"error_msg":"The password ${MASK} is wrong"}\n`);
    // A tab spelled \u0009 is written as JSON.stringify writes it (\t), the spelling masking knows.
    const tabbed = "abcdefg\thijklmn\topqrstu";
    s.add(tabbed);
    expect(s.mask(rawLine('{"m":"abcdefg\\u0009hijklmn\\u0009opqrstu"}'))).toBe(`{"m":"${MASK}"}\n`);
    // An escaped surrogate pair is one character, written as itself; numbers and key order stay as sent.
    expect(rawLine('{"z":"\\ud83d\\ude00","a":1.50}')).toBe('{"z":"😀","a":1.50}\n');
  });

  it("never throws: 100,000 nested arrays with a \\/ are respelled in linear time, without recursion", () => {
    const depth = 100_000;
    const body = `{"error_msg":"tok-SECRET-0123456789abcdef","a":${"[".repeat(depth)}"a\\/b"${"]".repeat(depth)}}`;
    const t = performance.now();
    const line = rawLine(body);
    expect(performance.now() - t).toBeLessThan(2000);
    expect(line).toBe(`{"error_msg":"${TOKEN}","a":${"[".repeat(depth)}"a/b"${"]".repeat(depth)}}\n`);
  });
});

/** Lines of `text` that GitHub's runner would read as a workflow command: `##[` anywhere, `::` at the trimmed start. */
function runnerCommands(text: string): string[] {
  return text.split(/\r\n|\r|\n/).filter((l) => l.includes("##[") || l.trimStart().startsWith("::"));
}

describe("on GitHub Actions, text cannot start a workflow command; the tool's own commands go through command()", () => {
  it("`##[` anywhere and `::` at a line's trimmed start are neutralised, on stdout and stderr", () => {
    const io = createTestIO({ workflowCommands: true });
    io.stderr.write("bcs-status: e1: HTTP 500: oops ##[stop-commands]deadbeef more\n");
    io.stdout.write("  bcs  failed  ##[error]Injected\n");
    io.stderr.write("bcs-status: long: HTTP 500: aaaa bbbb\n  ::warning::pwned\n::error::x\n\t \u00a0::add-mask::y\n");
    expect(runnerCommands(io.stderr.text())).toEqual([]);
    expect(runnerCommands(io.stdout.text())).toEqual([]);
    expect(io.stderr.text()).toContain("oops ## [stop-commands]deadbeef more");
    expect(io.stderr.text()).toContain("\n  : :warning::pwned\n");
  });

  it("across writes: a `##[` or a line-start `::` split between two writes is neutralised too", () => {
    const io = createTestIO({ workflowCommands: true });
    for (const piece of ["a #", "#", "[stop", "-commands]x\n", "  :", ":warning::y\n", ":", ":", "error::z\n", "#", "#[x]\n"])
      io.stderr.write(piece);
    expect(runnerCommands(io.stderr.text())).toEqual([]);
  });

  it("a control character or an invisible one cannot hide `##[` or `::` from the check", () => {
    const io = createTestIO({ workflowCommands: true });
    io.stderr.write("#\u0007#[stop-commands]x\n\u0007::warning::y\n\u200b::warning::z\n#\u200b#[error]w\n");
    expect(runnerCommands(io.stderr.text())).toEqual([]);
  });

  it("command() lets out the tool's own commands, masked; anything else is written as neutralised text", () => {
    const io = createTestIO({ workflowCommands: true });
    io.secrets.add(TOKEN);
    io.stderr.write("half a line");
    io.stderr.command(`::error title=BCS bc-1 eip failed::echo ${TOKEN} ##[stop-commands]x`);
    io.stderr.command("::warning title=BCS watch timed out::still pending: bc-2");
    io.stderr.command("::group::BCS bc-1 transitions");
    io.stderr.command("::endgroup::");
    io.stderr.command("::add-mask::x");
    io.stderr.command("::error::a\n::warning::b");
    io.stderr.command("::stop-commands::deadbeef");
    expect(runnerCommands(io.stderr.text())).toEqual([
      `::error title=BCS bc-1 eip failed::echo ${MASK} ## [stop-commands]x`,
      "::warning title=BCS watch timed out::still pending: bc-2",
      "::group::BCS bc-1 transitions",
      "::endgroup::",
    ]);
    // A command starts its own line.
    expect(io.stderr.text().startsWith("half a line\n::error ")).toBe(true);
  });

  it("outside GitHub Actions, text is written as it is", () => {
    const io = createTestIO();
    io.stderr.write("oops ##[stop-commands]x\n::warning::y\n");
    expect(io.stderr.text()).toBe("oops ##[stop-commands]x\n::warning::y\n");
  });
});

describe("invisible characters are removed at the boundary, so they cannot split a secret past the mask", () => {
  it("zero-width spaces, joiners between ASCII, marks, bidi controls and a BOM inside a token", () => {
    const io = createTestIO();
    io.secrets.add(TOKEN);
    for (const sep of ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\u2063", "\ufeff", "\u202e", "\u2066", "\u2069"]) {
      io.stdout.write(`x ${[...TOKEN].join(sep)} y\n`);
    }
    expect(io.stdout.text()).toBe(`x ${MASK} y\n`.repeat(11));
  });

  it("a zero-width joiner between two non-ASCII characters (an emoji sequence) stays", () => {
    const family = "👨\u200d👩\u200d👧";
    expect(cleanStreamText(`${family} a\u200db`, false)).toBe(`${family} ab`);
    expect(cleanStreamText("a\u200b\u200d\u200bb", false)).toBe("ab");
  });
});

describe("the boundary: invisible characters of Unicode's own properties", () => {
  const LONG = "Tk9_aZ3-qW7xLp2_Rm8vN4cY6bH1dF5gJ0";
  const SEPARATORS = ["\u{E0020}", "\uFE0F", "\uFE0E", "\u180B", "\u17B4", "\u{1D173}", "\u{13430}", "\u115F", "\u3164"];

  it("people's text: tag characters, variation selectors, Hangul fillers and the rest go, and the token is masked", () => {
    const io = createTestIO();
    io.secrets.add(LONG);
    for (const sep of SEPARATORS) io.stdout.write(`x ${[...LONG].join(sep)} y\n`);
    expect(io.stdout.text()).toBe(`x ${MASK} y\n`.repeat(SEPARATORS.length));
  });

  it("a variation selector that draws a pictograph as an emoji stays; after a letter it goes", () => {
    expect(cleanStreamText("🖥\uFE0F and 🗑\uFE0F; a\uFE0Fb \u{E0020}", false)).toBe("🖥\uFE0F and 🗑\uFE0F; ab ");
  });

  it("a --json/--raw document keeps them, and the token matched through them is masked in the original", () => {
    const io = createTestIO();
    io.secrets.add(LONG);
    io.stdout.documents = true;
    for (const sep of SEPARATORS) io.stdout.write(`{"d":"${sep}x ${[...LONG].join(sep)} y${sep}"}\n`);
    expect(io.stdout.text()).toBe(SEPARATORS.map((sep) => `{"d":"${sep}x ${MASK} y${sep}"}\n`).join(""));
    // stderr is still people's text.
    io.stderr.write("a\u{E0020}b\n");
    expect(io.stderr.text()).toBe("ab\n");
  });
});
