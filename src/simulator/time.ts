/**
 * Times as the BCS API writes them: China Standard Time with nanoseconds,
 * `2020-10-15T18:24:48.658236618+08:00`. `ms` may have a fraction (a timeline
 * run at --speed 3); it is kept in the digits past the millisecond, plus a
 * constant `saltNs` (0–999999) so they look real. With one salt for all the
 * times of a blockchain, end minus start is the exact simulated duration.
 */
export function apiTime(ms: number, saltNs = 0): string {
  let whole = Math.floor(ms);
  let ns = Math.round((ms - whole) * 1e6) + (Math.abs(Math.floor(saltNs)) % 1_000_000);
  whole += Math.floor(ns / 1_000_000);
  ns %= 1_000_000;
  const shifted = new Date(whole + 8 * 3_600_000).toISOString(); // 2020-10-15T18:24:48.658Z
  return `${shifted.slice(0, 23)}${String(ns).padStart(6, "0")}+08:00`;
}

/** A blockchain's salt for apiTime: fixed for its whole timeline, different between blockchains. */
export function saltFor(firstSeenMs: number): number {
  return (Math.abs(Math.floor(firstSeenMs)) * 7919 + 236_618) % 1_000_000;
}
