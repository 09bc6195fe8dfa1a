import type { Deps } from "../../deps/deps.js";
import { terminalSafe } from "../../render/json.js";
import { SETTINGS } from "../../settings/definitions.js";
import type { Settings } from "../../settings/resolve.js";
import { chooseAuth, credentialWarnings, requireTarget } from "../../settings/target.js";
import { EXIT, UsageError } from "../../util/errors.js";
import { displayValue } from "../../util/text.js";
import { applyOutputFlags, diagnostics, resolveSettingsFor } from "../session.js";
import type { ConfigOptions } from "./command.js";

interface Row {
  name: string;
  value: string | null;
  source: string | null;
}

/** Which auth mode the settings select, or why none. */
function authMode(s: Settings): string {
  try {
    const a = chooseAuth(s);
    return a.mode === "token"
      ? "token"
      : a.mode === "aksk"
        ? a.securityToken
          ? "aksk (temporary, with security token)"
          : "aksk"
        : "password (IAM user login)";
  } catch (err) {
    if (err instanceof UsageError) return `none: ${err.message}`;
    throw err;
  }
}

/** What get and watch would refuse before any request with these settings (a bad id, http to another host…), or null. */
function whatGetWouldRefuse(s: Settings): string | null {
  try {
    requireTarget(s);
    return null;
  } catch (err) {
    if (err instanceof UsageError) return err.message;
    throw err;
  }
}

/** A problem reported is a usage error (exit 2), so `config` can check a config file in a pipeline. */
function exitFor(problem: string | null): number {
  return problem === null ? EXIT.ok : EXIT.usage;
}

/** `config`: every resolved setting with its source; secrets masked to their last 4 characters. */
export async function runConfig(flags: ConfigOptions, deps: Deps): Promise<number> {
  await applyOutputFlags({ color: flags.color }, deps);
  const diag = diagnostics(deps);
  // A token file that cannot be used is a problem under the table, not the only output.
  const problems: string[] = [];
  const settings = await resolveSettingsFor(flags, deps, diag, (line) => problems.push(line));
  const rows: Row[] = SETTINGS.map((def) => {
    const r = settings[def.key];
    return { name: def.key, value: r ? displayValue(def, r.value) : null, source: r ? r.source : null };
  });
  const mode = authMode(settings);
  for (const warning of credentialWarnings(settings)) diag(`bcs-status: ${warning}`);
  const refused = whatGetWouldRefuse(settings);
  // The auth mode line says already why there are no credentials; any other refusal is a problem line.
  const shown = [...problems, ...(refused !== null && !mode.endsWith(refused) ? [refused] : [])];
  const all = [...problems, ...(refused !== null ? [refused] : [])];
  const problem = all.length > 0 ? all.join("; ") : null;
  const out = deps.io.stdout;
  if (flags.json) {
    const doc = Object.fromEntries(rows.map((r) => [r.name, { value: r.value, source: r.source }]));
    out.write(`${terminalSafe(JSON.stringify({ settings: doc, auth_mode: mode, problem }))}\n`);
    return exitFor(problem);
  }
  const c = out.chalk;
  const width = Math.max(...rows.map((r) => r.name.length));
  const valueWidth = Math.max(5, ...rows.map((r) => (r.value ?? "-").length));
  const lines = rows.map((r) => {
    const value = r.value === null ? c.dim("-".padEnd(valueWidth)) : r.value.padEnd(valueWidth);
    return `${r.name.padEnd(width)}  ${value}  ${c.dim(r.source ?? "not set")}`;
  });
  out.write(
    `${c.bold("SETTING".padEnd(width))}  ${c.bold("VALUE".padEnd(valueWidth))}  ${c.bold("SOURCE")}\n${lines.join("\n")}\n\n${c.bold("auth mode")}: ${mode}\n${shown.map((p) => `${c.bold("problem")}: ${p}\n`).join("")}`,
  );
  return exitFor(problem);
}
