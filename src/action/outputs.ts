import type { Overall, QueryResult } from "../status/model.js";

/** From least to most worrying: `overall` is the last of these that any blockchain ended in. */
const SEVERITY: readonly Overall[] = ["finished", "deploying", "waiting", "unknown", "failed"];

/** The worst state of the run's blockchains; one whose query failed counts as `unknown`, and so does a run with none. */
export function worstState(results: readonly QueryResult[]): Overall {
  let worst = -1;
  for (const r of results) worst = Math.max(worst, SEVERITY.indexOf(r.ok ? r.status.overall : "unknown"));
  return SEVERITY[worst] ?? "unknown";
}

/**
 * Outputs in `$GITHUB_OUTPUT`'s multi-line form (`name<<DELIM`, the value, `DELIM`), one
 * delimiter per value from `delimiter()` (random), refused and drawn again while the value
 * holds it, so no value can end its own entry early and set another output.
 */
export function outputFileText(outputs: Readonly<Record<string, string>>, delimiter: () => string): string {
  let text = "";
  for (const [name, value] of Object.entries(outputs)) {
    let delim = delimiter();
    for (let tries = 1; value.includes(delim) || name.includes(delim); tries++) {
      if (tries >= 10) throw new Error(`no delimiter found for output ${name}`);
      delim = delimiter();
    }
    text += `${name}<<${delim}\n${value}\n${delim}\n`;
  }
  return text;
}
