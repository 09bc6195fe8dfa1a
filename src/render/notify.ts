import type { BlockchainStatus } from "../status/model.js";
import { deploymentAge } from "../status/summary.js";
import { formatDuration } from "../util/duration.js";
import { shortLabel } from "./names.js";

/** How one id's watch ended, as much as a notification says of it. */
export interface Ended {
  id: string;
  /** The blockchain's name, when it was looked up by one. */
  name?: string | undefined;
  kind: string;
  status: BlockchainStatus | null;
}

/** ` in 12m00s`: the deployment's age (docs/OUTPUT.md, elapsed time), the figure the table shows. */
function took(status: BlockchainStatus | null, word: string): string {
  const ms = status ? deploymentAge(status) : null;
  return ms === null ? "" : ` ${word} ${formatDuration(ms)}`;
}

function one(ended: Ended, watchedMs: number): string {
  // A named blockchain is told by its name: the notification is for the person who typed it.
  const o = { ...ended, id: shortLabel({ blockchain_id: ended.id, name: ended.name ?? ended.status?.name }) };
  switch (o.kind) {
    case "finished":
      return `${o.id} finished${took(o.status, "in")}`;
    case "failed": {
      const names = o.status?.resources.filter((r) => r.status === "failed").map((r) => r.name) ?? [];
      return `${o.id} failed${names.length > 0 ? ` (${names.join(", ")})` : ""}${took(o.status, "after")}`;
    }
    case "timeout":
      return `${o.id} timed out after ${formatDuration(watchedMs)} of watching`;
    case "error":
      return `${o.id} ended in an error`;
    case "stopped":
      return `${o.id} stopped`;
    default:
      return `${o.id} ${o.kind}`;
  }
}

/**
 * The text of watch --notify's desktop notification: the outcome of each id,
 * e.g. `bcs-status: bc-1 finished in 12m00s`. The output boundary cleans,
 * masks and caps it (OutStream.notify).
 */
export function notificationText(outcomes: readonly Ended[], watchedMs: number): string {
  return `bcs-status: ${outcomes.map((o) => one(o, watchedMs)).join("; ")}`;
}
