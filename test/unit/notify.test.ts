import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { createTestIO } from "../../src/deps/io.js";
import { apiBody, testDeps } from "../helpers/deps.js";
import { API_ENV, JSON_HEADERS, ORIGIN, PATH, useMockAgent } from "../helpers/mock-api.js";

/** `--notify` (README, options of get, watch and list): a bell and an OSC 9 desktop notification, through one narrow path of the boundary. */

const BEL = "\u0007";
const OSC9 = "\u001b]9;";

/** The payload of each OSC 9 notification in `text`. */
function notifications(text: string): string[] {
  return [...text.matchAll(/\u0007\u001b\]9;([^\u0007\u001b]*)\u0007/g)].map((m) => m[1] as string);
}

describe("OutStream.notify", () => {
  it("on a terminal: a bell, then OSC 9 with the message, ended by BEL", () => {
    const io = createTestIO({ stderrTTY: true });
    io.stderr.notify("bcs-status: bc-1 finished in 12m");
    expect(io.stderr.text()).toBe(`${BEL}${OSC9}bcs-status: bc-1 finished in 12m${BEL}`);
  });

  it("not on a terminal: nothing at all", () => {
    const io = createTestIO({ stderrTTY: false });
    io.stderr.notify("bc-1 finished");
    expect(io.stderr.text()).toBe("");
  });

  it("a message with ESC, BEL, ST, C1, CR and newlines cannot end the sequence early or start another", () => {
    const io = createTestIO({ stderrTTY: true });
    io.stderr.notify("a\u0007b\u001b\\c\u001b]52;c;ZXZpbA==\u0007d\u009c\u009de\r\nf\tg\u001b[31mred");
    const text = io.stderr.text();
    // Exactly: one bell, one OSC 9 opener, one terminator.
    expect(text.startsWith(`${BEL}${OSC9}`)).toBe(true);
    expect(text.endsWith(BEL)).toBe(true);
    const payload = text.slice(`${BEL}${OSC9}`.length, -1);
    expect(payload).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(payload).toBe("ab\\c]52;c;ZXZpbA==de f gred");
    expect(notifications(text)).toEqual([payload]);
  });

  it("masks every secret of the run, as any text", () => {
    const io = createTestIO({ stderrTTY: true });
    io.secrets.add("tok-SECRET-0123456789");
    io.stderr.notify("bc-1 failed: token tok-SECRET-0123456789 refused; part SECRET-0123");
    const [payload] = notifications(io.stderr.text());
    expect(payload).not.toContain("SECRET-01");
    expect(payload).toContain("****");
  });

  it("a secret cut in two by control characters is still masked (cleaned, then masked)", () => {
    const io = createTestIO({ stderrTTY: true });
    io.secrets.add("tok-SECRET-0123456789");
    io.stderr.notify("x tok-SECR\u001bET-0123456789 y");
    expect(io.stderr.text()).not.toContain("SECRET-0123");
  });

  it("is capped: a notification is a line, not a page", () => {
    const io = createTestIO({ stderrTTY: true });
    io.stderr.notify("x".repeat(10_000));
    const [payload] = notifications(io.stderr.text());
    expect(payload?.length).toBeLessThanOrEqual(200);
  });

  it("write() still strips BEL and OSC: notify is the only way to a bell", () => {
    const io = createTestIO({ stderrTTY: true });
    io.stderr.write(`${BEL}${OSC9}hi${BEL}\n`);
    io.stderr.control(`${BEL}`);
    io.stderr.control(`${OSC9}hi${BEL}`);
    expect(io.stderr.text()).toBe("]9;hi\n");
  });
});

describe("watch --notify", () => {
  const api = useMockAgent();

  function run(args: string[], o: { tty: boolean }) {
    const t = testDeps({ dispatcher: api.agent, env: API_ENV, stderrTTY: o.tty, stdoutTTY: false });
    return main(args, t.deps).then((code) => ({ code, out: t.io.stdout.text(), err: t.io.stderr.text() }));
  }
  const answer = (body: Record<string, unknown>) =>
    api.agent
      .get(ORIGIN)
      .intercept({ path: PATH("bc-1") })
      .reply(200, body, { headers: JSON_HEADERS });

  it("stderr on a terminal: a bell and the outcome, once, at the end", async () => {
    answer(apiBody());
    const r = await run(["watch", "bc-1", "--notify", "--json"], { tty: true });
    expect(r.code).toBe(0);
    expect(notifications(r.err)).toEqual([expect.stringMatching(/^bcs-status: bc-1 finished in \S+$/)]);
    expect(r.err.endsWith(BEL)).toBe(true);
  });

  it("a failure says so, with the resource that failed", async () => {
    answer(apiBody({ cce: { cluster: { status: "failed", detail: "create CCE cluster failed", start_time: "", end_time: "" } } }));
    const r = await run(["watch", "bc-1", "--notify", "--json"], { tty: true });
    expect(r.code).toBe(1);
    expect(notifications(r.err)).toEqual([expect.stringMatching(/^bcs-status: bc-1 failed/)]);
  });

  it("stderr not a terminal, or no --notify: no bell", async () => {
    answer(apiBody());
    const piped = await run(["watch", "bc-1", "--notify", "--json"], { tty: false });
    expect(piped.err).not.toContain(BEL);
    answer(apiBody());
    const quiet = await run(["watch", "bc-1", "--json"], { tty: true });
    expect(quiet.err).not.toContain(BEL);
  });

  it("is an option of watch only", async () => {
    const r = await run(["get", "bc-1", "--notify"], { tty: true });
    expect(r.code).toBe(2);
    expect(r.err).toBe("bcs-status: unknown option '--notify' (--notify is an option of watch)\n");
  });
});
