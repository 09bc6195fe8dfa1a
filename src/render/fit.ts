/**
 * Lines fitted to a width in terminal cells (docs/OUTPUT.md, width): CJK and
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
import { cellWidth, join, type Piece, pieces, trimEnd, truncate, widthOf } from "../util/cells.js";

export { cellWidth, truncate };

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

/**
 * Line-breaking rules for CJK punctuation (kinsoku shori, as in JIS X 4051 and
 * the W3C's Chinese layout requirements): closing punctuation never starts a
 * line, opening punctuation never ends one. Where text breaks between
 * characters, these stay with their neighbour.
 */
const NO_LINE_START = new Set([..."，。、．：；！？）」』】〕〉》〗〙〛〞”’｝］｠・…‥％", ..."、。", ...",.;:!?)]}%"]);
const NO_LINE_END = new Set([..."（「『【〔〈《〖〘〚〝“‘｛［｟", ..."([{"]);

/** Words, and each wide character on its own (CJK text breaks between characters, but not before a closing mark or after an opening one). */
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
    if (!p.sgr && (p.w === 2 || prevWide) && cur.body.some((q) => !q.sgr) && !NO_LINE_START.has(p.text) && !endsOpen(cur.body)) next();
    cur.body.push(p);
    if (!p.sgr) prevWide = p.w === 2;
  }
  next();
  return out;
}

/** The unit ends with opening punctuation: what follows stays on its line. */
function endsOpen(body: readonly Piece[]): boolean {
  for (let i = body.length - 1; i >= 0; i--) {
    const q = body[i] as Piece;
    if (!q.sgr) return NO_LINE_END.has(q.text);
  }
  return false;
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
      // A word wider than what is left of an empty line is split between graphemes;
      // not before a closing mark nor after an opening one: the grapheme before goes down too.
      if (used + p.w > room() && line.some((q) => !q.sgr && !q.space)) {
        const carry: Piece[] = [];
        for (let next = p.text; line.filter((q) => !q.sgr).length > 1; ) {
          const last = line.at(-1) as Piece;
          if (last.sgr || last.space || !(NO_LINE_START.has(next) || NO_LINE_END.has(last.text))) break;
          carry.unshift(line.pop() as Piece);
          next = last.text;
        }
        push();
        for (const q of carry) {
          line.push(q);
          used += q.w;
        }
      }
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
