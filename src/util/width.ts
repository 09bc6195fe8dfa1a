/**
 * The one width rule for human output (docs/OUTPUT.md, width): `COLUMNS` when
 * set (kept within 20–400 columns), else the terminal's width; a stream that is
 * not a terminal, with no `COLUMNS`, has no width: its lines are not cut.
 */

/** The narrowest and widest widths `COLUMNS` may ask for. */
export const MIN_WIDTH = 20;
export const MAX_WIDTH = 400;

/** Where a timeline goes without a width (a pipe, a file): it still needs one to draw. */
export const DEFAULT_CHART_WIDTH = 80;

/** What the rule needs of a stream (an OutStream behind the boundary has both). */
export interface Sized {
  readonly isTTY: boolean;
  readonly columns: number | undefined;
}

/** Cells a line written to `stream` may take, or undefined for no limit. */
export function lineWidth(stream: Sized, env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.COLUMNS?.trim();
  if (raw) {
    const n = Number(raw);
    if (Number.isInteger(n) && n > 0) return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, n));
  }
  const cols = stream.isTTY ? stream.columns : undefined;
  return cols !== undefined && Number.isFinite(cols) && cols > 0 ? Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, Math.floor(cols))) : undefined;
}
