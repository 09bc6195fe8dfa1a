import type { ChalkInstance } from "chalk";
import { capForPeople, WORD_MAX } from "../util/cap.js";
import { sanitize } from "./sanitize.js";

/** How a state looks: a symbol and a word, so it reads without colour. */
interface StateLook {
  symbol: string;
  ascii: string;
  color: "green" | "red" | "cyan" | "yellow" | "gray" | "magenta";
}

const LOOKS: Record<string, StateLook> = {
  finished: { symbol: "✓", ascii: "+", color: "green" },
  failed: { symbol: "✗", ascii: "x", color: "red" },
  deploying: { symbol: "●", ascii: "*", color: "cyan" },
  waiting: { symbol: "○", ascii: "-", color: "yellow" },
};
const UNKNOWN: StateLook = { symbol: "?", ascii: "?", color: "magenta" };

export function stateColor(status: string): StateLook["color"] {
  return (LOOKS[status] ?? UNKNOWN).color;
}

export function stateSymbol(status: string, ascii: boolean): string {
  const look = LOOKS[status] ?? UNKNOWN;
  return ascii ? look.ascii : look.symbol;
}

/**
 * "✓ finished", coloured when the chalk instance has colour. Unknown strings are
 * shown as they are, but sanitised: a status is server text too.
 */
export function formatState(status: string, chalk: ChalkInstance, ascii = false): string {
  const word = sanitize(capForPeople(status, { max: WORD_MAX, ascii })).trim() || "unknown";
  return chalk[stateColor(status)](`${stateSymbol(status, ascii)} ${word}`);
}
