import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseEnv, type MockServer, SECRETS, startMockServer } from "../helpers/cli.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), "bcs-pack-"));
const prefix = path.join(work, "prefix");
let tarball = "";
let sim: MockServer;

const npm = (args: string[]) =>
  execFileSync("npm", args, {
    cwd: work,
    encoding: "utf8",
    env: { ...process.env, npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" },
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 120_000,
  });

beforeAll(async () => {
  // `npm pack` of the working tree as `npm test` built it (--ignore-scripts: rebuilding
  // dist/ here would pull it from under the other end-to-end tests running alongside).
  const out = npm(["pack", root, "--json", "--ignore-scripts", "--pack-destination", work]);
  tarball = path.join(work, JSON.parse(out)[0].filename);
  npm(["install", "-g", "--prefix", prefix, "--offline", tarball]);
  sim = await startMockServer(["--token", SECRETS.token]);
}, 180_000);
afterAll(async () => {
  await sim?.stop();
});

const installed = () => path.join(prefix, "bin", "bcs-status");

describe("the packed tarball", () => {
  it("holds only what is needed", () => {
    const files: string[] = JSON.parse(
      execFileSync("npm", ["pack", root, "--dry-run", "--json", "--ignore-scripts"], { cwd: work, encoding: "utf8", timeout: 120_000 }),
    )[0].files.map((f: { path: string }) => f.path);
    expect(files).toContain("bin/bcs-status.js");
    expect(files).toContain("dist/cli.js");
    expect(files).toEqual(
      expect.arrayContaining([
        "completions/bcs-status.bash",
        "completions/_bcs-status",
        "completions/bcs-status.fish",
        "README.md",
        "package.json",
      ]),
    );
    expect(files.filter((f) => f.startsWith("src/") || f.startsWith("test/") || f.startsWith("node_modules/"))).toEqual([]);
  });

  it("installs into an empty prefix without dependencies and runs --version", () => {
    expect(existsSync(installed())).toBe(true);
    // Everything is bundled: the install pulls in no node_modules of its own.
    const pkgDir = path.join(prefix, "lib", "node_modules", "bcs-status");
    expect(existsSync(path.join(pkgDir, "node_modules")) ? readdirSync(path.join(pkgDir, "node_modules")) : []).toEqual([]);
    const version = execFileSync(installed(), ["--version"], { encoding: "utf8", env: baseEnv() }).trim();
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("runs a get against mock-server", () => {
    const out = execFileSync(installed(), ["get", "bc-pack-1", "--json"], {
      encoding: "utf8",
      env: baseEnv({ BCS_ENDPOINT: sim.url, BCS_PROJECT_ID: "proj-pack", BCS_TOKEN: SECRETS.token }),
      timeout: 20_000,
    });
    expect(JSON.parse(out).blockchain_id).toBe("bc-pack-1");
    expect(out).not.toContain(SECRETS.token);
  });
});
