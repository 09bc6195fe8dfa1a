import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const read = (f: string) => JSON.parse(readFileSync(new URL(`../../${f}`, import.meta.url), "utf8"));

describe("package.json's install-script policy", () => {
  it("allowScripts names exactly the packages of the lock file that have an install script (npm warns about any other)", () => {
    const pkg = read("package.json") as { allowScripts?: Record<string, boolean> };
    const lock = read("package-lock.json") as { packages: Record<string, { hasInstallScript?: boolean }> };
    const withScripts = Object.entries(lock.packages)
      .filter(([, p]) => p.hasInstallScript)
      .map(([where]) => where.slice(where.lastIndexOf("node_modules/") + "node_modules/".length));
    expect(Object.keys(pkg.allowScripts ?? {}).sort()).toEqual([...new Set(withScripts)].sort());
  });

  it("esbuild's postinstall stays off: the build uses its platform package's binary without it", () => {
    expect(read("package.json").allowScripts.esbuild).toBe(false);
  });

  it("npm pack builds dist/ first (prepack), so a tarball never ships a stale build", () => {
    expect(read("package.json").scripts.prepack).toBe("node scripts/build.mjs");
  });
});
