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
  /** Reads the file (once): get does so only for an answer with a resource not yet ended, watch before its first poll. */
  load(): Promise<void>;
  /** Sets `s.expected` from what load() read (nothing before it): synchronous, so it never reorders a watch's events. */
  annotate(s: BlockchainStatus): void;
  /** Keeps what ended in this answer for flush(): a few numbers per resource, never the answer itself. */
  collect(s: BlockchainStatus): void;
  /** Writes what collect() kept (once per deployment and resource). */
  flush(): Promise<void>;
  /** collect() each answer, then flush(). */
  record(statuses: readonly BlockchainStatus[]): Promise<void>;
}

export function runHistory(o: RunHistoryOptions): RunHistory {
  let reading: Promise<void> | null = null;
  let expected = new Map<string, Expected>();
  const pending: HistoryRecord[] = [];
  return {
    load() {
      reading ??= readHistory(o.file).then(
        (records) => {
          expected = expectationsByResource(records, o.key);
        },
        (err: unknown) => {
          o.trace?.(`history: cannot read ${o.file} (${why(err)}); going on without it`);
        },
      );
      return reading;
    },
    annotate(s) {
      if (expected.size > 0) s.expected = expectationsOf(s, expected, o.now());
    },
    collect(s) {
      for (const r of recordsOf(s, o.key)) pending.push(r);
    },
    async flush() {
      const records = pending.splice(0);
      if (records.length === 0) return;
      try {
        const n = await appendHistory(o.file, records, o);
        o.trace?.(`history: ${n} new duration${n === 1 ? "" : "s"} recorded in ${o.file}`);
      } catch (err) {
        o.trace?.(`history: cannot write ${o.file} (${why(err)}); going on without it`);
      }
    },
    record(statuses) {
      for (const s of statuses) this.collect(s);
      return this.flush();
    },
  };
}
