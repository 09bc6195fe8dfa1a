import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { CommandUnknownOpts as Command } from "@commander-js/extra-typings";
import { afterAll, describe, expect, it } from "vitest";
import { buildProgram, SCENARIOS } from "../../src/cli/program.js";
import { runCompletion, runListProfiles } from "../../src/commands/completion/run.js";
import { bashScript } from "../../src/completion/bash.js";
import { fishScript } from "../../src/completion/fish.js";
import { type CommandModel, completionModel } from "../../src/completion/model.js";
import { zshScript } from "../../src/completion/zsh.js";
import { testDeps } from "../helpers/deps.js";

const program = (): Command => buildProgram(testDeps().deps, () => {});
const cmd = (name: string): CommandModel => {
  const c = completionModel(program()).commands.find((x) => x.name === name);
  if (!c) throw new Error(`no command ${name}`);
  return c;
};
const opt = (c: string, long: string) => cmd(c).options.find((o) => o.long === long);

describe("completion model (from the real command tree)", () => {
  it("lists the visible commands only", () => {
    const names = completionModel(program()).commands.map((c) => c.name);
    expect(names).toEqual(["list", "get", "watch", "config", "history", "completion", "mock-server", "demo"]);
  });

  it("bash, zsh and fish know the history command and --no-history", () => {
    for (const c of ["get", "watch", "list"]) expect(opt(c, "--no-history")).toMatchObject({ takesValue: false });
    expect(cmd("history").options.map((o) => o.long)).toEqual(expect.arrayContaining(["--json", "--clear"]));
    const model = completionModel(program());
    for (const script of [bashScript(model), zshScript(model), fishScript(model)]) {
      expect(script).toContain("history");
      expect(script).toContain("no-history");
      expect(script).toContain("clear");
    }
  });

  it("has each command's flags, whether they take a value, and their descriptions", () => {
    expect(opt("watch", "--interval")).toMatchObject({
      takesValue: true,
      valueName: "duration",
      description: "time between polls of one id",
    });
    expect(opt("watch", "--quiet")).toMatchObject({ short: "-q", takesValue: false });
    expect(opt("get", "--exit-status")).toMatchObject({ takesValue: false });
    expect(opt("watch", "--exit-status")).toBeUndefined();
    expect(opt("get", "--help")).toMatchObject({ short: "-h" });
  });

  it("attaches value completers: scenarios, profiles, files, choices", () => {
    expect(opt("mock-server", "--scenario")?.values).toEqual({ words: [...SCENARIOS], files: true, profiles: false });
    expect(opt("demo", "--scenario")?.values.words).toEqual(["success", "failure"]);
    expect(opt("get", "--profile")?.values.profiles).toBe(true);
    for (const f of ["--config", "--token-file", "--summary-file"]) expect(opt("watch", f)?.values.files).toBe(true);
    expect(opt("get", "--region")?.values).toEqual({
      words: ["cn-north-1", "cn-north-4", "cn-south-1", "cn-east-2"],
      files: false,
      profiles: false,
    });
    expect(cmd("completion").args).toEqual([
      { name: "shell", variadic: false, values: { words: ["bash", "zsh", "fish"], files: false, profiles: false } },
    ]);
  });
});

describe("scripts", () => {
  it("pick up a flag added to the command tree, in every shell", () => {
    const p = program();
    p.commands.find((c) => c.name() === "watch")?.option("--brand-new <n>", "a flag added later");
    const m = completionModel(p);
    expect(bashScript(m)).toMatch(/'watch'\) vopts='[^']* --brand-new /);
    expect(zshScript(m)).toContain("'--brand-new=[a flag added later]:n: '");
    expect(fishScript(m)).toContain("-n '__fish_seen_subcommand_from watch' -l brand-new -x -d 'a flag added later'");
  });

  it("are shaped for each shell's loader", () => {
    const m = completionModel(program());
    expect(bashScript(m)).toContain("complete -F _bcs_status 'bcs-status'");
    const zsh = zshScript(m);
    expect(zsh.startsWith("#compdef bcs-status\n")).toBe(true);
    expect(zsh).toContain("_arguments -C");
    expect(zsh).toMatch(/elif \(\( \$\+functions\[compdef\] \)\); then\n {2}compdef _bcs-status 'bcs-status'/);
    expect(fishScript(m)).toContain("complete -c 'bcs-status' -n __fish_use_subcommand -f -a 'watch'");
  });

  it("completion <shell> writes the script to stdout", async () => {
    const { deps, io } = testDeps();
    expect(await runCompletion({ shell: "fish", program: program() }, deps)).toBe(0);
    expect(io.stdout.text()).toBe(fishScript(completionModel(program())));
    expect(io.stderr.text()).toBe("");
  });
});

describe("__profiles", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "bcs-profiles-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  };
  const good = write("good.json", JSON.stringify({ default_profile: "b", profiles: { a: {}, b: {} } }));
  write("xdg/bcs-status/config.json", JSON.stringify({ profiles: { fromdefault: {} } }));

  async function list(flags: { config?: string }, env: NodeJS.ProcessEnv = {}) {
    const { deps, io } = testDeps({ env, homedir: dir });
    const code = await runListProfiles(flags, deps);
    expect(io.stderr.text()).toBe("");
    return { code, out: io.stdout.text() };
  }

  it("reads --config, else BCS_CONFIG, else the default path", async () => {
    expect(await list({ config: good })).toEqual({ code: 0, out: "a\nb\n" });
    expect(await list({ config: "~/good.json" })).toEqual({ code: 0, out: "a\nb\n" });
    expect(await list({}, { BCS_CONFIG: good })).toEqual({ code: 0, out: "a\nb\n" });
    expect(await list({}, { XDG_CONFIG_HOME: path.join(dir, "xdg") })).toEqual({ code: 0, out: "fromdefault\n" });
  });

  it("prints nothing, and no error, for a missing or invalid file", async () => {
    expect(await list({ config: path.join(dir, "missing.json") })).toEqual({ code: 0, out: "" });
    expect(await list({ config: write("bad.json", "{not json") })).toEqual({ code: 0, out: "" });
    expect(await list({ config: write("arr.json", '{"profiles": [1]}') })).toEqual({ code: 0, out: "" });
  });
});
