/**
 * Times as the BCS API writes them: China Standard Time with nanoseconds,
 * `2020-10-15T18:24:48.658236618+08:00`. The digits past the millisecond are
 * filled from `salt` so they look real and stay deterministic.
 */
export function apiTime(ms: number, salt = 0): string {
  const shifted = new Date(Math.floor(ms) + 8 * 3_600_000).toISOString(); // 2020-10-15T18:24:48.658Z
  const extra = String((Math.abs(Math.floor(salt)) * 7919 + 236_618) % 1_000_000).padStart(6, "0");
  return `${shifted.slice(0, 23)}${extra}+08:00`;
}
