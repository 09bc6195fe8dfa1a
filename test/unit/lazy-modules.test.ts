/**
 * The build's stand-ins for modules a dependency requires at load but
 * rarely uses (scripts/build-plugins.mjs). Bundled here the way the build bundles
 * undici, in a fake undici/lib tree: nothing changes but when the real module
 * loads: undici's assert() loads node:assert only for a falsy value (and then
 * throws node's own AssertionError); a class still constructs real instances.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error: a build script, plain JavaScript without types
import { lazyModules, lazyModulesPlugin, transformOrFail } from "../../scripts/build-plugins.mjs";

const dir = mkdtempSync(path.join(tmpdir(), "bcs-lazy-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lib = path.join(dir, "node_modules", "undici", "lib");
mkdirSync(path.join(lib, "dispatcher"), { recursive: true });
writeFileSync(path.join(lib, "check.js"), "const assert = require('node:assert')\nmodule.exports = (v) => { assert(v); return 'ok' }\n");
writeFileSync(
  path.join(lib, "dispatcher", "socks5-proxy-agent.js"),
  "globalThis.socksLoaded = true\nclass Socks5ProxyAgent { constructor (url) { this.url = url } }\nmodule.exports = Socks5ProxyAgent\n",
);
writeFileSync(
  path.join(lib, "dispatcher", "proxy-agent.js"),
  "const Socks5ProxyAgent = require('./socks5-proxy-agent')\nmodule.exports = (url) => new Socks5ProxyAgent(url)\n",
);
const entry = path.join(dir, "entry.js");
writeFileSync(
  entry,
  `const check = require("./node_modules/undici/lib/check.js");
const proxy = require("./node_modules/undici/lib/dispatcher/proxy-agent.js");
const builtins = () => process.moduleLoadList.filter((m) => m === "NativeModule assert");
const out = { afterLoad: builtins().length, socksAtLoad: globalThis.socksLoaded === true };
out.truthy = check(1);
out.afterTruthy = builtins().length;
try { check(0) } catch (e) { out.thrown = [e.name, e.code] }
out.afterFalsy = builtins().length;
const agent = proxy("socks5://127.0.0.1:1080");
out.agent = [agent.constructor.name, agent.url, globalThis.socksLoaded === true];
process.stdout.write(JSON.stringify(out));
`,
);

describe("lazy stand-ins (scripts/build-plugins.mjs)", () => {
  it("load the real module only when it is really used, with the same results", async () => {
    const outfile = path.join(dir, "bundle.cjs");
    await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      format: "cjs",
      platform: "node",
      plugins: [lazyModules],
      logLevel: "silent",
    });
    const out = JSON.parse(execFileSync(process.execPath, [outfile], { encoding: "utf8" }));
    expect(out).toEqual({
      afterLoad: 0,
      socksAtLoad: false,
      truthy: "ok",
      afterTruthy: 0,
      thrown: ["AssertionError", "ERR_ASSERTION"],
      afterFalsy: 1,
      agent: ["Socks5ProxyAgent", "socks5://127.0.0.1:1080", true],
    });
  });
});

describe("the build fails loudly (scripts/build.mjs)", () => {
  it("a stand-in rule no import matched is named, so the build can refuse it", async () => {
    const lazy = lazyModulesPlugin();
    await build({
      entryPoints: [entry],
      outfile: path.join(dir, "unmatched.cjs"),
      bundle: true,
      format: "cjs",
      platform: "node",
      plugins: [lazy.plugin],
      logLevel: "silent",
    });
    // The fake tree has undici's assert and SOCKS5 agent, but neither commander nor undici's client.js.
    const stale: string[] = lazy.unmatched();
    expect(stale).toHaveLength(2);
    expect(stale.join("\n")).toMatch(/child_process/);
    expect(stale.join("\n")).toMatch(/client-h2/);
  });

  it("every stand-in rule matches in the real build's dependencies", async () => {
    const lazy = lazyModulesPlugin();
    await build({
      entryPoints: ["src/cli/cli.ts"],
      bundle: true,
      write: false,
      format: "esm",
      platform: "node",
      splitting: true,
      outdir: path.join(dir, "real"),
      plugins: [lazy.plugin],
      logLevel: "silent",
      define: { __VERSION__: '"0"' },
    });
    expect(lazy.unmatched()).toEqual([]);
  });

  it("a transform warning is an error: import.meta.url would become undefined in CommonJS", async () => {
    await expect(transformOrFail("export const here = import.meta.url;", { format: "cjs", loader: "js" })).rejects.toThrow(/import\.meta/);
    await expect(transformOrFail("export const x = 1;", { format: "cjs", loader: "js" })).resolves.toMatchObject({ warnings: [] });
  });
});
