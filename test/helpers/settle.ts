import { expect } from "vitest";

/** The promise's rejection, within `ms`; fails if it resolves, or settles later. */
export async function rejection(p: Promise<unknown>, ms = 1000): Promise<Error> {
  const t0 = performance.now();
  const outcome = await Promise.race([
    p.then(
      () => new Error("resolved"),
      (e: unknown) => e,
    ),
    new Promise((r) => setTimeout(() => r("timeout"), ms)),
  ]);
  if (outcome === "timeout") throw new Error(`still pending after ${ms} ms`);
  expect(performance.now() - t0).toBeLessThan(ms);
  return outcome as Error;
}
