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

/**
 * The arguments of `.write(` calls in `text` that hold a workflow command: a
 * string or template starting with `::`, or a call of one of render/github.ts's
 * command builders. An argument is read up to its closing parenthesis.
 */
function writesOfCommands(text: string, builders: readonly string[]): string[] {
  const calls = new RegExp(`\\b(?:${builders.join("|")})\\s*\\(`);
  const found: string[] = [];
  for (const m of text.matchAll(/\.write\(/g)) {
    let depth = 1;
    let end = (m.index ?? 0) + m[0].length;
    while (end < text.length && depth > 0) {
      const c = text[end];
      if (c === "(") depth++;
      else if (c === ")") depth--;
      end++;
    }
    const arg = text.slice((m.index ?? 0) + m[0].length, end - 1);
    if (/^\s*["'`]\s*::/.test(arg) || calls.test(arg)) found.push(arg.trim());
  }
  return found;
}

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
    expect(lintRefuses("src/cli/system.ts", direct)).toBe(false);
  });

  it("no source but system.ts names the process or the console", () => {
    const offenders = sources()
      .filter((f) => rel(f) !== "src/cli/system.ts")
      .filter((f) => /\bprocess\s*\.|\bconsole\s*\.|from "node:(?:process|tty)"/.test(code(f)))
      .map(rel);
    expect(offenders).toEqual([]);
  });

  it("files are written only through the boundary's file writer (and the token cache, which holds the token by design)", () => {
    // The history of durations holds no secret and no server text but cleaned resource names (history/records.ts).
    const allowed = new Set(["src/output/node-files.ts", "src/auth/token-cache.ts", "src/history/store.ts"]);
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
      .filter((f) => rel(f) !== "src/cli/system.ts")
      .filter((f) => /(?<![.\w])(?:setTimeout|setInterval|setImmediate)\s*\((?!\s*\w+\s*:)|AbortSignal\.timeout\b/.test(code(f)))
      .map(rel);
    expect(offenders).toEqual([]);
  });

  it("workflow commands go out only through OutStream.command(): no source writes one through write()", () => {
    const builders = [...readFileSync(path.join(root, "src/render/github.ts"), "utf8").matchAll(/export function (\w+)/g)]
      .map((m) => m[1] as string)
      .filter((name) => !name.startsWith("escape"));
    expect(builders).toEqual(expect.arrayContaining(["errorCommand", "warningCommand", "groupStart", "groupEnd"]));
    const offenders = sources()
      .filter((f) => rel(f) !== "src/render/github.ts")
      .flatMap((f) => writesOfCommands(code(f), builders).map((w) => `${rel(f)}: ${w}`));
    expect(offenders).toEqual([]);
    // The scan sees what it is for: a command written through write(), as a literal or from a builder (`#{` is `${`).
    const sample = (t: string) => t.replaceAll("#{", "$" + "{");
    expect(writesOfCommands('io.stderr.write("::warning::x\\n");', builders)).toHaveLength(1);
    expect(writesOfCommands(sample("err.write(`#{groupStart(`BCS #{id}`)}\\n`);"), builders)).toHaveLength(1);
    expect(writesOfCommands(sample("io.stderr.write(\n  `#{errorCommand(t, m)}\\n`,\n);"), builders)).toHaveLength(1);
    expect(writesOfCommands(sample("io.stderr.command(errorCommand(t, m)); err.write(`#{text}\\n`);"), builders)).toEqual([]);
  });

  it("OutStream offers no raw stream", () => {
    // Checked where OutStream is declared, whichever file that is (src/deps/io.ts only re-exports it).
    const owners = sources().filter((f) => /export interface OutStream\b/.test(code(f)));
    expect(owners.map(rel)).toHaveLength(1);
    const body = /export interface OutStream\b[^{]*\{([\s\S]*?)\n\}/.exec(code(owners[0] as string))?.[1] ?? "";
    expect(body).toMatch(/\bwrite\(text: string\): void/);
    expect(body).not.toMatch(/\braw\??:|NodeJS\.|WriteStream|Writable/);
  });
});
