/**
 * The layout shows the architecture only if nothing imports in a circle (a DFS over src/'s static and
 * dynamic imports) and every import between folders points down the floors below (docs/ARCHITECTURE.md).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = fileURLToPath(new URL("../../src", import.meta.url));

function files(dir = src): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [path.join(dir, e.name)] : [],
  );
}

/** Relative imports of a file (type-only ones too: a type circle is still a circle of meaning), resolved to .ts paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*)"(\.{1,2}\/[^"]+)"/g)].map((m) => m[1] as string);
  return specs.map((s) => path.resolve(path.dirname(file), s.replace(/\.js$/, ".ts")));
}

describe("the import graph of src/", () => {
  it("has no circle", () => {
    const graph = new Map(files().map((f) => [f, importsOf(f)]));
    const state = new Map<string, "open" | "done">();
    const circles: string[] = [];
    const visit = (f: string, trail: string[]) => {
      if (state.get(f) === "done") return;
      if (state.get(f) === "open") {
        circles.push([...trail.slice(trail.indexOf(f)), f].map((x) => path.relative(src, x)).join(" -> "));
        return;
      }
      state.set(f, "open");
      for (const next of graph.get(f) ?? []) visit(next, [...trail, f]);
      state.set(f, "done");
    };
    for (const f of graph.keys()) visit(f, []);
    expect(circles).toEqual([]);
  });
});

/**
 * The floors of src/, top first. A folder imports only folders on floors below its own (never
 * one beside it or above). Moving a piece down a floor is the way to share it, never an import up.
 */
const FLOORS: readonly (readonly string[])[] = [
  ["cli", "action"], // the entries: the CLI (the commander program, the one module that touches the process) and the GitHub Action
  ["commands"], // one folder per command: its flags, typed options and run function; what they share
  ["watch", "completion"], // the poll loop and its reporters; the shell completion scripts
  ["simulator"], // the mock BCS and IAM server
  ["render"], // pure: data and a width to strings
  ["settings", "history"], // flags > env > profile > credentials file > defaults; settings to an API target; durations learned from past runs
  ["status"], // the model: normalise a response, overall state, transitions, the queries
  ["api"], // the BCS client: status and list calls
  ["auth"], // token, AK/SK signer, IAM login, token cache; the Authenticator the client uses
  ["http"], // undici stack, scheduler, retries, error bodies
  ["deps"], // what every command receives: IO, env, clock, timers, signal
  ["output"], // the boundary every byte leaves through
  ["util"], // text, widths, durations, capped reads, checks, typed errors
];
const floorOf = new Map(FLOORS.flatMap((folders, i) => folders.map((f) => [f, i] as const)));

const folderOf = (file: string) => path.relative(src, file).split(path.sep)[0] as string;

describe("the folders of src/", () => {
  it("each is on a floor (no source file at the root)", () => {
    const folders = [...new Set(files().map(folderOf))].sort();
    expect(folders.filter((f) => !floorOf.has(f))).toEqual([]);
  });

  it("import only folders on floors below their own", () => {
    const wrong: string[] = [];
    for (const f of files()) {
      for (const to of importsOf(f)) {
        const [a, b] = [folderOf(f), folderOf(to)];
        if (a === b) continue;
        if (!((floorOf.get(a) ?? -1) < (floorOf.get(b) ?? -1))) wrong.push(`${path.relative(src, f)} -> ${path.relative(src, to)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("api/ and auth/ import nothing from render/, settings/ or commands/, and auth/ nothing from api/", () => {
    const reach = (from: string) =>
      new Set(
        files()
          .filter((f) => folderOf(f) === from)
          .flatMap((f) => importsOf(f).map(folderOf)),
      );
    for (const low of ["api", "auth"])
      for (const high of ["render", "settings", "commands"]) expect(reach(low).has(high), `${low} -> ${high}`).toBe(false);
    expect(reach("auth").has("api")).toBe(false);
  });

  it("the check sees a wrong-way import", () => {
    expect((floorOf.get("api") ?? 0) < (floorOf.get("render") ?? 0)).toBe(false);
    expect((floorOf.get("commands") ?? 0) < (floorOf.get("util") ?? 0)).toBe(true);
  });
});
