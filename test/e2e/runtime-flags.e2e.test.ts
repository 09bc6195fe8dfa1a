/**
 * V8 flags the tool sets at run time (v8.setFlagsFromString): an unknown one prints an error to the
 * raw stderr and does nothing, so each must be known to the Node running the tests (20 and 24 in CI).
 * --liftoff-only is found in the built output (http/undici.ts sets it before undici's WebAssembly
 * parser compiles: measured, a get spends about half its CPU without it); the heap flags come from
 * heap-policy.ts (their effect is tested in heap-policy.e2e.test.ts).
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SMALL_HEAP_FLAGS } from "../../src/cli/heap-policy.js";

const chunks = fileURLToPath(new URL("../../dist/chunks/", import.meta.url));

/** The literal flags the built files pass to setFlagsFromString. */
function builtFlags(): string[] {
  const text = readdirSync(chunks)
    .map((f) => readFileSync(chunks + f, "utf8"))
    .join("\n");
  return [...text.matchAll(/setFlagsFromString\("(--[a-z0-9-]+)"\)/g)].map((m) => m[1] as string);
}

describe("runtime V8 flags", () => {
  it("the build sets --liftoff-only", () => {
    expect(builtFlags()).toContain("--liftoff-only");
  });

  it.each([...new Set(["--liftoff-only", ...SMALL_HEAP_FLAGS])])(
    "%s is known to this Node's V8: set at run time, nothing on stderr",
    (flag) => {
      const r = spawnSync(process.execPath, ["-e", `require("node:v8").setFlagsFromString(${JSON.stringify(flag)})`], {
        encoding: "utf8",
        timeout: 10_000,
      });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      // And an unknown one would be seen: V8 complains on stderr.
      const bad = spawnSync(process.execPath, ["-e", `require("node:v8").setFlagsFromString("--no-such-flag-bcs")`], {
        encoding: "utf8",
        timeout: 10_000,
      });
      expect(bad.stderr).toMatch(/no-such-flag-bcs/);
    },
  );
});
