export const KNOWN_REGIONS: readonly string[] = ["cn-north-1", "cn-north-4", "cn-south-1", "cn-east-2"];

/**
 * A region typo (`cn-nort-4`) makes a default endpoint whose host cannot
 * exist (bcs.cn-nort-4.myhuaweicloud.com): its DNS failure is not worth a
 * retry, and the error names the region that was meant.
 */

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = d[i] as number[];
    const prev = d[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, ((d[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = v;
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/** The known BCS region closest to `region` (at most 2 edits away), or null. */
export function nearestRegion(region: string): string | null {
  const r = region.toLowerCase();
  let best: { name: string; d: number } | null = null;
  for (const name of KNOWN_REGIONS) {
    const d = distance(r, name);
    if (d <= 2 && (!best || d < best.d)) best = { name, d };
  }
  return best?.name ?? null;
}

const DEFAULT_HOST = /^(?:bcs|iam)\.([a-z0-9-]+)\.myhuaweicloud\.com$/i;

/** The region of a default endpoint's host (bcs.REGION.myhuaweicloud.com, iam.…) when it is not a known BCS region; else null. */
export function unknownRegionOf(hostname: string): string | null {
  const region = DEFAULT_HOST.exec(hostname)?.[1]?.toLowerCase();
  return region !== undefined && !KNOWN_REGIONS.includes(region) ? region : null;
}

/** `cn-nort-4 is not a known BCS region: did you mean cn-north-4?` */
export function unknownRegionHint(region: string): string {
  const near = nearestRegion(region);
  return near
    ? `${region} is not a known BCS region: did you mean ${near}?`
    : `${region} is not a known BCS region (${KNOWN_REGIONS.join(", ")}): check --region`;
}
