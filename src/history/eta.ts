import type { BlockchainStatus, Expectations } from "../status/model.js";
import type { Expected } from "./percentiles.js";

/** Resources that have not ended: deploying (started) or waiting, and any other status that is not terminal. */
function unended(status: string): boolean {
  return status !== "finished" && status !== "failed";
}

/**
 * When the last unfinished resource of a deploying blockchain is expected to
 * end, in epoch ms, or null: each started one at its start plus its median
 * (one past its median ends now), then the waiting ones one after another,
 * each taking its median. Any unfinished resource without a history means no
 * ETA. Never before `now`.
 */
export function etaOf(s: BlockchainStatus, expected: ReadonlyMap<string, Expected>, now: number): number | null {
  if (s.overall !== "deploying") return null;
  let startedEnd = now;
  let queued = 0;
  let any = false;
  for (const r of s.resources) {
    if (!unended(r.status)) continue;
    const e = expected.get(r.name);
    if (!e) return null;
    any = true;
    if (r.status === "waiting") queued += e.p50;
    else startedEnd = Math.max(startedEnd, (r.startMs ?? now) + e.p50);
  }
  return any ? startedEnd + queued : null;
}

/**
 * The expectations of one answer: each resource of it that has a history (the
 * Markdown summary shows them beside finished durations too; --json and the
 * table only for those not yet ended), and the ETA.
 */
export function expectationsOf(s: BlockchainStatus, expected: ReadonlyMap<string, Expected>, now: number): Expectations {
  const resources = new Map<string, Expected>();
  for (const r of s.resources) {
    const e = expected.get(r.name);
    if (e) resources.set(r.name, e);
  }
  return { resources, eta: etaOf(s, expected, now) };
}
