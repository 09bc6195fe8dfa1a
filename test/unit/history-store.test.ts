import { spawn } from "node:child_process";
import { once } from "node:events";
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { build } from "esbuild";
import { beforeEach, describe, expect, it } from "vitest";
import {
  appendHistory,
  clearHistory,
  type HistoryRecord,
  historyPath,
  LOCK_STALE_MS,
  MAX_LINES,
  readHistory,
  recordLine,
} from "../../src/history/store.js";

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "bcs-history-"));
  file = path.join(dir, "bcs-status", "history.ndjson");
});

/** The real clock: the lock's age is judged against file times. */
const clock = { now: () => Date.now(), sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) };

function rec(i: number, over: Partial<HistoryRecord> = {}): HistoryRecord {
  return {
    key: "cn-north-4",
    resource: "cce.cluster",
    duration_ms: 60_000 + i,
    outcome: "finished",
    ended_at: new Date(Date.UTC(2026, 10, 28, 10, 0, 0) + i * 1000).toISOString(),
    deployment: `d${i}`,
    ...over,
  };
}

describe("history store", () => {
  it("lives under $XDG_STATE_HOME/bcs-status, else ~/.local/state/bcs-status", () => {
    expect(historyPath({ XDG_STATE_HOME: "/s" }, "/home/u")).toBe("/s/bcs-status/history.ndjson");
    expect(historyPath({}, "/home/u")).toBe("/home/u/.local/state/bcs-status/history.ndjson");
    // A relative XDG_STATE_HOME is not a base directory (XDG): the default applies.
    expect(historyPath({ XDG_STATE_HOME: "rel" }, "/home/u")).toBe("/home/u/.local/state/bcs-status/history.ndjson");
  });

  it("appends whole lines and counts a deployment's resource once", async () => {
    expect(await appendHistory(file, [rec(1), rec(2)], clock)).toBe(2);
    expect(await appendHistory(file, [rec(2), rec(3)], clock)).toBe(1);
    expect((await readHistory(file)).map((r) => r.deployment)).toEqual(["d1", "d2", "d3"]);
    expect(readFileSync(file, "utf8").endsWith("\n")).toBe(true);
  });

  it("skips lines that do not parse: garbage, a torn last line, wrong types", async () => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(
      file,
      [
        recordLine(rec(1)).trimEnd(),
        "not json",
        JSON.stringify({ ...rec(2), duration_ms: "60000" }),
        JSON.stringify({ ...rec(3), outcome: "exploded" }),
        "[1,2,3]",
        recordLine(rec(4)).trimEnd(),
        '{"key":"cn-north-4","resource":"eip","dura',
      ].join("\n"),
    );
    expect((await readHistory(file)).map((r) => r.deployment)).toEqual(["d1", "d4"]);
  });

  it("keeps the newest 5,000 lines: a compaction renames a temporary file over it, without the bad lines", async () => {
    mkdirSync(path.dirname(file), { recursive: true });
    const old = Array.from({ length: MAX_LINES }, (_, i) => recordLine(rec(i)));
    writeFileSync(file, `${old.join("")}garbage\n`);
    await appendHistory(file, [rec(MAX_LINES), rec(MAX_LINES + 1)], clock);
    const lines = readFileSync(file, "utf8").trimEnd().split("\n");
    expect(lines).toHaveLength(MAX_LINES);
    expect(lines.includes("garbage")).toBe(false);
    const kept = await readHistory(file);
    expect(kept[0]?.deployment).toBe("d2");
    expect(kept.at(-1)?.deployment).toBe(`d${MAX_LINES + 1}`);
    // Nothing left behind: no temporary file, no lock.
    expect(readdirSync(path.dirname(file))).toEqual(["history.ndjson"]);
    expect(lstatSync(file).mode & 0o777).toBe(0o600);
  });

  it("a batch of more than 5,000 new records leaves the newest 5,000 of the file and the batch, each once", async () => {
    mkdirSync(path.dirname(file), { recursive: true });
    const inFile = Array.from({ length: 300 }, (_, i) => rec(i));
    writeFileSync(file, `${inFile.map(recordLine).join("")}garbage\n`);
    // Records the file holds already, a batch that repeats itself, and more new ones than the file keeps.
    const batch = [rec(5), ...Array.from({ length: MAX_LINES + 700 }, (_, i) => rec(300 + (i % (MAX_LINES - 200))))];
    const written = await appendHistory(file, batch, clock);
    // What the file held and each new record once, in order: its newest MAX_LINES are what stays.
    const unique = [...inFile, ...Array.from({ length: MAX_LINES - 200 }, (_, i) => rec(300 + i))];
    expect(written).toBe(MAX_LINES - 200);
    expect(readFileSync(file, "utf8")).toBe(unique.slice(-MAX_LINES).map(recordLine).join(""));
    expect(readdirSync(path.dirname(file))).toEqual(["history.ndjson"]);
  });

  it("a symlink or a folder at the path is never followed nor replaced", async () => {
    mkdirSync(path.dirname(file), { recursive: true });
    const target = path.join(dir, "elsewhere");
    writeFileSync(target, "precious\n");
    symlinkSync(target, file);
    await expect(appendHistory(file, [rec(1)], clock)).rejects.toThrow(/not a regular file/);
    await expect(readHistory(file)).rejects.toThrow(/not a regular file/);
    expect(readFileSync(target, "utf8")).toBe("precious\n");
    expect(lstatSync(file).isSymbolicLink()).toBe(true);
    const folder = path.join(dir, "f", "history.ndjson");
    mkdirSync(folder, { recursive: true });
    await expect(appendHistory(folder, [rec(1)], clock)).rejects.toThrow();
    await expect(readHistory(folder)).rejects.toThrow(/not a regular file/);
  });

  it("waits for a lock another run holds, and takes over one older than 10 s", async () => {
    mkdirSync(path.dirname(file), { recursive: true });
    const lock = `${file}.lock`;
    writeFileSync(lock, "");
    let t = Date.now();
    const fake = {
      now: () => t,
      sleep: async (ms: number) => {
        t += ms;
      },
    };
    await expect(appendHistory(file, [rec(1)], fake)).rejects.toThrow(/held by another run/);
    const old = (Date.now() - LOCK_STALE_MS - 5_000) / 1000;
    utimesSync(lock, old, old);
    expect(await appendHistory(file, [rec(1)], clock)).toBe(1);
    expect(readdirSync(path.dirname(file))).toEqual(["history.ndjson"]);
  });

  it("--clear removes the file (a symlink itself, never its target)", async () => {
    expect(await clearHistory(file)).toBe(false);
    await appendHistory(file, [rec(1)], clock);
    expect(await clearHistory(file)).toBe(true);
    expect(await readHistory(file)).toEqual([]);
  });
});

