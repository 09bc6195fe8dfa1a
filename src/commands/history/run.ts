import type { Deps } from "../../deps/deps.js";
import { clearHistory, historyPath, readHistory } from "../../history/store.js";
import { historyRows } from "../../history/summary.js";
import { renderHistoryTable } from "../../render/history-table.js";
import { terminalSafe } from "../../render/json.js";
import { EXIT } from "../../util/errors.js";
import { lineWidth } from "../../util/width.js";
import { tz } from "../results.js";
import { applyOutputFlags, diagnostics } from "../session.js";
import type { HistoryOptions } from "./command.js";

/**
 * `history`: what the tool has learned of resource durations, one row per
 * region (or endpoint host) and resource; `--clear` deletes the file. A
 * history that cannot be read is an error here (exit 5): reading it is all
 * this command does.
 */
export async function runHistory(flags: HistoryOptions, deps: Deps): Promise<number> {
  const { ascii } = await applyOutputFlags(flags, deps);
  const diag = diagnostics(deps);
  const file = historyPath(deps.env, deps.homedir);
  if (flags.clear) {
    try {
      const had = await clearHistory(file);
      diag(had ? `bcs-status: history cleared (${file})` : `bcs-status: no history to clear (${file})`);
      return EXIT.ok;
    } catch (err) {
      diag(`bcs-status: cannot clear ${file}: ${(err as Error).message}`);
      return EXIT.api;
    }
  }
  let rows: ReturnType<typeof historyRows>;
  try {
    rows = historyRows(await readHistory(file));
  } catch (err) {
    diag(`bcs-status: cannot read ${file}: ${(err as Error).message}`);
    return EXIT.api;
  }
  if (flags.json) {
    const lines = rows.map((r) =>
      terminalSafe(
        JSON.stringify({
          region: r.region,
          resource: r.resource,
          samples: r.samples,
          failed: r.failed,
          p25: r.expected?.p25 ?? null,
          p50: r.expected?.p50 ?? null,
          p75: r.expected?.p75 ?? null,
          p90: r.expected?.p90 ?? null,
          last_seen: r.lastSeen === null ? null : new Date(r.lastSeen).toISOString(),
        }),
      ),
    );
    deps.io.stdout.write(lines.map((l) => `${l}\n`).join(""));
    return EXIT.ok;
  }
  if (rows.length === 0) {
    diag(`bcs-status: no history yet (${file}): get and watch record each resource's duration as it ends`);
    return EXIT.ok;
  }
  deps.io.stdout.write(renderHistoryTable(rows, { width: lineWidth(deps.io.stdout, deps.env), ascii, now: deps.now(), ...tz(deps) }));
  return EXIT.ok;
}
