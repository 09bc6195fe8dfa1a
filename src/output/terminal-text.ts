/**
 * What the output boundary lets through to a stream. Server text is cleaned
 * where it enters (render/sanitize.ts); this is the last line: whatever a
 * caller composed, no control character or escape sequence leaves the process
 * but colour (SGR), and, on a terminal, the cursor sequences of the live view.
 */

/** Colour and style: ESC [ params m. Harmless on any terminal, and what chalk writes. */
const SGR = "\u001b\\[[0-9;:]*m";
/** Every C0 control but LF and TAB (so CR too: a bare CR would let a line overwrite itself), DEL, and C1. */
const CONTROL = "[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f]";

/**
 * Characters a terminal draws as nothing, by Unicode's own properties: every
 * Default_Ignorable_Code_Point (zero-width space and joiners, soft hyphen,
 * variation selectors, tag characters, Hangul fillers, the Khmer inherent
 * vowels, the Mongolian free variation selectors) and every format character,
 * Cf (the direction marks, bidi embeddings, overrides and isolates, the BOM,
 * musical and Egyptian hieroglyph format controls, which are not all
 * Default_Ignorable). Put between a secret's characters they would hide it
 * from masking, and a reader would still see the secret; a bidi override
 * would also reorder what is shown. Two are kept where they draw an emoji:
 * U+FE0F right after a pictograph (its emoji presentation, two cells wide as
 * the renderers measured it), and the zero-width joiner (ZWJ below). Masking
 * matches through both anyway (output/match-key.ts).
 */
export const INVISIBLE = "(?!\\u200d)(?:(?<!\\p{Extended_Pictographic})\\ufe0f|(?!\\ufe0f)[\\p{Default_Ignorable_Code_Point}\\p{Cf}])";
/** U+200D, the zero-width joiner: kept between two non-ASCII characters (emoji sequences, Indic and Arabic scripts), removed next to ASCII. */
const ZWJ = "\\u200d";

const WITH_SGR = new RegExp(`${SGR}|${CONTROL}|${INVISIBLE}`, "gu");
const CONTROL_ONLY = new RegExp(`${SGR}|${CONTROL}`, "g");
const ANY_CONTROL = new RegExp(`${CONTROL}|${INVISIBLE}|${ZWJ}`, "u");
/** A run of joiners with an ASCII character (or the text's edge) on at least one side. */
const LOOSE_ZWJ = new RegExp(`(?<![^\\u0000-\\u007f])${ZWJ}+|${ZWJ}+(?![^\\u0000-\\u007f])`, "g");

/**
 * The text with every control character removed, ESC included, so no escape
 * sequence can start; colour sequences stay when `color` is true. A lone ESC's
 * payload (`]0;title`) is left as visible text, which a terminal only prints.
 * Invisible characters go too (see INVISIBLE), and a zero-width joiner
 * unless it joins two non-ASCII characters; with `keepInvisible` (a --json or
 * --raw document, which stays as the server sent it but for masked secrets)
 * only control characters go.
 */
export function cleanStreamText(text: string, color: boolean, keepInvisible = false): string {
  if (!ANY_CONTROL.test(text)) return text;
  if (keepInvisible) return text.replace(CONTROL_ONLY, (m) => (color && m.length > 1 ? m : ""));
  const cleaned = text.replace(WITH_SGR, (m) => (color && m.length > 1 ? m : ""));
  return cleaned.includes("\u200d") ? cleaned.replace(LOOSE_ZWJ, "") : cleaned;
}

/**
 * The cursor and screen sequences a live view (ora's spinner, the live block)
 * sends: cursor moves, erase in line or below the cursor, show/hide the cursor,
 * synchronised output. Nothing that sets a title, a clipboard, a link or a
 * device state.
 */
const CURSOR = /^(?:\u001b\[(?:\d{0,4}(?:;\d{0,4})?[ABCDEFGHK]|0?J|\?(?:25|2026)[hl]))+$/;

export function isCursorControl(seq: string): boolean {
  return CURSOR.test(seq);
}
