/**
 * A blockchain known by name keeps it everywhere; the step summary opens with
 * a verdict and the failures; --json gives epoch-ms times jq can use; a
 * one-id watch does not repeat its id. The built binary against mock-server
 * with a scenario file of named blockchains.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import stringWidth from "string-width";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, runCli, SECRETS, startMockServer } from "../helpers/cli.js";

const dir = mkdtempSync(path.join(tmpdir(), "bcs-names-"));
const T = (s: string) => `2026-11-28T18:${s}.000000000+08:00`;
const QUOTA = "create CCE cluster failed: quota for ECS flavor c6.2xlarge.2 exhausted (CCE.01400001)";
const MARBLES = "b268e1ca-b5c2-28f1-1e57-f571e14ecdbd";
/** A name no terminal or runner should take as it is: an escape, workflow-command punctuation, and 100 more letters. */
const EVIL_NAME = `evil,name:x\u001b[31m::warning::y ${"n".repeat(100)}`;
/** The name as the list gives it to people (the escape removed), and as they type it to --name. */
const SHOWN_EVIL = EVIL_NAME.replace("\u001b[31m", "");

const failed = {
  eip: { status: "finished", start_time: T("00:00"), end_time: T("00:04"), detail: "" },
  cce: {
    cluster: { status: "failed", start_time: T("00:04"), end_time: T("00:40"), detail: QUOTA },
    network: { status: "finished", start_time: T("00:00"), end_time: T("00:09"), detail: "" },
  },
};
const deploying = {
  eip: { status: "finished", start_time: T("00:00"), end_time: T("00:04"), detail: "" },
  cce: {
    cluster: { status: "deploying", start_time: T("00:04"), end_time: "", detail: "" },
    network: { status: "deploying", start_time: T("00:00"), end_time: "", detail: "" },
  },
};
const finished = {
  eip: { status: "finished", start_time: T("00:00"), end_time: T("00:04"), detail: "" },
  bcs: { status: "finished", start_time: T("00:04"), end_time: T("21:04"), detail: "" },
};
const waiting = {
  bcs: { status: "waiting", start_time: "", end_time: "", detail: "" },
  eip: { status: "waiting", start_time: "", end_time: "", detail: "" },
};
/** Times that are no real instant: month 13, an offset beyond ±14:00, year 0001 (Go's unset time). */
const oddTimes = {
  bcs: { status: "finished", start_time: "2026-11-28T18:00:00.250000000+08:00", end_time: "2026-13-01T00:00:00Z", detail: "" },
  eip: { status: "finished", start_time: "2026-11-28T18:00:00+15:00", end_time: "0001-01-01T00:00:00Z", detail: "" },
  sfs: { status: "deploying", start_time: "2026-11-28T10:00:00Z", end_time: "", detail: "" },
};

const steps = (...bodies: object[]) => bodies.map((status, i) => ({ at: `${i}s`, status }));
/** Steps 2 s apart (0.5 s at the server's speed), so that a watch polling every 200 ms sees each. */
const slowSteps = (...bodies: object[]) => bodies.map((status, i) => ({ at: `${2 * i}s`, status }));

const ids: Record<string, object[]> = {
  [MARBLES]: steps(failed),
  "watch-marbles": steps(deploying, failed),
  "gha-marbles": steps(deploying, failed),
  "gha-1": steps(waiting),
  "gha-2": steps(waiting),
  "fin-1": steps(finished),
  "fin-2": steps(finished),
  "slow-1": steps(deploying),
  evil: steps(failed),
  times: steps(oddTimes),
  "one-1": slowSteps(waiting, deploying, finished),
  "two-1": slowSteps(waiting, deploying, finished),
  "two-2": slowSteps(waiting, deploying, finished),
};
const names: Record<string, string> = {
  [MARBLES]: "marbles",
  "watch-marbles": "marbles-watch",
  "gha-marbles": "marbles-ci",
  "fin-1": "alpha",
  "fin-2": "beta",
  evil: EVIL_NAME,
  "one-1": "solo",
  "two-1": "pair-a",
  "two-2": "pair-b",
};

