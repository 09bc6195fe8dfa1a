type Undici = typeof import("undici");

/**
 * undici, loaded on first use (it is the largest module the tool has). In the
 * bundle its CommonJS exports arrive as the default export of a lazy chunk;
 * from source (tests) they are named exports.
 */
export async function loadUndici(): Promise<Undici> {
  const m = (await import("undici")) as Undici & { default?: Undici };
  return m.default ?? m;
}
