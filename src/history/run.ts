/**
 * One run's use of the history: read once, lazily (only when an answer has a
 * resource not yet ended), and written at the end with what ended. A history
 * that cannot be read or written never changes what the run does or its exit
 * code: `--verbose` says why.
 */
import type { BlockchainStatus } from "../status/model.js";
import { expectationsOf } from "./eta.js";
import { type Expected, expectationOf } from "./percentiles.js";
import { recordsOf } from "./records.js";
import { appendHistory, type HistoryRecord, readHistory } from "./store.js";

export interface RunHistoryOptions {
  file: string;
  key: string;
  now(): number;
  sleep(ms: number): Promise<void>;
  /** --verbose: one line per problem with the file. */
  trace?: (line: string) => void;
}

/** Each resource's expectation in one key (region or host), from its finished durations. */
export function expectationsByResource(records: readonly HistoryRecord[], key: string): Map<string, Expected> {
  const durations = new Map<string, number[]>();
  for (const r of records) {
    if (r.key !== key || r.outcome !== "finished") continue;
    const list = durations.get(r.resource) ?? [];
    list.push(r.duration_ms);
    durations.set(r.resource, list);
  }
  const out = new Map<string, Expected>();
  for (const [name, list] of durations) {
    const e = expectationOf(list);
    if (e) out.set(name, e);
  }
  return out;
}

function why(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code && !e.message.includes(e.code) ? `${e.code}: ${e.message}` : (e.message ?? String(err));
}

export interface RunHistory {
  /** Sets `s.expected` when s has a resource not yet ended (the file is read at the first such answer). */
  annotate(s: BlockchainStatus): Promise<void>;
  /** Writes what ended in these answers (once per deployment and resource). */
  record(statuses: readonly BlockchainStatus[]): Promise<void>;
}

export function runHistory(o: RunHistoryOptions): RunHistory {
  let known: Promise<Map<string, Expected>> | null = null;
  const load = () => {
    known ??= readHistory(o.file).then(
      (records) => expectationsByResource(records, o.key),
      (err: unknown) => {
        o.trace?.(`history: cannot read ${o.file} (${why(err)}); going on without it`);
        return new Map<string, Expected>();
      },
    );
    return known;
  };
  return {
    async annotate(s) {
      // Nothing to expect of an answer where everything ended: the file is not read for it (once read, it is used).
      if (known === null && !s.resources.some((r) => r.status !== "finished" && r.status !== "failed")) return;
      const expected = await load();
      if (expected.size > 0) s.expected = expectationsOf(s, expected, o.now());
    },
    async record(statuses) {
      const records = statuses.flatMap((s) => recordsOf(s, o.key));
      if (records.length === 0) return;
      try {
        const n = await appendHistory(o.file, records, o);
        o.trace?.(`history: ${n} new duration${n === 1 ? "" : "s"} recorded in ${o.file}`);
      } catch (err) {
        o.trace?.(`history: cannot write ${o.file} (${why(err)}); going on without it`);
      }
    },
  };
}
