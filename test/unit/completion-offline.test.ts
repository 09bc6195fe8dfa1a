import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { MockAgent } from "undici";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { buildProgram } from "../../src/cli/program.js";
import { runListProfiles } from "../../src/commands/completion/run.js";
import { bashScript } from "../../src/completion/bash.js";
import { fishScript } from "../../src/completion/fish.js";
import { completionModel } from "../../src/completion/model.js";
import { zshScript } from "../../src/completion/zsh.js";
import { testDeps } from "../helpers/deps.js";

const model = () => completionModel(buildProgram(testDeps().deps, () => {}));
const NOTHING = { words: [], files: false, profiles: false };

describe("completions of list and --name", () => {
  it("list is offered with its options: output and request options, no --raw or --timeline", () => {
    const list = model().commands.find((c) => c.name === "list");
    const longs = list?.options.map((o) => o.long) ?? [];
    for (const f of [
      "--json",
      "--exit-status",
      "--concurrency",
      "--wide",
      "--request-timeout",
      "--retries",
      "--verbose",
      "--no-color",
      "--ascii",
      "--summary-file",
      "--profile",
      "--project-id",
    ])
      expect(longs).toContain(f);
    expect(longs).not.toContain("--raw");
    expect(longs).not.toContain("--timeline");
    expect(longs).not.toContain("--name");
    expect(list?.args).toEqual([]);
  });

  it("--name offers nothing (a name would need the network); --all takes no value", () => {
    for (const cmd of ["get", "watch"]) {
      const c = model().commands.find((x) => x.name === cmd);
      expect(c?.options.find((o) => o.long === "--name")).toMatchObject({ takesValue: true, values: NOTHING });
      expect(c?.options.find((o) => o.long === "--all")).toMatchObject({ takesValue: false });
      expect(c?.args).toEqual([{ name: "id", variadic: true, values: NOTHING }]);
    }
  });
});

describe("no completion ever makes a network call", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "bcs-offline-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("the only command a script runs is `__profiles`, in every shell", () => {
    const m = model();
    for (const script of [bashScript(m), zshScript(m), fishScript(m)]) {
      // Every word after the program's name outside comments: only `__profiles` is ever run.
      const code = script
        .split("\n")
        .filter((l) => !l.trimStart().startsWith("#"))
        .join("\n");
      const runs = [...code.matchAll(/'bcs-status'[ \t]+([a-z_][\w-]*)/g)].map((x) => x[1]);
      expect(runs.length).toBeGreaterThan(0);
      expect(new Set(runs)).toEqual(new Set(["__profiles"]));
    }
  });

  it("`__profiles` reads the config file only: a profile whose endpoint is set makes no request", async () => {
    const config = path.join(dir, "config.json");
    writeFileSync(config, JSON.stringify({ profiles: { prod: { endpoint: "https://bcs.example.com", project_id: "p1", token: "t" } } }));
    const agent = new MockAgent({ enableCallHistory: true });
    agent.disableNetConnect();
    try {
      const t = testDeps({ dispatcher: agent });
      expect(await runListProfiles({ config }, t.deps)).toBe(0);
      expect(t.io.stdout.text()).toBe("prod\n");
      expect(await main(["__profiles", "--config", config], t.deps)).toBe(0);
      expect(agent.getCallHistory()?.calls() ?? []).toEqual([]);
    } finally {
      await agent.close();
    }
  });
});
