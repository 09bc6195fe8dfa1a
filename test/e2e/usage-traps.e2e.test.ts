import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, runCli, SECRETS, startMockServer } from "../helpers/cli.js";

// A failed CCE cluster with a detail in Chinese: commas and brackets all through it.
const CHINESE_DETAIL =
  "创建CCE集群失败，原因是配额不足（ECS规格c6.2xlarge.2），请提交工单申请提高配额，或者选择其他可用区（例如cn-north-4a）后重试，错误码（CCE.01400001），详情请参见（帮助中心）。";
const at = (status: string, detail = "") => ({
  start_time: "2026-12-07T23:00:00.1+08:00",
  end_time: status === "deploying" ? "" : "2026-12-07T23:10:00.1+08:00",
  status,
  detail,
});

let dir: string;
let sim: MockServer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "bcs-traps-"));
  const file = join(dir, "scenario.json");
  writeFileSync(
    file,
    JSON.stringify({
      ids: {
        "bc-done": [{ at: "0s", status: { bcs: at("finished"), eip: at("finished") } }],
        "bc-zh": [{ at: "0s", status: { eip: at("finished"), cce: { cluster: at("failed", CHINESE_DETAIL) } } }],
      },
    }),
  );
  sim = await startMockServer(["--scenario", file, "--token", SECRETS.token]);
});
afterAll(async () => {
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

const env = (extra: NodeJS.ProcessEnv = {}) => ({ BCS_ENDPOINT: sim.url, BCS_PROJECT_ID: "proj-e2e", BCS_TOKEN: SECRETS.token, ...extra });

describe("usage traps (built binary against mock-server)", () => {
  it.each([
    [["--json", "get", "bc-1"], "bcs-status get bc-1 --json"],
    [["-v", "get", "bc-1"], "bcs-status get bc-1 -v"],
    [["--exit-status", "get", "bc-1", "bc-2"], "bcs-status get bc-1 bc-2 --exit-status"],
    [["--interval", "10s", "watch", "bc-1"], "bcs-status watch bc-1 --interval 10s"],
  ])("an option before its command: %j says where it goes", async (args, line) => {
    const before = (await sim.stats()).requests;
    const r = await runCli(args, { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`bcs-status: unknown option '${args[0]}' (options go after the command: ${line})`);
    expect((await sim.stats()).requests).toBe(before);
  });

  it.each([
    ["status", "bcs-status get <id...>"],
    ["wait", "bcs-status watch <id...>"],
    ["describe", "bcs-status get <id...>"],
  ])("`%s` (another CLI's habit) points at get or watch", async (word, hint) => {
    const r = await runCli([word, "bc-1"], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`unknown command '${word}'`);
    expect(r.stderr).toContain(hint);
  });

  it("config with a missing token file prints the whole table, then the problem, exit 2", async () => {
    const cfg = join(dir, "config.json");
    writeFileSync(
      cfg,
      JSON.stringify({ profiles: { prod: { region: "cn-north-4", project_id: "p1", token_file: join(dir, "no-token") } } }),
    );
    const r = await runCli(["config", "--config", cfg, "--profile", "prod"], { env: {} });
    expect(r.code).toBe(2);
    const out = r.stdout.split("\n");
    expect(out[0]).toMatch(/^SETTING +VALUE +SOURCE$/);
    expect(out.some((l) => /^project_id +p1 /.test(l))).toBe(true);
    expect(out.some((l) => /^config +.*config\.json/.test(l))).toBe(true);
    expect(r.stdout).toContain(`problem: token file ${join(dir, "no-token")} (token_file in ${cfg}) does not exist`);
    expect(r.stdout.indexOf("problem:")).toBeGreaterThan(r.stdout.indexOf("config   "));
  });

  it("durations take decimals and min; one that rounds to less than 1ms is refused", async () => {
    const ok = await runCli(["watch", "bc-done", "--interval", "0.1s", "--timeout=45min", "--json"], { env: env() });
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).overall).toBe("finished");
    const mins = await runCli(["watch", "bc-done", "--interval=1.5m", "--timeout", "1h30min", "--json"], { env: env() });
    expect(mins.code).toBe(0);
    const tiny = await runCli(["watch", "bc-done", "--interval", "0.0001s"], { env: env() });
    expect(tiny.code).toBe(2);
    expect(tiny.stderr).toContain("must be 0 or at least 1ms");
  });

  it("mock-server prints the export line to paste on stderr; pasted, a first list works", async () => {
    const open = await startMockServer(["--scenario", "success"]);
    try {
      await expect.poll(() => open.stderr()).toContain("export ");
      const line = open.stderr().split("\n")[0] as string;
      expect(line).toBe(`export BCS_ENDPOINT=${open.url} BCS_PROJECT_ID=demo-project BCS_TOKEN=sim-token`);
      const vars = Object.fromEntries(
        line
          .replace(/^export /, "")
          .split(" ")
          .map((kv) => kv.split("=", 2) as [string, string]),
      );
      const r = await runCli(["list", "--json"], { env: vars });
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('"marbles"');
    } finally {
      await open.stop();
    }
    // With --token, that token is a secret: the line names it, never shows it.
    expect(sim.stderr().split("\n")[0]).toBe(
      `export BCS_ENDPOINT=${sim.url} BCS_PROJECT_ID=demo-project  # and BCS_TOKEN=<the --token value>`,
    );
  });

  it("--token-file /dev/null is not a file to chmod", async () => {
    const r = await runCli(["config", "--token-file", "/dev/null", "--region", "cn-north-4"], { env: {} });
    expect(r.stderr).not.toContain("chmod");
    expect(r.stdout).toContain("problem: token file /dev/null (--token-file) is empty");
    expect(r.code).toBe(2);
  });

  it.each([40, 60, 80])(
    "a Chinese detail wrapped at %i columns: no line starts with closing punctuation nor ends with opening",
    async (cols) => {
      const r = await runCli(["get", "bc-zh", "--no-color"], { env: env({ COLUMNS: String(cols) }) });
      expect(r.code).toBe(0);
      const lines = stripVTControlCharacters(r.stdout)
        .split("\n")
        .map((l) => l.trim());
      const text = lines.join("");
      // The detail is there whole (failed details are never cut).
      for (const piece of ["创建CCE集群失败", "详情请参见（帮助中心）。"]) expect(text).toContain(piece);
      for (const line of lines) {
        expect(line, r.stdout).not.toMatch(/^[，。、：；！？）」』】]/);
        expect(line, r.stdout).not.toMatch(/[（「『【]$/);
      }
    },
  );

  it.skipIf(process.getuid?.() !== 0)("as root, --summary-file under /proc or /sys is refused at once, before any request", async () => {
    for (const file of ["/proc/nope/x.md", "/sys/nope/x.md"]) {
      const before = (await sim.stats()).requests;
      const r = await runCli(["get", "bc-done", "--summary-file", file], { env: env(), timeoutMs: 5000 });
      expect(r.signal, `${file} was still running after 5 s`).toBeNull();
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`cannot write --summary-file ${file}: cannot make folder ${file.slice(0, file.lastIndexOf("/"))}`);
      expect((await sim.stats()).requests).toBe(before);
    }
  });

  it("--summary-file in folders that do not exist yet still works (the check makes and removes the first one)", async () => {
    const file = join(dir, "new", "deeper", "summary.md");
    const r = await runCli(["get", "bc-done", "--summary-file", file], { env: env() });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
  });
});
