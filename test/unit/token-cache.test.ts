import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type CacheContext,
  type CacheKey,
  cacheDir,
  cacheFile,
  dropCachedToken,
  readCachedToken,
  writeCachedToken,
} from "../../src/auth/token-cache.js";

const NOW = Date.parse("2025-06-01T12:00:00Z");
const KEY: CacheKey = { iamEndpoint: "https://iam.example.com", domain: "acme", user: "alice", projectId: "p1" };
const posix = process.platform !== "win32";

let root: string;
let warnings: string[];
let ctx: CacheContext;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "bcs-cache-"));
  warnings = [];
  ctx = { env: { XDG_CACHE_HOME: root }, homedir: "/nonexistent", uid: process.getuid?.(), now: () => NOW, warn: (l) => warnings.push(l) };
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const entry = (hoursLeft: number) => ({ token: "tok-abc", expiresAt: new Date(NOW + hoursLeft * 3_600_000).toISOString() });

describe("cacheDir", () => {
  it("uses an absolute XDG_CACHE_HOME, else ~/.cache", () => {
    expect(cacheDir({ XDG_CACHE_HOME: "/x/cache" }, "/home/u")).toBe(path.join("/x/cache", "bcs-status"));
    expect(cacheDir({ XDG_CACHE_HOME: "rel/cache" }, "/home/u")).toBe(path.join("/home/u", ".cache", "bcs-status"));
    expect(cacheDir({}, "/home/u")).toBe(path.join("/home/u", ".cache", "bcs-status"));
  });

  it("names one file per login, by a hash of the key", () => {
    const a = cacheFile(KEY, ctx);
    expect(path.basename(a)).toMatch(/^token-[0-9a-f]{32}\.json$/);
    expect(cacheFile({ ...KEY, projectId: "p2" }, ctx)).not.toBe(a);
    expect(cacheFile({ ...KEY, user: "bob" }, ctx)).not.toBe(a);
  });
});

describe("token cache", () => {
  it("round-trips an entry: file 0600 in a 0700 directory, no temp files left", async () => {
    await writeCachedToken(KEY, entry(24), ctx);
    expect(await readCachedToken(KEY, ctx)).toEqual(entry(24));
    const file = cacheFile(KEY, ctx);
    if (posix) {
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    }
    expect(await readdir(path.dirname(file))).toEqual([path.basename(file)]);
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual({
      token: "tok-abc",
      expires_at: entry(24).expiresAt,
      iam_endpoint: KEY.iamEndpoint,
      domain: "acme",
      user: "alice",
      project_id: "p1",
    });
    expect(warnings).toEqual([]);
  });

  it("tightens an existing directory of ours to 0700", async () => {
    if (!posix) return;
    const dir = cacheDir(ctx.env, ctx.homedir);
    await mkdir(dir, { mode: 0o755 });
    await chmod(dir, 0o755);
    await writeCachedToken(KEY, entry(24), ctx);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
  });

  it("ignores silently an entry within 5 minutes of expiry", async () => {
    await writeCachedToken(KEY, { token: "tok", expiresAt: new Date(NOW + 4 * 60_000).toISOString() }, ctx);
    expect(await readCachedToken(KEY, ctx)).toBeNull();
    await writeCachedToken(KEY, { token: "tok", expiresAt: new Date(NOW + 6 * 60_000).toISOString() }, ctx);
    expect(await readCachedToken(KEY, ctx)).not.toBeNull();
    expect(warnings).toEqual([]);
  });

  it("returns null for no file, without a warning", async () => {
    expect(await readCachedToken(KEY, ctx)).toBeNull();
    expect(warnings).toEqual([]);
  });

  const corrupt: [string, string][] = [
    ["not JSON", "{nope"],
    ["an array", "[]"],
    ["no token", JSON.stringify({ expires_at: "2099-01-01T00:00:00Z" })],
    ["a token with a newline", JSON.stringify({ ...fileFields(), token: "a\nb" })],
    ["a bad date", JSON.stringify({ ...fileFields(), expires_at: "soon" })],
    ["another login", JSON.stringify({ ...fileFields(), user: "mallory" })],
  ];
  for (const [name, text] of corrupt) {
    it(`warns about and ignores a file with ${name}`, async () => {
      await plant(text, 0o600);
      expect(await readCachedToken(KEY, ctx)).toBeNull();
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^ignoring token cache .*token-[0-9a-f]{32}\.json: /);
    });
  }

  it("warns about and ignores a file group or others can read", async () => {
    if (!posix) return;
    await plant(JSON.stringify(fileFields()), 0o644);
    expect(await readCachedToken(KEY, ctx)).toBeNull();
    expect(warnings).toEqual([expect.stringMatching(/group or others can access it \(mode 644, expected 600\)/)]);
  });

  it("warns about and ignores a file owned by someone else", async () => {
    if (!posix) return;
    await plant(JSON.stringify(fileFields()), 0o600);
    const other = { ...ctx, uid: (process.getuid?.() ?? 0) + 1 };
    expect(await readCachedToken(KEY, other)).toBeNull();
    expect(warnings).toEqual([expect.stringMatching(/owned by uid \d+, not by us/)]);
  });

  it("drops an entry, and a missing one quietly", async () => {
    await writeCachedToken(KEY, entry(24), ctx);
    await dropCachedToken(KEY, ctx);
    expect(await readCachedToken(KEY, ctx)).toBeNull();
    await dropCachedToken(KEY, ctx);
    expect(warnings).toEqual([]);
  });

  it("warns, and does not throw, when the cache cannot be written", async () => {
    await writeFile(path.join(root, "bcs-status"), "a file where the directory should be");
    await writeCachedToken(KEY, entry(24), ctx);
    expect(warnings).toEqual([expect.stringMatching(/not caching the IAM token|cannot write token cache/)]);
  });
});

