import type { ChalkInstance } from "chalk";
import type { OutStream } from "../../deps/io.js";
import { longerText, pastUsual } from "../../render/expected.js";
import { cellWidth } from "../../render/fit.js";
import { shortLabel } from "../../render/names.js";
import { renderFirstState, renderHeartbeat, renderLongerThanUsual, renderTransition, wrapDiagnostic } from "../../render/progress.js";
import type { BlockchainStatus } from "../../status/model.js";
import { describeError } from "../../util/errors.js";
import { liveText } from "./live-text.js";
import type { Reporter } from "./reporter.js";
import type { Surface } from "./surface.js";

/** `bcs-status: <id>: <what happened> (<hint>)`, for an id whose watch ended in an error. */
export function errorLine(id: string, cause: unknown): string {
  return `bcs-status: ${id}: ${describeError(cause)}`;
}

/** Without human progress (--quiet, --json, --raw): only an id's error, on stderr, as soon as it ends in one. */
export function errorReporter(err: OutStream, width: () => number | undefined = () => undefined): Reporter {
  return {
    change() {},
    poll() {},
    transient() {},
    done(outcome) {
      if (outcome.kind === "error") err.write(`${wrapDiagnostic(errorLine(outcome.id, outcome.failure.cause), width())}\n`);
    },
    close() {},
  };
}

/** In CI, a line at most this often when nothing changes. */
export const HEARTBEAT_MS = 5 * 60_000;

export interface ProgressContext {
  ids: readonly string[];
  /** The names of the ids looked up by one (--name, --all): lines show the name. */
  names?: ReadonlyMap<string, string>;
  now(): number;
  startedAt: number;
  chalk: ChalkInstance;
  ascii: boolean;
  timeZone?: string;
  /** Cells a stderr line may take, read at each line (the terminal may be resized): util/width.ts. */
  width?: () => number | undefined;
  /** The terminal's height, for the live block of several ids (live-block.ts). */
  rows?: () => number | undefined;
}

/**
 * Human progress on stderr: the first state and each transition as a line,
 * an error as soon as an id ends in one; with a live surface (a spinner) a
 * status with every id's summary and retry notes, else a retry note once per
 * streak and a "still deploying" line at most every HEARTBEAT_MS.
 */
export function progressReporter(ctx: ProgressContext, surface: Surface): Reporter & { tick(): void } {
  const latest = new Map<string, BlockchainStatus>();
  const notes = new Map<string, string>();
  const ended = new Set<string>();
  let lastLineAt = ctx.startedAt;
  const width = () => ctx.width?.();
  const label = (id: string) => shortLabel({ blockchain_id: id, name: ctx.names?.get(id) }, ctx.ascii);
  // Several ids: each transition line's label is padded to the longest, so the resource names line up.
  // One id: its lines carry none (the first line names it).
  const single = ctx.ids.length === 1;
  const idWidth = single ? undefined : Math.max(...ctx.ids.map((id) => cellWidth(label(id))));
  const look = () => ({
    chalk: ctx.chalk,
    ascii: ctx.ascii,
    now: ctx.now(),
    width: width(),
    single,
    ...(idWidth !== undefined ? { idWidth } : {}),
    ...(ctx.timeZone ? { timeZone: ctx.timeZone } : {}),
  });
  // Each resource that runs past its 90th percentile is said once (in CI, one ::warning).
  const warned = new Set<string>();
  const warnLongerThanUsual = (status: BlockchainStatus) => {
    const x = status.expected;
    if (!x) return;
    for (const r of status.resources) {
      const usual = x.resources.get(r.name);
      const key = `${status.blockchain_id}\n${r.name}`;
      if (!usual || warned.has(key) || !pastUsual(r, usual, status.checkedAt)) continue;
      warned.add(key);
      if (surface.warn) surface.warn(status.blockchain_id, `${r.name}: ${longerText(usual, ctx.ascii)}`);
      else if (!surface.live) {
        const line = renderLongerThanUsual(status, r.name, look());
        if (line) surface.line(status.blockchain_id, line);
      }
    }
  };
  const live = () =>
    surface.status(
      liveText(
        ctx,
        ctx.ids.map((id) => ({ id: label(id), status: latest.get(id) ?? null, ...(notes.has(id) ? { note: notes.get(id) } : {}) })),
      ),
    );
  return {
    change(status, changes) {
      const id = status.blockchain_id;
      const first = !latest.has(id);
      latest.set(id, status);
      const l = { ...look(), expected: status.expected };
      if (first) surface.line(id, renderFirstState(status, l));
      else for (const t of changes) surface.line(id, renderTransition(t, l));
      lastLineAt = ctx.now();
    },
    poll(status) {
      latest.set(status.blockchain_id, status);
      warnLongerThanUsual(status);
      notes.delete(status.blockchain_id);
      live();
      const now = ctx.now();
      if (!surface.live && now - lastLineAt >= HEARTBEAT_MS) {
        const pending = ctx.ids
          .filter((id) => !ended.has(id))
          .map((id) => ({ id, name: ctx.names?.get(id), status: latest.get(id) ?? null }));
        surface.line(null, renderHeartbeat(pending, ctx.startedAt, look()));
        lastLineAt = now;
      }
    },
    transient(f) {
      const note = `${f.message}; retrying`;
      if (!notes.has(f.blockchain_id) && !surface.live)
        surface.line(f.blockchain_id, wrapDiagnostic(`bcs-status: ${f.blockchain_id}: ${note}`, width()));
      notes.set(f.blockchain_id, note);
      live();
    },
    done(outcome) {
      ended.add(outcome.id);
      // An id that ends in an error says so now, not when the others end.
      if (outcome.kind === "error") surface.line(null, wrapDiagnostic(errorLine(outcome.id, outcome.failure.cause), width()));
    },
    close() {
      surface.close();
    },
    /** Redraws the live status between answers (the elapsed time moves on). */
    tick: live,
  };
}
