/**
 * Each command parses its flags into typed options and hands them to its run function: with the run
 * replaced by one that records, these tests assert what the parse produced and run nothing (no IO,
 * no request). The `@ts-expect-error` lines are checked by `tsc --noEmit` (npm test runs it): a command
 * that read an option it did not declare would not compile.
 */
import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { describe, expect, it } from "vitest";
import type { Run } from "../../src/commands/command.js";
import { type ConfigOptions, newConfigCommand } from "../../src/commands/config/command.js";
import { type DemoOptions, newDemoCommand } from "../../src/commands/demo/command.js";
import { type GetOptions, newGetCommand } from "../../src/commands/get/command.js";
import { type ListOptions, newListCommand } from "../../src/commands/list/command.js";
import { type MockServerOptions, newMockServerCommand } from "../../src/commands/mock-server/command.js";
import { newWatchCommand, type WatchOptions } from "../../src/commands/watch/command.js";
import { UsageError } from "../../src/util/errors.js";
import { testDeps } from "../helpers/deps.js";

/** Parses `args` with `make`'s command, its run replaced; returns the options run received. */
async function parsed<O>(
  make: (w: { deps: ReturnType<typeof testDeps>["deps"]; setCode(c: number): void }, run: Run<O>) => CommandUnknownOpts,
  args: string[],
): Promise<O> {
  let got: O | undefined;
  const cmd = make({ deps: testDeps().deps, setCode: () => {} }, async (o) => {
    got = o;
    return 0;
  });
  cmd.exitOverride();
  await cmd.parseAsync(args, { from: "user" });
  if (got === undefined) throw new Error("run was not called");
  return got;
}

describe("get's options", () => {
  it("ids, setting flags and output flags arrive typed, with their defaults", async () => {
    const o = await parsed<GetOptions>(newGetCommand, ["bc-1", "bc-2", "--json", "--region", "cn-north-4", "--retries", "5"]);
    expect(o).toMatchObject({
      ids: ["bc-1", "bc-2"],
      json: true,
      region: "cn-north-4",
      retries: 5,
      concurrency: 10,
      requestTimeout: 30_000,
      color: true,
    });
    expect(o.exitStatus).toBeUndefined();
  });

  it("--name is repeatable; --all", async () => {
    expect((await parsed<GetOptions>(newGetCommand, ["--name", "a", "--name", "b"])).name).toEqual(["a", "b"]);
    expect((await parsed<GetOptions>(newGetCommand, ["--all", "--no-color"])).color).toBe(false);
  });

  it("is validated before run: --all with an id is a usage error", async () => {
    await expect(parsed<GetOptions>(newGetCommand, ["bc-1", "--all"])).rejects.toBeInstanceOf(UsageError);
    await expect(parsed<GetOptions>(newGetCommand, [])).rejects.toBeInstanceOf(UsageError);
  });

  it("declares no watch flag (a type error to read one)", () => {
    const o = {} as GetOptions;
    // @ts-expect-error get declares no --interval
    expect(o.interval).toBeUndefined();
    // @ts-expect-error get declares no --quiet
    expect(o.quiet).toBeUndefined();
  });
});

describe("watch's options", () => {
  it("durations parse to milliseconds; --for collects resource names; --no-fail-fast", async () => {
    const o = await parsed<WatchOptions>(newWatchCommand, [
      "bc-1",
      "--interval",
      "10s",
      "--timeout",
      "45m",
      "--for",
      "cce.cluster",
      "--no-fail-fast",
    ]);
    expect(o).toMatchObject({ ids: ["bc-1"], interval: 10_000, timeout: 45 * 60_000, for: ["cce.cluster"], failFast: false });
  });

  it("defaults: 5s interval, 30m timeout, fail fast", async () => {
    expect(await parsed<WatchOptions>(newWatchCommand, ["bc-1"])).toMatchObject({ interval: 5_000, timeout: 30 * 60_000, failFast: true });
  });

  it("declares no --exit-status (a type error to read it)", () => {
    const o = {} as WatchOptions;
    // @ts-expect-error watch declares no --exit-status
    expect(o.exitStatus).toBeUndefined();
  });
});

describe("list, config, mock-server and demo options", () => {
  it("list takes --exit-status and --json but not --raw or --timeline", async () => {
    const o = await parsed<ListOptions>(newListCommand, ["--exit-status", "--json"]);
    expect(o).toMatchObject({ exitStatus: true, json: true });
    // @ts-expect-error list declares no --raw
    expect(o.raw).toBeUndefined();
    // @ts-expect-error list declares no --timeline
    expect(o.timeline).toBeUndefined();
    // @ts-expect-error list takes no ids
    expect(o.ids).toBeUndefined();
  });

  it("config takes the setting flags, --json and --no-color", async () => {
    const o = await parsed<ConfigOptions>(newConfigCommand, ["--profile", "prod", "--json"]);
    expect(o).toMatchObject({ profile: "prod", json: true, color: true });
    // @ts-expect-error config declares no --retries
    expect(o.retries).toBeUndefined();
  });

  it("mock-server: host, port, scenario and speed with their defaults", async () => {
    expect(await parsed<MockServerOptions>(newMockServerCommand, ["--port", "0"])).toEqual({
      host: "127.0.0.1",
      port: 0,
      scenario: "success",
      speed: 1,
    });
  });

  it("demo: the scenario is one of two", async () => {
    const o = await parsed<DemoOptions>(newDemoCommand, ["--scenario", "failure"]);
    expect(o).toEqual({ scenario: "failure", color: true });
    const scenario: "success" | "failure" = o.scenario;
    expect(scenario).toBe("failure");
    await expect(parsed<DemoOptions>(newDemoCommand, ["--scenario", "nope"])).rejects.toThrow(/nope/);
  });
});