function fileFields() {
  return {
    token: "tok",
    expires_at: new Date(NOW + 86_400_000).toISOString(),
    iam_endpoint: KEY.iamEndpoint,
    domain: "acme",
    user: "alice",
    project_id: "p1",
  };
}

async function plant(text: string, mode: number): Promise<void> {
  const file = cacheFile(KEY, ctx);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, text, { mode });
  await chmod(file, mode);
}

describe("folders the tool creates are 0700 whatever the umask", () => {
  /** Runs with `umask 000` (the test process's own umask is put back after). */
  async function underUmask000(run: () => Promise<void>): Promise<void> {
    const before = process.umask(0);
    try {
      await run();
    } finally {
      process.umask(before);
    }
  }

  it.skipIf(!posix)("the token cache on a fresh account: ~/.cache itself, and ~/.cache/bcs-status", async () => {
    const home = path.join(root, "home");
    await mkdir(home);
    await underUmask000(() => writeCachedToken(KEY, entry(24), { ...ctx, env: {}, homedir: home }));
    for (const dir of [path.join(home, ".cache"), path.join(home, ".cache", "bcs-status")]) {
      expect(((await stat(dir)).mode & 0o777).toString(8), dir).toBe("700");
    }
    expect(warnings).toEqual([]);
  });

  it.skipIf(!posix)("--summary-file's missing parent folders, each level; a folder that was there is left as it was", async () => {
    const { nodeFiles } = await import("../../src/output/node-files.js");
    await mkdir(path.join(root, "kept"), { mode: 0o755 });
    await chmod(path.join(root, "kept"), 0o755);
    const file = path.join(root, "kept", "a", "b", "summary.md");
    await underUmask000(() => nodeFiles.write(file, "x\n"));
    expect(await readFile(file, "utf8")).toBe("x\n");
    expect(((await stat(path.join(root, "kept"))).mode & 0o777).toString(8)).toBe("755");
    for (const dir of [path.join(root, "kept", "a"), path.join(root, "kept", "a", "b")]) {
      expect(((await stat(dir)).mode & 0o777).toString(8), dir).toBe("700");
    }
  });
});
