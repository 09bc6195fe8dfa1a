/**
 * The width matrix both width tests draw: a failed CCE cluster whose detail is in ASCII, Chinese or
 * emoji, another resource's long detail in the same script, and each blockchain's name in that
 * script too; with the checks that every line fits and every word of a detail is there.
 * test/unit/width.test.ts runs it through main() (COLUMNS), test/e2e/width.e2e.test.ts in a
 * pseudo-terminal.
 */
import { stripVTControlCharacters } from "node:util";
import stringWidth from "string-width";
import { expect } from "vitest";

export const WIDTHS = [40, 60, 80, 120] as const;

export const DETAILS = {
  ascii:
    "create CCE cluster failed: the quota of ECS instances in region cn-north-4 is exhausted (ECS.0521); request a higher quota in the console under Quotas, or delete unused instances and retry the deployment",
  cjk: "创建CCE集群失败：ECS实例配额不足（ECS.0521），请在控制台申请提高配额后重试，或删除不再使用的实例。集群规格：cce.s2.small，节点数：3，可用区：cn-north-4a。",
  emoji:
    "🚨 cluster creation failed 💥: quota exceeded for ECS 🖥️ flavors in cn-north-4 👉 request more quota 📈 or free instances 🗑️ and retry 🔁 👨‍👩‍👧",
} as const;
export type Lang = keyof typeof DETAILS;
export const LANGS = Object.keys(DETAILS) as Lang[];

/** Each blockchain is addressed by its name (the table header, the watch lines and the summary carry it), in the script of its details. */
const NAME_PREFIX: Record<Lang, string> = { ascii: "payments-ledger", cjk: "供应链金融", emoji: "🚀链🔗" };
export const nameOf = (id: string, lang: Lang) => `${NAME_PREFIX[lang]}-${id}`;

/** Another resource's long detail, in the same script: cut with … where it does not fit (it is not a failure). */
export const BUSY: Record<Lang, string> = {
  ascii: "creating 3 nodes in cn-north-4a: 1 ready, 2 starting; this takes about five minutes",
  cjk: "正在创建3个节点：1个就绪，2个启动中，预计需要五分钟",
  emoji: "🛠️ creating 3 nodes ⏳ 1 ready ✅ 2 starting 🔄",
};

const T = (s: string) => `2020-10-15T18:${s}.000000000+08:00`;

/** The API's answer once the cluster has failed. */
export function failedBody(lang: Lang) {
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

/** The same while the cluster is still deploying. */
export function deployingBody(lang: Lang) {
  const b = failedBody(lang);
  return { ...b, cce: { ...b.cce, cluster: { status: "deploying", start_time: T("24:34"), end_time: "", detail: "" } } };
}

/** Every line as a terminal shows it: split at newlines, carriage returns and cursor moves (each spinner frame is one). */
function lines(text: string): string[] {
  return text.split(/\r?\n|\r|\u001b\[[0-9;?]*[A-Za-z]/).map((l) => stripVTControlCharacters(l));
}

export function expectFits(text: string, width: number, what: string): void {
  for (const line of lines(text)) {
    expect(stringWidth(line), `${what} at ${width}: ${stringWidth(line)} cells: ${JSON.stringify(line)}`).toBeLessThanOrEqual(width);
  }
}

/** Every word of the detail, whole and in order: the output with its whitespace (wraps, indentation) removed contains the detail so. */
export function expectWhole(text: string, detail: string, what: string): void {
  const squash = (s: string) => stripVTControlCharacters(s).replace(/\s+/g, "");
  expect(squash(text), `${what}: the detail is not whole`).toContain(squash(detail));
}