let sim: MockServer;
/** For --all and list, which query every id and so start every id's timeline: a server of their own. */
let simAll: MockServer;
beforeAll(async () => {
  const file = path.join(dir, "named.json");
  writeFileSync(file, JSON.stringify({ ids, names }));
  [sim, simAll] = await Promise.all([
    startMockServer(["--scenario", file, "--speed", "4"]),
    startMockServer(["--scenario", file, "--speed", "4"]),
  ]);
});
afterAll(async () => {
  await Promise.all([sim.stop(), simAll.stop()]);
});

const env = (extra: NodeJS.ProcessEnv = {}) => ({
  BCS_ENDPOINT: sim.url,
  BCS_PROJECT_ID: "proj-names",
  BCS_TOKEN: SECRETS.token,
  ...extra,
});
const envAll = () => env({ BCS_ENDPOINT: simAll.url });
const gha = (summary: string) => env({ GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summary });
const docs = (stdout: string) =>
  stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
const commands = (text: string) => text.split(/\r?\n|\r/).filter((l) => l.startsWith("::"));
const lines = (text: string) => text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "").split("\n");

describe("a name goes everywhere with its blockchain", () => {
  it("get --name: the table header leads with the name; --json has name right after blockchain_id", async () => {
    const [table, json] = await Promise.all([
      runCli(["get", "--name", "marbles"], { env: env() }),
      runCli(["get", "--name", "marbles", "--json"], { env: env() }),
    ]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout.split("\n")[0]).toMatch(new RegExp(`^marbles {2}${MARBLES} {2}✗ failed {2}2/3 finished`));
    const [doc] = docs(json.stdout);
    expect(Object.keys(doc ?? {}).slice(0, 3)).toEqual(["blockchain_id", "name", "overall"]);
    expect(doc).toMatchObject({ blockchain_id: MARBLES, name: "marbles" });
  });

  it("an id given alone costs no list call and has no name, even beside --name", async () => {
    const before = (await sim.stats()).list;
    const alone = await runCli(["get", MARBLES, "--json"], { env: env() });
    expect((await sim.stats()).list).toBe(before);
    expect(Object.keys(docs(alone.stdout)[0] ?? {})).not.toContain("name");
    const beside = await runCli(["get", "fin-1", "--name", "marbles", "--json"], { env: env() });
    expect(beside.code, beside.stderr).toBe(0);
    const [given, named] = docs(beside.stdout);
    expect(given?.blockchain_id).toBe("fin-1");
    expect(Object.keys(given ?? {})).not.toContain("name");
    expect(named).toMatchObject({ blockchain_id: MARBLES, name: "marbles" });
  });

  it("get --all sorts by name and shows it; list --json and watch --json carry it", async () => {
    const [all, list, watch] = await Promise.all([
      runCli(["get", "--all"], { env: envAll() }),
      runCli(["list", "--json"], { env: envAll() }),
      runCli(["watch", "--name", "marbles-watch", "--json", "--interval", "200ms"], { env: env(), timeoutMs: 20_000 }),
    ]);
    expect(all.code, all.stderr).toBe(0);
    const headers = all.stdout.split("\n").filter((l) => /^\S/.test(l));
    expect(headers[0]).toMatch(/^alpha {2}fin-1 {2}✓ finished/);
    expect(headers[1]).toMatch(/^beta {2}fin-2 {2}/);
    expect(headers.some((h) => h.startsWith(`marbles  ${MARBLES}`))).toBe(true);
    expect(docs(list.stdout).find((d) => d.blockchain_id === MARBLES)).toMatchObject({ name: "marbles" });
    expect(watch.code, watch.stderr).toBe(1);
    const lines = docs(watch.stdout);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const d of lines) expect(Object.keys(d).slice(0, 2)).toEqual(["blockchain_id", "name"]);
    expect(lines.at(-1)).toMatchObject({ name: "marbles-watch", overall: "failed" });
  });

  it("GitHub Actions: ::group:: and ::error titles, the step summary and watch lines carry the name", async () => {
    const summary = path.join(dir, "named-gha.md");
    const r = await runCli(["watch", "--name", "marbles-ci", "--interval", "200ms"], { env: gha(summary), timeoutMs: 20_000 });
    expect(r.code, r.stderr).toBe(1);
    const cmds = commands(r.stderr);
    expect(cmds[0]).toBe("::group::BCS marbles-ci (gha-marbles) transitions");
    expect(cmds).toContain(`::error title=BCS marbles-ci (gha-marbles) cce.cluster failed::${QUOTA}`);
    expect(r.stderr).toMatch(/^\d\d:\d\d:\d\d {2}marbles-ci {2}gha-marbles {2}(deploying|failed) · /m);
    const md = readFileSync(summary, "utf8");
    expect(md).toContain("### ❌ marbles-ci `gha-marbles`: failed");
  });

  it("a name is server text: cleaned, capped to 64 cells, escaped as a workflow-command property", async () => {
    const summary = path.join(dir, "evil.md");
    const [table, json, ci] = await Promise.all([
      runCli(["get", "--name", SHOWN_EVIL], { env: env() }),
      runCli(["get", "--name", SHOWN_EVIL, "--json"], { env: env() }),
      runCli(["get", "--name", SHOWN_EVIL], { env: gha(summary) }),
    ]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout + table.stderr).not.toContain("\u001b");
    const header = table.stdout.split("\n")[0] ?? "";
    const shown = header.slice(0, header.indexOf("  evil  "));
    expect(shown.startsWith("evil,name:x")).toBe(true);
    expect(stringWidth(shown)).toBeLessThanOrEqual(64);
    expect(shown.endsWith("…")).toBe(true);
    // --json keeps the whole name, cleaned of its escape.
    expect(docs(json.stdout)[0]?.name).toBe(SHOWN_EVIL);
    const errors = commands(ci.stderr).filter((c) => c.startsWith("::error"));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^::error title=BCS evil%2Cname%3Ax%3A%3Awarning%3A%3Ay n+… \(evil\) cce\.cluster failed::/);
    expect(commands(ci.stderr).some((c) => c.startsWith("::warning"))).toBe(false);
  });

  it("at narrow widths the id is cut before the name", async () => {
    const [narrow, wider] = await Promise.all(
      [40, 60].map((width) => runCli(["get", "--name", "marbles"], { env: env({ COLUMNS: String(width) }) })),
    );
    // 40 columns: the name and the state stay on the first line, the id gives way.
    expect(narrow?.stdout.split("\n")[0]).toMatch(/^marbles {2}b268e1ca-\S*… {2}✗ failed$/);
    // 60 columns: all three fit, the counts wrap.
    expect(wider?.stdout.split("\n")[0]).toBe(`marbles  ${MARBLES}  ✗ failed`);
    for (const [r, width] of [
      [narrow, 40],
      [wider, 60],
    ] as const) {
      for (const line of lines(r?.stdout ?? "")) expect(stringWidth(line)).toBeLessThanOrEqual(width);
    }
  });
});

