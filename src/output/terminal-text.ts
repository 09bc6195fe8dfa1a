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
 * Format characters that show nothing: zero-width space and non-joiner, the
 * direction marks and the bidi embeddings, overrides and isolates, word joiner
 * and invisible operators, the BOM, a soft hyphen, the combining grapheme
 * joiner, the Arabic letter mark, the Mongolian vowel separator, the
 * deprecated format characters and the interlinear annotation marks. Put
 * between a secret's characters they would hide it from masking, and a reader
 * would still see the secret; a bidi override would also reorder what is shown.
 */
const INVISIBLE =
  "[\\u00ad\\u034f\\u061c\\u180e\\u200b\\u200c\\u200e\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u206f\\ufeff\\ufff9-\\ufffb]";
/** U+200D, the zero-width joiner: kept between two non-ASCII characters (emoji sequences, Indic and Arabic scripts), removed next to ASCII. */
const ZWJ = "\\u200d";

const WITH_SGR = new RegExp(`${SGR}|${CONTROL}|${INVISIBLE}`, "g");
const ANY_CONTROL = new RegExp(`${CONTROL}|${INVISIBLE}|${ZWJ}`);
/** A run of joiners with an ASCII character (or the text's edge) on at least one side. */
const LOOSE_ZWJ = new RegExp(`(?<![^\\u0000-\\u007f])${ZWJ}+|${ZWJ}+(?![^\\u0000-\\u007f])`, "g");

/**
 * The text with every control character removed, ESC included, so no escape
 * sequence can start; colour sequences stay when `color` is true. A lone ESC's
 * payload (`]0;title`) is left as visible text, which a terminal only prints.
 * Invisible format characters go too (see INVISIBLE), and a zero-width joiner
 * unless it joins two non-ASCII characters.
 */
export function cleanStreamText(text: string, color: boolean): string {
  if (!ANY_CONTROL.test(text)) return text;
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
