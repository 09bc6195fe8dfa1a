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

const WITH_SGR = new RegExp(`${SGR}|${CONTROL}`, "g");
const ANY_CONTROL = new RegExp(CONTROL);

/**
 * The text with every control character removed, ESC included, so no escape
 * sequence can start; colour sequences stay when `color` is true. A lone ESC's
 * payload (`]0;title`) is left as visible text, which a terminal only prints.
 */
export function cleanStreamText(text: string, color: boolean): string {
  if (!ANY_CONTROL.test(text)) return text;
  return text.replace(WITH_SGR, (m) => (color && m.length > 1 ? m : ""));
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
