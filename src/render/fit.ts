/**
 * Lines fitted to a width in terminal cells (SPEC "Output", Width): CJK and
 * other wide characters take 2 cells, combining marks 0, colour codes none.
 * Text is walked grapheme by grapheme, so a cut never splits an emoji or a
 * character from its combining marks. Pure; the cost follows the text given,
 * which is already capped where it came from the server (util/cap.ts).
 *
 * Two ideas, one name each: `truncate` drops the end (marked with `…`), for text
 * whose loss is harmless; `wrap…` keeps every character, in lines: `wrap` (one
 * string), `wrapIntoLines` (its lines), `wrapDiagnostic` (an error line, indented
 * continuations), `wrapParts` (breaking between parts first).
 */
import stringWidth from "string-width";

/** Cells `text` takes on a terminal (colour codes take none). */
export function cellWidth(text: string): number {
  return stringWidth(text);
}

/** A colour code (chalk's SGR sequences): kept in place, zero cells. */
const SGR = /\u001b\[[0-9;:]*m/g;

interface Piece {
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
function pieces(text: string): Piece[] {
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

const join = (ps: readonly Piece[]) => ps.map((p) => p.text).join("");
const widthOf = (ps: readonly Piece[]) => ps.reduce((n, p) => n + p.w, 0);
/** Colour codes at the end of a cut line would colour nothing; a reset after coloured text keeps it from running on. */
const closeColour = (ps: readonly Piece[]) => (ps.some((p) => p.sgr) ? "\u001b[0m" : "");

function trimEnd(ps: Piece[]): Piece[] {
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

/**
 * The text in lines of at most `width` cells, joined by newlines; lines after
 * the first start with `indent` spaces. Breaks at spaces (they are dropped
 * there), between wide characters (CJK text has no spaces), and inside a word
 * only when the word alone is wider than a line. Nothing is left out.
 */
export function wrap(text: string, width: number, indent = 0): string {
  return wrapIntoLines(text, width, indent).join("\n");
}

/** An indent never takes more than half the line, and leaves room for a wide character. */
function indentOf(indent: number, width: number): string {
  return " ".repeat(Math.max(0, Math.min(indent, Math.floor(width / 2), width - 2)));
}

/** A diagnostic line (`bcs-status: …`) in the width: wrapped at spaces, continuations indented; never cut. Without a width: as it is. */
export function wrapDiagnostic(text: string, width: number | undefined): string {
  return width === undefined ? text : wrap(text, width, 2);
}

/** wrap's lines. */
export function wrapIntoLines(text: string, width: number, indent = 0): string[] {
  const w = Math.max(1, Math.floor(width));
  const pad = indentOf(indent, w);
  const lines: string[] = [];
  for (const part of text.split("\n")) lines.push(...wrapOne(part, w, pad));
  return lines;
}

/** A unit of wrapping: the spaces before it (dropped at a break) and what may not be split unless it is wider than a line. */
interface Unit {
  sep: Piece[];
  body: Piece[];
}

/** Words, and each wide character on its own (CJK text breaks between characters). */
function units(ps: readonly Piece[]): Unit[] {
  const out: Unit[] = [];
  let cur: Unit = { sep: [], body: [] };
  let prevWide = false;
  const next = () => {
    if (cur.sep.length > 0 || cur.body.length > 0) out.push(cur);
    cur = { sep: [], body: [] };
  };
  for (const p of ps) {
    if (p.space) {
      if (cur.body.length > 0) next();
      cur.sep.push(p);
      prevWide = false;
      continue;
    }
    if (!p.sgr && (p.w === 2 || prevWide) && cur.body.some((q) => !q.sgr)) next();
    cur.body.push(p);
    if (!p.sgr) prevWide = p.w === 2;
  }
  next();
  return out;
}

function wrapOne(text: string, width: number, pad: string): string[] {
  if (stringWidth(text) <= width) return [text];
  const lines: string[] = [];
  let line: Piece[] = [];
  let used = 0;
  const room = () => width - (lines.length === 0 ? 0 : pad.length);
  const push = () => {
    lines.push((lines.length === 0 ? "" : pad) + join(trimEnd(line)));
    line = [];
    used = 0;
  };
  for (const u of units(pieces(text))) {
    const bodyW = widthOf(u.body);
    const sepW = widthOf(u.sep);
    if (line.length > 0 && used + sepW + bodyW > room()) push();
    // Spaces go where the unit follows text on its line, or lead the text when they fit with it.
    if (line.length > 0 || (lines.length === 0 && sepW + bodyW <= room())) {
      line.push(...u.sep);
      used += sepW;
    }
    for (const p of u.body) {
      // A word wider than what is left of an empty line is split between graphemes.
      if (used + p.w > room() && line.some((q) => !q.sgr && !q.space)) push();
      line.push(p);
      used += p.w;
    }
  }
  if (line.length > 0 || lines.length === 0) push();
  return lines;
}

/**
 * Parts of a line joined by `sep`, wrapped between parts when the next one
 * would overflow `width` (continuations indented by `indent`); a part wider
 * than a line is wrapped inside (wrap). Without a width: one line.
 */
export function wrapParts(parts: readonly string[], sep: string, width: number | undefined, indent = 2): string {
  const kept = parts.filter((p) => p !== "");
  const one = kept.join(sep);
  if (width === undefined || stringWidth(one) <= width) return one;
  const pad = indentOf(indent, width);
  const lines: string[] = [];
  let line: string | null = null;
  for (const part of kept) {
    if (line !== null) {
      if (stringWidth(`${line}${sep}${part}`) <= width) {
        line = `${line}${sep}${part}`;
        continue;
      }
      lines.push(line);
    }
    const lead = lines.length === 0 ? "" : pad;
    const wrapped = wrapIntoLines(part, width - lead.length, 0);
    for (const l of wrapped.slice(0, -1)) lines.push(lead + l);
    line = lead + (wrapped.at(-1) ?? "");
  }
  if (line !== null) lines.push(line);
  return lines.join("\n");
}
