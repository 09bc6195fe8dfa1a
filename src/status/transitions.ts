import type { BlockchainStatus, ShownName } from "./model.js";

/** A resource whose state changed between two polls. `from` is null the first time a resource appears. */
export interface Transition {
  blockchain_id: string;
  /** The blockchain's name, when it was looked up by one. */
  name?: string;
  resource: ShownName;
  from: string | null;
  to: string;
  at: number;
  /** The resource's duration when it reached an end, else null. */
  duration_ms: number | null;
  detail: string;
}

/** What identifies a state: the overall state and each resource's status. */
export function stateKey(s: BlockchainStatus): string {
  return `${s.overall}|${s.resources.map((r) => `${r.name}=${r.status}`).join(",")}`;
}

/** The resources whose status differs from the previous poll (all present ones when there was none). */
export function transitions(prev: BlockchainStatus | null, next: BlockchainStatus): Transition[] {
  const before = new Map(prev?.resources.map((r) => [r.name, r.status]) ?? []);
  const out: Transition[] = [];
  for (const r of next.resources) {
    const from = before.get(r.name) ?? null;
    if (from === r.status) continue;
    out.push({
      blockchain_id: next.blockchain_id,
      ...(next.name === undefined ? {} : { name: next.name }),
      resource: r.name,
      from,
      to: r.status,
      at: next.checkedAt,
      duration_ms: r.duration_ms,
      detail: r.detail,
    });
  }
  return out;
}