/** A small program that runs the store in a process of its own (bundled from the source). */
async function storeScript(): Promise<string> {
  const out = path.join(dir, "store-runner.mjs");
  await build({
    stdin: {
      contents: `
        import { appendHistory } from "./src/history/store.ts";
        const [file, tag, n, umask] = process.argv.slice(2);
        if (umask !== undefined) process.umask(Number.parseInt(umask, 8));
        const clock = { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };
        for (let i = 0; i < Number(n); i++) {
          await appendHistory(file, [{ key: "host", resource: "bcs", duration_ms: i, outcome: "finished",
            ended_at: new Date().toISOString(), deployment: tag + "-" + i }], clock);
        }`,
      resolveDir: path.resolve(import.meta.dirname, "../.."),
      loader: "ts",
    },
    bundle: true,
    platform: "node",
    format: "esm",
    outfile: out,
    logLevel: "silent",
  });
  return out;
}

async function run(script: string, args: string[]): Promise<void> {
  const child = spawn(process.execPath, [script, ...args], { stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  child.stderr?.on("data", (d) => {
    err += d;
  });
  const [code] = await once(child, "exit");
  expect(err).toBe("");
  expect(code).toBe(0);
}

describe("history store across processes", () => {
  it("two processes appending 500 lines each leave 1,000 whole lines", async () => {
    const script = await storeScript();
    await Promise.all([run(script, [file, "a", "500"]), run(script, [file, "b", "500"])]);
    const text = readFileSync(file, "utf8");
    const lines = text.trimEnd().split("\n");
    expect(lines).toHaveLength(1000);
    expect((await readHistory(file)).length).toBe(1000);
    expect(new Set(lines).size).toBe(1000);
  }, 60_000);

  it("the folder is 0700 and the file 0600 under umask 000", async () => {
    const script = await storeScript();
    await run(script, [file, "u", "1", "000"]);
    expect(lstatSync(file).mode & 0o777).toBe(0o600);
    expect(lstatSync(path.dirname(file)).mode & 0o777).toBe(0o700);
  });
});