describe("the step summary opens with a verdict and the failures", () => {
  it("watch gha-1 gha-2 --name marbles --timeline: ❌ verdict first, the failed one first, the others marked, no waiting timeline", async () => {
    const summary = path.join(dir, "verdict.md");
    writeFileSync(summary, "# earlier step\n");
    const r = await runCli(["watch", "gha-1", "gha-2", "--name", "marbles", "--timeline", "--interval", "200ms"], {
      env: gha(summary),
      timeoutMs: 20_000,
    });
    expect(r.code, r.stderr).toBe(1);
    const md = readFileSync(summary, "utf8").slice("# earlier step\n".length);
    const body = md.split("\n").filter((l) => l !== "");
    expect(body[0]).toBe("## BCS creation status");
    expect(body[1]).toMatch(
      /^❌ 1 of 3 failed: marbles \(cce\.cluster: create CCE cluster failed: quota for ECS flavor…\); 2 not watched to the end \(fail fast\)$/,
    );
    const sections = body.filter((l) => l.startsWith("### "));
    expect(sections[0]).toBe("### ❌ marbles `b268e1ca-b5c2-28f1-1e57-f571e14ecdbd`: failed");
    // The others in the order given; one whose first answer had not come when fail fast ended the watch
    // (polls are spread over the interval) is in the summary all the same.
    expect(sections.slice(1)).toHaveLength(2);
    for (const [i, line] of sections.slice(1).entries()) {
      expect(line).toMatch(new RegExp(`^### 🕓 \`gha-${i + 1}\`: (waiting|no answer yet)$`));
    }
    for (const id of ["gha-1", "gha-2"]) {
      const section = md.slice(md.indexOf(`\`${id}\``));
      expect(section.split("### ")[0]).toContain("not watched to the end (fail fast)");
    }
    // --timeline draws nothing for a blockchain that has not started: no axis-less rows of "waiting".
    expect(r.stdout).not.toMatch(/^\s*○ \S+\s+waiting/m);
    expect(r.stdout).toMatch(/├/);
  });

  it("✅ N of N finished in <the longest age>; ⏱ timed out after <the watch>: N still <state>", async () => {
    const done = path.join(dir, "done.md");
    const late = path.join(dir, "late.md");
    const [ok, timeout] = await Promise.all([
      runCli(["get", "fin-1", "fin-2", "--summary-file", done], { env: env() }),
      runCli(["watch", "slow-1", "gha-1", "--summary-file", late, "--timeout", "1s", "--interval", "200ms"], {
        env: env(),
        timeoutMs: 20_000,
      }),
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(readFileSync(done, "utf8").split("\n")[2]).toBe("✅ 2 of 2 finished in 21m04s");
    expect(timeout.code, timeout.stderr).toBe(124);
    expect(readFileSync(late, "utf8").split("\n")[2]).toMatch(/^⏱ timed out after 1s: 1 still deploying, 1 waiting$/);
  });
});

describe("--json times as epoch milliseconds", () => {
  it("start_ms/end_ms are the instants as integers, null where the string is no real instant", async () => {
    const r = await runCli(["get", "times", "--json"], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    const resources = docs(r.stdout)[0]?.resources as Array<Record<string, unknown>>;
    const at = (name: string) => resources.find((x) => x.name === name);
    expect(at("bcs")).toMatchObject({ start_ms: Date.parse("2026-11-28T18:00:00.250+08:00"), end_ms: null });
    expect(at("eip")).toMatchObject({ start_ms: null, end_ms: null });
    expect(at("sfs")).toMatchObject({ start_ms: Date.parse("2026-11-28T10:00:00Z"), end_ms: null });
    for (const x of resources) {
      expect(Object.keys(x)).toEqual(["name", "status", "start_time", "end_time", "start_ms", "end_ms", "duration_ms", "detail"]);
      if (x.start_ms !== null) expect(Number.isInteger(x.start_ms)).toBe(true);
    }
  });
});

describe("a one-id watch names its id once", () => {
  it("the first line names it (name and id); change lines carry neither; with several ids each line has the name", async () => {
    const [one, two] = await Promise.all([
      runCli(["watch", "--name", "solo", "--interval", "200ms"], { env: env({ COLUMNS: "40" }), timeoutMs: 20_000 }),
      runCli(["watch", "--name", "pair-a", "--name", "pair-b", "--interval", "200ms"], { env: env(), timeoutMs: 20_000 }),
    ]);
    expect(one.code, one.stderr).toBe(0);
    const progress = one.stderr.trim().split("\n");
    expect(progress[0]).toMatch(/^\d\d:\d\d:\d\d {2}solo {2}one-1/);
    // The first answer may wrap (its summary under it); after it, one change is one line, even at 40 columns.
    const moved = progress.slice(progress.findIndex((l, i) => i > 0 && /^\d\d:\d\d:\d\d /.test(l)));
    expect(moved.length).toBeGreaterThanOrEqual(2);
    for (const line of moved) {
      expect(line).toMatch(/^\d\d:\d\d:\d\d {2}(bcs|eip|cce\.cluster|cce\.network) {2}\S/);
      expect(line).not.toMatch(/one-1|solo/);
    }
    expect(two.code, two.stderr).toBe(0);
    const pairLines = two.stderr.split("\n").filter((l) => /^\d\d:\d\d:\d\d /.test(l));
    expect(pairLines.filter((l) => l.includes("→")).length).toBeGreaterThanOrEqual(2);
    for (const line of pairLines) expect(line).toMatch(/^\d\d:\d\d:\d\d {2}pair-[ab] {2}/);
  });
});
