import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { testDeps } from "../helpers/deps.js";

async function run(argv: string[]) {
  const t = testDeps();
  const code = await main(argv, t.deps);
  return { code, out: t.io.stdout.text(), err: t.io.stderr.text() };
}

describe("help and commander's refusals", () => {
  it.each([[[]], [["--help"]], [["help"]], [["help", "get"]], [["watch", "--help"]]])("%j: help on stdout, exit 0", async (argv) => {
    const r = await run(argv);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: bcs-status/);
    expect(r.err).toBe("");
  });

  it.each([
    [["wach", "bc-1"], "bcs-status: unknown command 'wach' (did you mean watch?)\n"],
    [["get", "bc-1", "--jsn"], "bcs-status: unknown option '--jsn' (did you mean --json?)\n"],
    [["help", "nosuch"], "bcs-status: unknown command 'nosuch' (see 'bcs-status --help')\n"],
  ])("%j: one line on stderr, exit 2", async (argv, line) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.err).toBe(line);
    expect(r.out).toBe("");
  });

  it.each(["get", "watch", "config", "history", "completion", "mock-server", "demo"])("%s --help has examples", async (cmd) => {
    expect((await run([cmd, "--help"])).out).toMatch(/\nExamples:\n {2}\$ \S/);
  });
});

describe("COLUMNS for charts off a terminal", () => {
  it("is honoured within 20-400 columns; 80 when unset or not a number", async () => {
    const { chartWidth } = await import("../../src/commands/results.js");
    const pipe = { isTTY: false, columns: undefined };
    expect(chartWidth(pipe, { COLUMNS: "120" })).toBe(120);
    expect(chartWidth(pipe, { COLUMNS: "10" })).toBe(20);
    expect(chartWidth(pipe, { COLUMNS: "100000" })).toBe(400);
    expect(chartWidth(pipe, {})).toBe(80);
    expect(chartWidth(pipe, { COLUMNS: "wide" })).toBe(80);
  });
});
