/**
 * Every line fits its width where a person watches: a watch in a pseudo-terminal
 * (ora's spinner, the transitions, the final table and the timeline) at 40, 60,
 * 80 and 120 columns, with ASCII, Chinese and emoji details: every line's width
 * in cells (string-width after stripping ANSI) is at most the width, and every
 * word of a failed detail is there. The built binary against mock-server with a
 * scenario file. The same without a terminal (COLUMNS) runs through main() in
 * test/unit/width.test.ts.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import stringWidth from "string-width";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseEnv, cliLine, collect, type MockServer, SECRETS, startMockServer } from "../helpers/cli.js";
import { needsTool } from "../helpers/tools.js";

const WIDTHS = [40, 60, 80, 120] as const;

const DETAILS = {
  ascii:
    "create CCE cluster failed: the quota of ECS instances in region cn-north-4 is exhausted (ECS.0521); request a higher quota in the console under Quotas, or delete unused instances and retry the deployment",
  cjk: "创建CCE集群失败：ECS实例配额不足（ECS.0521），请在控制台申请提高配额后重试，或删除不再使用的实例。集群规格：cce.s2.small，节点数：3，可用区：cn-north-4a。",
  emoji:
    "🚨 cluster creation failed 💥: quota exceeded for ECS 🖥️ flavors in cn-north-4 👉 request more quota 📈 or free instances 🗑️ and retry 🔁 👨‍👩‍👧",
} as const;
type Lang = keyof typeof DETAILS;
const LANGS = Object.keys(DETAILS) as Lang[];
const watchId = (lang: Lang, width: number) => `watch-${lang}-${width}`;
/** Each blockchain is addressed by its name (the table header, the watch lines and the summary carry it), in the script of its details. */
const NAME_PREFIX: Record<Lang, string> = { ascii: "payments-ledger", cjk: "供应链金融", emoji: "🚀链🔗" };
const nameOf = (id: string, lang: Lang) => `${NAME_PREFIX[lang]}-${id}`;

/** Another resource's long detail, in the same script: cut with … where it does not fit (it is not a failure). */
const BUSY = {
  ascii: "creating 3 nodes in cn-north-4a: 1 ready, 2 starting; this takes about five minutes",
  cjk: "正在创建3个节点：1个就绪，2个启动中，预计需要五分钟",
  emoji: "🛠️ creating 3 nodes ⏳ 1 ready ✅ 2 starting 🔄",
};

const T = (s: string) => `2020-10-15T18:${s}.000000000+08:00`;
function failedBody(lang: Lang) {
  return {
    eip: { status: "finished", start_time: T("24:31"), end_time: T("24:33"), detail: "" },
    sfs: { status: "finished", start_time: T("24:31"), end_time: T("24:48"), detail: "" },
    kafka: { status: "deploying", start_time: T("24:40"), end_time: "", detail: BUSY[lang] },
    cce: {
      cluster: { status: "failed", start_time: T("24:34"), end_time: T("25:41"), detail: DETAILS[lang] },
      security_group: { status: "waiting", start_time: "", end_time: "", detail: "" },
    },
  };
}
function deployingBody(lang: Lang) {
  const b = failedBody(lang);
  return { ...b, cce: { ...b.cce, cluster: { status: "deploying", start_time: T("24:34"), end_time: "", detail: "" } } };
}

let sim: MockServer;
beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "bcs-width-"));
  const file = path.join(dir, "scenario.json");
  const ids: Record<string, unknown> = {};
  const names: Record<string, string> = {};
  for (const lang of LANGS) {
    // Each watch has an id of its own: an id's timeline starts at its first request.
    for (const width of WIDTHS) {
      names[watchId(lang, width)] = nameOf(watchId(lang, width), lang);
      ids[watchId(lang, width)] = [
        { at: "0s", status: deployingBody(lang) },
        { at: "1s", status: failedBody(lang) },
      ];
    }
  }
  writeFileSync(file, JSON.stringify({ ids, names }));
  sim = await startMockServer(["--scenario", file, "--speed", "2"]);
});
afterAll(async () => {
  await sim.stop();
});

const env = (extra: NodeJS.ProcessEnv = {}) => ({ BCS_ENDPOINT: sim.url, BCS_PROJECT_ID: "proj-e2e", BCS_TOKEN: SECRETS.token, ...extra });

const CSI = /\u001b\[[0-9;?]*[A-Za-z]/g;
/** Every line as a terminal shows it: split at newlines, carriage returns and cursor moves (each spinner frame is one). */
function lines(text: string): string[] {
  return text.split(/\r?\n|\r|\u001b\[[0-9;?]*[A-Za-z]/).map((l) => l.replace(CSI, ""));
}
function expectFits(text: string, width: number, what: string) {
  for (const line of lines(text)) {
    expect(stringWidth(line), `${what} at ${width}: ${stringWidth(line)} cells: ${JSON.stringify(line)}`).toBeLessThanOrEqual(width);
  }
}
/** Every word of the detail, whole and in order: the output with its whitespace (wraps, indentation) removed contains the detail so. */
function expectWhole(text: string, detail: string, what: string) {
  const squash = (s: string) => s.replace(CSI, "").replace(/\s+/g, "");
  expect(squash(text), `${what}: the failed detail is not whole`).toContain(squash(detail));
}

const SCRIPT = needsTool("script", "bsdutils");

describe.skipIf(SCRIPT.skip)(`watch in a pseudo-terminal: spinner, transitions and table fit${SCRIPT.note}`, () => {
  beforeAll(() => SCRIPT.check());

  for (const width of WIDTHS) {
    it(`at ${width} columns`, async () => {
      const runs = await Promise.all(
        LANGS.map((lang) => {
          const cmd = `stty cols ${width} rows 40; ${cliLine(["watch", "--name", nameOf(watchId(lang, width), lang), "--interval", "200ms", "--timeline"])}`;
          const child = spawn("script", ["-qfec", cmd, "/dev/null"], {
            env: baseEnv({ ...env(), TERM: "xterm-256color" }),
            stdio: ["pipe", "pipe", "pipe"],
          });
          return collect(child, performance.now(), { timeoutMs: 20_000 }).then((r) => ({ r, lang }));
        }),
      );
      for (const { r, lang } of runs) {
        expect(r.code).toBe(1);
        // ora drew its spinner (cursor hidden, then shown again).
        expect(r.stdout).toContain("\u001b[?25l");
        // The spinner's line is cut with … to the width; with room it ends with the watch's own time.
        expect(r.stdout).toMatch(width >= 80 ? /watching \d/ : /…/);
        expectFits(r.stdout, width, `pty watch ${lang}`);
        expectWhole(r.stdout, DETAILS[lang], `pty watch ${lang}`);
        expect(r.stdout).toContain(nameOf(watchId(lang, width), lang));
      }
    });
  }
});
