/**
 * Every module the tool imports lazily (each `import("…")` in src/), loaded
 * before any test runs. Under vitest a first dynamic import waits on the
 * runner's process in real time, which the fake clock cannot see: it would
 * take that wait for "everything is waiting" and jump to the next timer (a
 * watch's deadline) mid-import. Found by reading src/, so a lazy import added
 * later is covered without a list to keep.
 */
// chalk and ora first and statically: loaded in one Promise.all with the rest, a spinner test's first
// watch saw no answer before its deadline (the load order matters; why is not known yet).
import "chalk";
import "ora";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const src = fileURLToPath(new URL("../../src", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [path.join(dir, e.name)] : [],
  );
}

const lazy = new Set<string>();
for (const file of sources(src)) {
  for (const m of readFileSync(file, "utf8").matchAll(/\bimport\(\s*"([^"]+)"\s*\)/g)) {
    const spec = m[1] as string;
    lazy.add(spec.startsWith(".") ? pathToFileURL(path.resolve(path.dirname(file), spec.replace(/\.js$/, ".ts"))).href : spec);
  }
}
for (const spec of lazy) await import(spec);
