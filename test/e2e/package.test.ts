import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseEnv, type MockServer, SECRETS, startMockServer } from "../helpers/cli.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), "bcs-pack-"));
const prefix = path.join(work, "prefix");
let tarball = "";
let packed: string[] = [];
let installErr = "";
let sim: MockServer;

/** npm, with its output: a non-zero exit fails the test with npm's own stderr. */
const npm = (args: string[]) => {
  const r = spawnSync("npm", args, {
    cwd: work,
    encoding: "utf8",
    env: { ...process.env, npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" },
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`npm ${args.join(" ")} exited ${r.status ?? r.signal}: ${r.error?.message ?? r.stderr}`);
  return r;
};

beforeAll(async () => {
  // `npm pack` of the working tree as `npm test` built it (--ignore-scripts: rebuilding
  // dist/ here would pull it from under the other end-to-end tests running alongside).
  const [pack] = JSON.parse(npm(["pack", root, "--json", "--ignore-scripts", "--pack-destination", work]).stdout);
  tarball = path.join(work, pack.filename);
  packed = pack.files.map((f: { path: string }) => f.path);
  installErr = npm(["install", "-g", "--prefix", prefix, "--offline", tarball]).stderr;
  sim = await startMockServer(["--token", SECRETS.token]);
}, 180_000);
afterAll(async () => {
  await sim?.stop();
});

const installed = () => path.join(prefix, "bin", "bcs-status");

describe("the packed tarball", () => {
  it("holds only what is needed", () => {
    const files = packed;
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

  it("carries no install script (preinstall, install, postinstall, prepare); the clone's build hook does nothing in the package", () => {
    const pkgDir = path.join(prefix, "lib", "node_modules", "bcs-status");
    const { scripts = {} } = JSON.parse(readFileSync(path.join(pkgDir, "package.json"), "utf8")) as { scripts?: Record<string, string> };
    const lifecycle = ["preinstall", "install", "postinstall", "prepare", "preprepare", "postprepare"];
    expect(Object.keys(scripts).filter((k) => lifecycle.includes(k))).toEqual([]);
    // `dependencies` builds a clone on `npm install`; npm runs it only in a root project, never for an
    // installed package, and even run there by hand it finds no scripts/ and does nothing.
    const hook = scripts.dependencies;
    if (hook !== undefined) {
      const before = readdirSync(pkgDir).sort();
      execFileSync("sh", ["-c", hook], { cwd: pkgDir, stdio: "pipe", timeout: 30_000 });
      expect(readdirSync(pkgDir).sort()).toEqual(before);
    }
  });

  it("installs globally with no warning from npm (none about install scripts or allowScripts)", () => {
    expect(installErr.split("\n").filter((l) => /warn|allowScripts|install-scripts/i.test(l))).toEqual([]);
  });

  it("installs into an empty prefix without dependencies and runs --version", () => {
    expect(existsSync(installed())).toBe(true);
    // Everything is bundled: the install pulls in no node_modules of its own.
    const pkgDir = path.join(prefix, "lib", "node_modules", "bcs-status");
    expect(existsSync(path.join(pkgDir, "node_modules")) ? readdirSync(path.join(pkgDir, "node_modules")) : []).toEqual([]);
    const version = execFileSync(installed(), ["--version"], { encoding: "utf8", env: baseEnv() }).trim();
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("from a clone not yet built, the bin says to build, in one line, exit 2", () => {
    const clone = path.join(work, "clone");
    mkdirSync(path.join(clone, "bin"), { recursive: true });
    for (const f of ["bcs-status.js", "package.json"]) copyFileSync(path.join(root, "bin", f), path.join(clone, "bin", f));
    const r = spawnSync(process.execPath, [path.join(clone, "bin", "bcs-status.js"), "--version"], { encoding: "utf8", env: baseEnv() });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("bcs-status: dist/ is not built: run npm run build\n");
  });

  it("ships bin/ and dist/ as CommonJS that runs strict, naming no folder of the machine that built it", () => {
    expect(packed).toEqual(expect.arrayContaining(["bin/package.json", "dist/package.json"]));
    const pkgDir = path.join(prefix, "lib", "node_modules", "bcs-status");
    for (const dir of ["bin", "dist"])
      expect(JSON.parse(readFileSync(path.join(pkgDir, dir, "package.json"), "utf8")).type).toBe("commonjs");
    const chunks = packed.filter((f) => f.startsWith("dist/") && f.endsWith(".js"));
    expect(chunks.length).toBeGreaterThan(10);
    for (const f of chunks) {
      const text = readFileSync(path.join(pkgDir, f), "utf8");
      // ES modules are strict: the CommonJS the build turns them into must be too.
      expect(text.startsWith('"use strict";'), f).toBe(true);
      expect(text.includes(root.replace(/\/$/, "")), f).toBe(false);
    }
  });

  it("help and help <command> exit 0 from the installed binary", () => {
    for (const args of [["help"], ["help", "get"], ["--help"]]) {
      const r = spawnSync(installed(), args, { encoding: "utf8", env: baseEnv() });
      expect(r.status, args.join(" ")).toBe(0);
      expect(r.stdout).toContain("Usage: bcs-status");
    }
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
