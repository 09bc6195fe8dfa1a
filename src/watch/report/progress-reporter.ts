import type { ChalkInstance } from "chalk";
import type { OutStream } from "../../deps/io.js";
import { cellWidth } from "../../render/fit.js";
import { renderFirstState, renderHeartbeat, renderTransition, wrapDiagnostic } from "../../render/progress.js";
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
  // Several ids: each transition line's id is padded to the longest, so the resource names line up.
  const idWidth = ctx.ids.length > 1 ? Math.max(...ctx.ids.map((id) => cellWidth(id))) : undefined;
  const look = () => ({
    chalk: ctx.chalk,
    ascii: ctx.ascii,
    now: ctx.now(),
    width: width(),
    ...(idWidth !== undefined ? { idWidth } : {}),
    ...(ctx.timeZone ? { timeZone: ctx.timeZone } : {}),
  });
  const live = () =>
    surface.status(
      liveText(
        ctx,
        ctx.ids.map((id) => ({ id, status: latest.get(id) ?? null, ...(notes.has(id) ? { note: notes.get(id) } : {}) })),
      ),
    );
  return {
    change(status, changes) {
      const id = status.blockchain_id;
      const first = !latest.has(id);
      latest.set(id, status);
      const l = look();
      if (first) surface.line(id, renderFirstState(status, l));
      else for (const t of changes) surface.line(id, renderTransition(t, l));
      lastLineAt = ctx.now();
    },
    poll(status) {
      latest.set(status.blockchain_id, status);
      notes.delete(status.blockchain_id);
      live();
      const now = ctx.now();
      if (!surface.live && now - lastLineAt >= HEARTBEAT_MS) {
        const pending = ctx.ids.filter((id) => !ended.has(id)).map((id) => ({ id, status: latest.get(id) ?? null }));
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
