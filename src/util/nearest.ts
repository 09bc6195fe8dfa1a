/**
 * "Did you mean …": the candidates nearest a word by edit distance
 * (Levenshtein, ignoring letter case). Words are compared on their first
 * COMPARED code points, so the cost per candidate is bounded whatever the
 * server sent.
 */
const COMPARED = 64;

/** Insertions, deletions and substitutions that turn `a` into `b` (case-insensitive). */
export function editDistance(a: string, b: string): number {
  const s = [...a.toLowerCase()].slice(0, COMPARED);
  const t = [...b.toLowerCase()].slice(0, COMPARED);
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost));
    }
    prev = row;
  }
  return prev[t.length] as number;
}

/** Close enough to be a typo of `word`: at most a third of its letters off (at least 2). */
export function isClose(word: string, candidate: string): boolean {
  return editDistance(word, candidate) <= Math.max(2, Math.floor([...word].length / 3));
}

/**
 * What to offer for a word that matched nothing: the close candidates (typos),
 * or when none is close, the nearest ones anyway (`close` false); up to `n`.
 */
export function suggest(word: string, candidates: Iterable<string>, n = 3): { close: boolean; names: string[] } {
  const names = nearest(word, candidates, n);
  const close = names.filter((c) => isClose(word, c));
  return close.length > 0 ? { close: true, names: close } : { close: false, names };
}

/** Up to `n` distinct candidates, nearest first (ties in the order given). */
export function nearest(word: string, candidates: Iterable<string>, n = 3): string[] {
  const scored: Array<{ c: string; d: number; i: number }> = [];
  const seen = new Set<string>();
  let i = 0;
  for (const c of candidates) {
    if (seen.has(c)) continue;
    seen.add(c);
    scored.push({ c, d: editDistance(word, c), i: i++ });
  }
  return scored
    .sort((x, y) => x.d - y.d || x.i - y.i)
    .slice(0, n)
    .map((x) => x.c);
}
