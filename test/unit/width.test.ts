/**
 * Width and elapsed time as a new user meets them: each frustration of theirs,
 * driven through main() with a faked API. Every line's width is counted
 * in terminal cells (string-width after stripping ANSI).
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import stringWidth from "string-width";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { apiBody, fakeClock, testDeps } from "../helpers/deps.js";
import { API_ENV, JSON_HEADERS, ORIGIN, PATH, useMockAgent } from "../helpers/mock-api.js";
import {
  BUSY,
  DETAILS,
  deployingBody,
  expectFits,
  expectWhole,
  failedBody,
  LANGS,
  type Lang,
  nameOf,
  WIDTHS,
} from "../helpers/width-scripts.js";

const api = useMockAgent();

const cells = (line: string) => stringWidth(stripVTControlCharacters(line));
/** Lines of recorded output, split at newlines and at cursor sequences (each spinner frame is its own piece). */
const pieces = (text: string) => text.split(/\n|\u001b\[[0-9;?]*[A-Za-z]/).filter((l) => l !== "");
function fits(text: string, width: number) {
  for (const line of pieces(text))
    expect(cells(line), `${cells(line)} cells > ${width}: ${JSON.stringify(line)}`).toBeLessThanOrEqual(width);
}
const words = (text: string) => text.split(/\s+/).filter(Boolean);
/** The output with line breaks and indentation folded, so wrapped words read in order. */
const folded = (text: string) => stripVTControlCharacters(text).replace(/\s+/g, " ");

function reply(id: string, body: object, times = 1) {
  api.agent
    .get(ORIGIN)
    .intercept({ path: PATH(id) })
    .reply(200, body, { headers: JSON_HEADERS })
    .times(times);
}

async function run(args: string[], o: { env?: NodeJS.ProcessEnv; tty?: boolean; columns?: number } = {}) {
  const clock = fakeClock();
  const t = testDeps({
    dispatcher: api.agent,
    clock,
    env: { ...API_ENV, ...o.env },
    ...(o.tty ? { stdoutTTY: true, stderrTTY: true, columns: o.columns ?? 80 } : {}),
  });
  const code = await main(args, t.deps);
  return { code, out: t.io.stdout.text(), err: t.io.stderr.text() };
}

const LONG_DETAIL =
  "create CCE cluster failed: the quota of ECS instances in region cn-north-4 is exhausted; request a higher quota in the console under Quotas, or delete unused instances and retry the deployment later";

describe("get at a fixed width", () => {
  it("the API reference's 2020 example fits 80 columns (it was 86: the date in every cell)", async () => {
    reply("bc-1", apiBody());
    const r = await run(["get", "bc-1"], { env: { COLUMNS: "80" } });
    expect(r.code).toBe(0);
    fits(r.out, 80);
    // The date once, the times in the rows.
    expect(r.out.match(/2020-10-15/g)).toHaveLength(1);
    expect(r.out).toContain("10:24:48");
  });

  it("a failed resource's reason is never cut at 80 columns: every word is there", async () => {
    reply(
      "bc-2",
      apiBody({
        cce: {
          cluster: {
            status: "failed",
            start_time: "2020-10-15T18:24:50+08:00",
            end_time: "2020-10-15T18:26:00+08:00",
            detail: LONG_DETAIL,
          },
        },
      }),
    );
    const r = await run(["get", "bc-2"], { env: { COLUMNS: "80" } });
    fits(r.out, 80);
    expect(folded(r.out)).toContain(LONG_DETAIL);
  });

  it("a Chinese detail is measured in cells: no 101-column row at 80", async () => {
    const detail = "创建CCE集群失败：ECS实例配额不足，请在控制台申请提高配额后重试，或删除不再使用的实例。";
    reply(
      "bc-3",
      apiBody({
        cce: { cluster: { status: "failed", start_time: "2020-10-15T18:24:50+08:00", end_time: "2020-10-15T18:26:00+08:00", detail } },
      }),
    );
    const r = await run(["get", "bc-3"], { env: { COLUMNS: "80" } });
    fits(r.out, 80);
    expect(stripVTControlCharacters(r.out).replace(/\s+/g, "")).toContain(detail);
  });

  it("at 60 columns the table header keeps its words (no DURAT / ION)", async () => {
    reply(
      "bc-4",
      apiBody({
        cce: { cluster: { status: "deploying", start_time: "2020-10-15T18:24:50+08:00", end_time: "", detail: "waiting for nodes" } },
      }),
    );
    const r = await run(["get", "bc-4"], { env: { COLUMNS: "60" } });
    fits(r.out, 60);
    const head = r.out.split("\n").find((l) => l.includes("RESOURCE")) ?? "";
    for (const w of words(head)) expect(["RESOURCE", "STATE", "STARTED", "ENDED", "DURATION", "DETAIL"]).toContain(w);
  });
});

describe("watch lines at a fixed width", () => {
  it("transition lines and the timeout message fit 60 columns (CI mode), and the failure's reason is whole", async () => {
    const t0 = "2026-11-28T17:59:00+08:00";
    reply("bc-w", { cce: { cluster: { status: "deploying", start_time: t0, end_time: "", detail: "" } } }, 2);
    reply("bc-w", { cce: { cluster: { status: "failed", start_time: t0, end_time: "2026-11-28T18:00:10+08:00", detail: LONG_DETAIL } } });
    const r = await run(["watch", "bc-w", "--interval", "5s"], { env: { COLUMNS: "60" } });
    expect(r.code).toBe(1);
    fits(r.err, 60);
    fits(r.out, 60);
    expect(folded(r.err)).toContain(LONG_DETAIL);
    expect(folded(r.out)).toContain(LONG_DETAIL);

    reply("bc-t", { cce: { cluster: { status: "deploying", start_time: t0, end_time: "", detail: "" } } }, 3);
    const t = await run(["watch", "bc-t", "--interval", "5s", "--timeout", "12s"], { env: { COLUMNS: "40" } });
    expect(t.code).toBe(124);
    fits(t.err, 40);
    expect(folded(t.err)).toMatch(/timed out after 12s/);
  });

  it("the spinner line fits the terminal (80 and 40 columns)", async () => {
    for (const columns of [80, 40]) {
      reply("bc-s", { cce: { cluster: { status: "deploying", start_time: "2026-11-28T17:59:00+08:00", end_time: "", detail: "" } } });
      reply("bc-s", {
        cce: {
          cluster: { status: "finished", start_time: "2026-11-28T17:59:00+08:00", end_time: "2026-11-28T18:00:02+08:00", detail: "" },
        },
      });
      const r = await run(["watch", "bc-s", "--interval", "1s"], { tty: true, columns });
      expect(r.code).toBe(0);
      fits(r.err, columns);
      fits(r.out, columns);
    }
  });
});

describe("one meaning of elapsed", () => {
  it("the header, the timeline's total and the Markdown summary give one figure for one answer", async () => {
    // The API reference's example, with cce.cluster failed and kafka still deploying when the answer came.
    const body = apiBody({
      kafka: { status: "deploying", start_time: "2020-10-15T18:24:40+08:00", end_time: "", detail: "" },
      cce: {
        cluster: { status: "failed", start_time: "2020-10-15T18:24:35+08:00", end_time: "2020-10-15T18:25:00.9+08:00", detail: "quota" },
      },
    });
    reply("bc-e", body);
    const dir = mkdtempSync(path.join(tmpdir(), "bcs-elapsed-"));
    const file = path.join(dir, "s.md");
    const r = await run(["get", "bc-e", "--timeline", "--summary-file", file]);
    const header = /elapsed (\S+)/.exec(r.out)?.[1];
    const total = /total (\S+)/.exec(r.out)?.[1];
    const md = readFileSync(file, "utf8");
    const took = /(?:took (\S+)|(\S+) so far)/.exec(md);
    expect(header).toBeDefined();
    expect(total).toBe(header);
    expect(took?.[1] ?? took?.[2]).toBe(header);
  });

  it("the spinner shows the deployment's age, and the watch's own time labelled as such", async () => {
    reply("bc-sp", { cce: { cluster: { status: "deploying", start_time: "2026-11-28T17:59:00+08:00", end_time: "", detail: "" } } }, 2);
    reply("bc-sp", {
      cce: { cluster: { status: "finished", start_time: "2026-11-28T17:59:00+08:00", end_time: "2026-11-28T18:00:02+08:00", detail: "" } },
    });
    const r = await run(["watch", "bc-sp", "--interval", "5s"], { tty: true, columns: 120 });
    const text = stripVTControlCharacters(r.err);
    // The deployment began at 17:59:00 (+08:00), one minute before the watch: its age is over a minute, the watch's seconds.
    expect(text).toMatch(/elapsed 1m\d\ds/);
    expect(text).toMatch(/watching \d+s/);
    expect(r.out).toMatch(/elapsed 1m02s/);
  });
});

describe("the timeline's critical path", () => {
  it("names only a resource that ended, and says which still run", async () => {
    reply(
      "bc-c",
      apiBody({ cce: { cluster: { status: "deploying", start_time: "2020-10-15T18:24:35+08:00", end_time: "", detail: "" } } }),
    );
    const r = await run(["get", "bc-c", "--timeline"], { env: { COLUMNS: "100" } });
    const legend = r.out.split("\n").find((l) => l.includes("critical path") || l.includes("still running")) ?? "";
    expect(legend).not.toMatch(/critical path[^·]*cce\.cluster/);
    expect(legend).toMatch(/still running: cce\.cluster/);
  });
});

describe("the demo's first line", () => {
  it("wraps at a word boundary to the width (it wrapped mid-word at 60 and 80)", async () => {
    const { runDemo } = await import("../../src/commands/demo/run.js");
    const stop = new AbortController();
    stop.abort();
    for (const width of [40, 60, 80]) {
      const t = testDeps({ env: { COLUMNS: String(width) }, signal: stop.signal });
      // Stopped at once: only the first line is of interest here.
      await runDemo({ scenario: "success", color: false }, t.deps).catch(() => {});
      const err = t.io.stderr.text();
      const intro = err.slice(0, err.indexOf("…") + 1);
      fits(intro, width);
      // Broken only between words: with the breaks read as spaces, the sentence is as written.
      expect(folded(intro)).toMatch(
        /^Simulated BCS API at http:\/\/127\.0\.0\.1:\d+ \(scenario success, 5x speed\); watching demo-chain…$/,
      );
    }
  });
});

/**
 * Every line fits the width given by COLUMNS (no terminal): get, get --wide and --timeline, a
 * watch in CI mode and the error lines, at 40, 60, 80 and 120 columns, with ASCII, Chinese and
 * emoji details, each blockchain addressed by a name in the same script. The pseudo-terminal
 * half of this, where ora draws, runs the built binary (test/e2e/width.e2e.test.ts).
 */
describe("every line fits the width, in every script", () => {
  /** The list API knows the blockchain `id` by its name, in the script of `lang`. */
  const named = (id: string, lang: Lang) => {
    const name = nameOf(id, lang);
    api.agent
      .get(ORIGIN)
      .intercept({ path: "/v2/proj-1/blockchains" })
      .reply(200, { blockchains: [{ id, name }], count: 1 }, { headers: JSON_HEADERS });
    return name;
  };
  for (const width of WIDTHS) {
    for (const lang of LANGS) {
      it(`get, get --timeline and get --wide at ${width} columns (${lang})`, async () => {
        for (const extra of ["--timeline", "--wide"]) {
          const id = `get-${lang}`;
          const name = named(id, lang);
          reply(id, failedBody(lang));
          const r = await run(["get", "--name", name, extra], { env: { COLUMNS: String(width) } });
          expect(r.code, r.err).toBe(0);
          expectFits(r.out + r.err, width, `get ${extra} ${lang}`);
          expectWhole(r.out, DETAILS[lang], `get ${extra} ${lang}`);
          // The header leads with the name, whole (the id gives way first).
          expect(r.out.split("\n")[0]?.startsWith(`${name}  `), r.out).toBe(true);
          if (extra === "--wide") expectWhole(r.out, BUSY[lang], `get --wide ${lang} (busy)`);
        }
      });

      it(`a watch in CI mode (transitions, final table, timeline) at ${width} columns (${lang})`, async () => {
        const id = `watch-${lang}`;
        const name = named(id, lang);
        reply(id, deployingBody(lang));
        reply(id, failedBody(lang));
        const r = await run(["watch", "--name", name, "--interval", "5s", "--timeline"], { env: { COLUMNS: String(width) } });
        expect(r.code, r.err).toBe(1);
        expectFits(r.out, width, `watch stdout ${lang}`);
        expectFits(r.err, width, `watch stderr ${lang}`);
        expectWhole(r.err, DETAILS[lang], `watch transition ${lang}`);
        expectWhole(r.out, DETAILS[lang], `watch table ${lang}`);
        expect(r.out).toContain(name);
        expect(r.err).toContain(name);
      });
    }

    it(`error lines at ${width} columns: config file problems, a failed query, a usage error`, async () => {
      const dir = mkdtempSync(path.join(tmpdir(), "bcs-width-config-"));
      const bad = path.join(dir, "config-with-a-rather-long-name-for-testing.json");
      writeFileSync(bad, '{"profiles": {"default": {"region": "cn-north-4",}}}');
      const missing = path.join(dir, "no", "such", "folder", "with", "a-very-long-name-indeed", "config.json");
      const unknown = "notfound-a-blockchain-id-that-is-quite-long-000000000000";
      api.agent
        .get(ORIGIN)
        .intercept({ path: PATH(unknown) })
        .reply(404, { error_code: "BCS.4040404", error_msg: "Not Found:the url is not found" }, { headers: JSON_HEADERS });
      const env = { COLUMNS: String(width) };
      const c1 = await run(["config", "--config", bad], { env });
      const c2 = await run(["get", "bc-1", "--config", missing], { env });
      const c3 = await run(["get", unknown], { env });
      const c4 = await run(["get", "bc-1", "--interval", "5s"], { env });
      expect([c1.code, c2.code, c3.code, c4.code]).toEqual([2, 2, 4, 2]);
      expect(c1.err).toMatch(/trailing/);
      for (const r of [c1, c2, c3, c4]) {
        expect(r.err).toMatch(/^bcs-status:/);
        expectFits(r.out + r.err, width, "error line");
      }
    });
  }
});
