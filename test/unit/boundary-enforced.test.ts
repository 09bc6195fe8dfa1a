/**
 * The output boundary is structural: nothing under src/ but system.ts reaches
 * the process's streams, and nothing but the boundary's file writer (and the
 * token cache, whose job is to hold the token) writes a file. The lint rule
 * (biome.json, noRestrictedGlobals / noConsole / noRestrictedImports) fails
 * `npm test` on a direct write; this test proves the rule fires, and scans the
 * sources for the ways around it that a lint rule on globals cannot see.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const biome = path.join(root, "node_modules", ".bin", "biome");

function sources(dir = path.join(root, "src")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : [],
  );
}
const rel = (f: string) => path.relative(root, f).split(path.sep).join("/");
const code = (f: string) =>
  readFileSync(f, "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/^\s*\/\/.*$/gm, "");

const work = mkdtempSync(path.join(tmpdir(), "bcs-lint-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Lints one file placed at `where` in a copy of the project's lint setup; returns whether biome refused it. */
function lintRefuses(where: string, text: string): boolean {
  const dir = mkdtempSync(path.join(work, "case-"));
  cpSync(path.join(root, "biome.json"), path.join(dir, "biome.json"));
  const config = JSON.parse(readFileSync(path.join(dir, "biome.json"), "utf8"));
  delete config.$schema;
  writeFileSync(path.join(dir, "biome.json"), JSON.stringify(config));
  mkdirSync(path.dirname(path.join(dir, where)), { recursive: true });
  writeFileSync(path.join(dir, where), text);
  try {
    execFileSync(biome, ["lint", where], { cwd: dir, stdio: "pipe", timeout: 30_000 });
    return false;
  } catch {
    return true;
  }
}

describe("the output boundary cannot be bypassed", () => {
  it("the lint rule refuses process.stderr, console and node:process in a command, and allows them in system.ts", () => {
    const direct = 'export function f(): void {\n  process.stderr.write("x\\n");\n}\n';
    expect(lintRefuses("src/commands/leak.ts", direct)).toBe(true);
    expect(lintRefuses("src/render/leak.ts", 'export function f(): void {\n  console.error("x");\n}\n')).toBe(true);
    expect(
      lintRefuses("src/watch/leak.ts", 'import { stderr } from "node:process";\n\nexport function f(): void {\n  stderr.write("x");\n}\n'),
    ).toBe(true);
    expect(lintRefuses("src/system.ts", direct)).toBe(false);
  });

  it("no source but system.ts names the process or the console", () => {
    const offenders = sources()
      .filter((f) => rel(f) !== "src/system.ts")
      .filter((f) => /\bprocess\s*\.|\bconsole\s*\.|from "node:(?:process|tty)"/.test(code(f)))
      .map(rel);
    expect(offenders).toEqual([]);
  });

  it("files are written only through the boundary's file writer (and the token cache, which holds the token by design)", () => {
    const allowed = new Set(["src/output/node-files.ts", "src/auth/token-cache.ts"]);
    const offenders = sources()
      .filter((f) => !allowed.has(rel(f)))
      .filter((f) => /\b(?:writeFile|appendFile|createWriteStream|writeSync|appendFileSync|writeFileSync)\b/.test(code(f)))
      .map(rel);
    expect(offenders).toEqual([]);
  });

  it("the spinner library gets the boundary's stream adapter, never a real stream", () => {
    const users = sources()
      .filter((f) => /from "ora"|import\("ora"\)/.test(code(f)))
      .map(rel);
    expect(users).toEqual(["src/watch/report/spinner.ts"]);
    expect(code(path.join(root, "src/watch/report/spinner.ts"))).toMatch(/stream: spinnerStream\(err\)/);
  });

  it("no source but system.ts takes time from anywhere but deps: no timers, no AbortSignal.timeout", () => {
    const offenders = sources()
      .filter((f) => rel(f) !== "src/system.ts")
      .filter((f) => /(?<![.\w])(?:setTimeout|setInterval|setImmediate)\s*\((?!\s*\w+\s*:)|AbortSignal\.timeout\b/.test(code(f)))
      .map(rel);
    expect(offenders).toEqual([]);
  });

  it("OutStream offers no raw stream", () => {
    expect(code(path.join(root, "src/io.ts"))).not.toMatch(/\braw\??:\s*NodeJS/);
  });
});
