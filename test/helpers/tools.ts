import { spawnSync } from "node:child_process";

/** A program some tests need from the machine (a real shell, `script`, openssl). */
export interface Tool {
  /** The program, and the Debian package that has it. */
  readonly name: string;
  readonly pkg: string;
  readonly missing: boolean;
  /** For `skipIf`: skip only when the tool is missing and this is not CI. */
  readonly skip: boolean;
  /** For a title: "" when present, else " (skipped: needs zsh: apt-get install zsh)". */
  readonly note: string;
  /** In a test or `beforeAll`: under CI=true, a missing tool fails the test (CI installs it; see .ci/run); else a no-op. */
  check(): void;
}

const warned = new Set<string>();

/**
 * Whether `name` runs (`name ...probe` exits 0). Locally a missing tool skips the
 * tests that need it, with a note saying which package to install; under CI=true
 * it fails them instead, so a CI run never passes by skipping.
 */
export function needsTool(name: string, pkg: string, probe: string[] = ["--version"]): Tool {
  const r = spawnSync(name, probe, { stdio: "ignore", timeout: 10_000 });
  const missing = r.error !== undefined || r.status !== 0;
  const ci = process.env.CI === "true";
  const hint = `needs ${name}: apt-get install ${pkg}`;
  if (missing && !ci && !warned.has(name)) {
    warned.add(name);
    console.warn(`bcs-status tests: ${name} is not installed; the tests that need it are skipped (apt-get install ${pkg})`);
  }
  return {
    name,
    pkg,
    missing,
    skip: missing && !ci,
    note: missing ? ` (${ci ? "fails" : "skipped"}: ${hint})` : "",
    check() {
      if (missing && ci)
        throw new Error(`${name} is not installed, and CI=true: CI must run these tests (apt-get install ${pkg}, as .ci/run does)`);
    },
  };
}
