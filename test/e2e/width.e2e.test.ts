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
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseEnv, cliLine, collect, type MockServer, SECRETS, startMockServer } from "../helpers/cli.js";
import { needsTool } from "../helpers/tools.js";
import { DETAILS, deployingBody, expectFits, expectWhole, failedBody, LANGS, type Lang, nameOf, WIDTHS } from "../helpers/width-scripts.js";

const watchId = (lang: Lang, width: number) => `watch-${lang}-${width}`;

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
