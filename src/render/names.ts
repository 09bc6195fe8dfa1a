/**
 * How people see a blockchain's name (README, "Find a blockchain"). A name is server text:
 * cleaned where it enters (the list client), and here capped, so that no
 * name can push an id, a state or a verdict off a line; the output boundary
 * masks it like any text. Machine output (--json) carries it whole.
 */
import { capForPeople, WORD_MAX } from "../util/cap.js";
import { truncate } from "./fit.js";
import { sanitize } from "./sanitize.js";

/** Cells a name may take in anything people read. */
export const NAME_CELLS = 64;

/** What names a blockchain: its id, and its name when it was looked up by one. */
export interface Identified {
  blockchain_id: string;
  name?: string | undefined;
}

/** The name cleaned, on one line, at most NAME_CELLS cells (cut with `…`); "" for none. */
export function shownName(name: string | undefined, ascii = false): string {
  if (name === undefined) return "";
  // Cap the code points first: the cut's cost then follows the cells shown, not the server's string.
  return truncate(sanitize(capForPeople(name, { max: WORD_MAX, ascii })).trim(), NAME_CELLS, ascii);
}

/** `marbles` for a named blockchain, else its id: the short label of a line among several ids. */
export function shortLabel(x: Identified, ascii = false): string {
  return shownName(x.name, ascii) || x.blockchain_id;
}

/** `marbles (b268e1ca-…)` for a named blockchain, else its id: where both belong (annotations, notifications, summaries). */
export function fullLabel(x: Identified, ascii = false): string {
  const name = shownName(x.name, ascii);
  return name ? `${name} (${x.blockchain_id})` : x.blockchain_id;
}
