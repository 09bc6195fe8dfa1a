/**
 * Terminal cells of text, walked grapheme by grapheme (a cut never splits an
 * emoji or a character from its combining marks), colour codes taking none.
 * Here, below every layer that shows text, because the model caps server
 * names to a number of cells as well as the renderers (render/fit.ts wraps
 * with the same pieces).
 */
import stringWidth from "string-width";

/** Cells `text` takes on a terminal (colour codes take none). */
export function cellWidth(text: string): number {
  return stringWidth(text);
}

/** A colour code (chalk's SGR sequences): kept in place, zero cells. */
const SGR = /\u001b\[[0-9;:]*m/g;

export interface Piece {
  text: string;
  /** Cells; 0 for a colour code. */
  w: number;
  /** A colour code rather than text. */
  sgr: boolean;
  /** A space: where a line may break (the space itself is dropped there). */
  space: boolean;
}

let segmenter: Intl.Segmenter | undefined;

/** The text as graphemes and colour codes, in order. */
export function pieces(text: string): Piece[] {
  segmenter ??= new Intl.Segmenter("en", { granularity: "grapheme" });
  const out: Piece[] = [];
  const plain = (s: string) => {
    for (const { segment } of segmenter?.segment(s) ?? []) {
      out.push({ text: segment, w: stringWidth(segment), sgr: false, space: segment === " " });
    }
  };
  let at = 0;
  for (const m of text.matchAll(SGR)) {
    plain(text.slice(at, m.index));
    out.push({ text: m[0], w: 0, sgr: true, space: false });
    at = m.index + m[0].length;
  }
  plain(text.slice(at));
  return out;
}

export const join = (ps: readonly Piece[]) => ps.map((p) => p.text).join("");
export const widthOf = (ps: readonly Piece[]) => ps.reduce((n, p) => n + p.w, 0);
/** Colour codes at the end of a cut line would colour nothing; a reset after coloured text keeps it from running on. */
export const closeColour = (ps: readonly Piece[]) => (ps.some((p) => p.sgr) ? "\u001b[0m" : "");

export function trimEnd(ps: Piece[]): Piece[] {
  let end = ps.length;
  while (end > 0 && (ps[end - 1]?.space || ps[end - 1]?.sgr)) end--;
  return ps.slice(0, end);
}

/**
 * The line as it is when it fits `width` cells; else cut with `…` (`...` with
 * ascii) at the last space, when that keeps at least half the room, else
 * between graphemes. For text whose loss is harmless (a spinner, a detail that
 * is not a failure); failures wrap instead (wrap).
 */
export function truncate(text: string, width: number, ascii = false): string {
  if (width <= 0) return "";
  if (stringWidth(text) <= width) return text;
  const dots = ascii ? "..." : "…";
  const room = Math.max(0, width - stringWidth(dots));
  const ps = pieces(text);
  let used = 0;
  let end = 0;
  let lastSpace = -1;
  for (; end < ps.length; end++) {
    const p = ps[end] as Piece;
    if (used + p.w > room) break;
    if (p.space) lastSpace = end;
    used += p.w;
  }
  const stop = lastSpace > 0 && widthOf(ps.slice(0, lastSpace)) >= room / 2 ? lastSpace : end;
  const kept = trimEnd(ps.slice(0, stop));
  return `${join(kept)}${closeColour(kept)}${dots}`;
}
