import { execFileSync, spawn } from "node:child_process";
import { closeSync, constants, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { type CacheKey, cacheFile, readCachedToken } from "../../src/auth/token-cache.js";
import { loadConfigFile } from "../../src/settings/config-file.js";
import { type ResolveContext, resolveSettings } from "../../src/settings/resolve.js";
import { EXIT, exitCodeFor, InterruptedError, UsageError } from "../../src/util/errors.js";
import { readCappedFile, readCappedStream, TooLargeError } from "../../src/util/files.js";
import { rejection } from "../helpers/settle.js";

/**
 * Files the tool finds by itself are read only if they are regular
 * files (a FIFO there is ignored with a warning, never waited on); files the
 * user names may be pipes, read under the run's signal; every file has a cap
 * (token 64 KiB, config and credentials 1 MiB) that is one line and exit 2.
 */
const posix = process.platform !== "win32";
const KiB = 1024;
const MiB = 1024 * 1024;

const dirs: string[] = [];
const fifos: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), "bcs-files-"));
  dirs.push(d);
  return d;
}
function mkfifo(file: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  execFileSync("mkfifo", ["-m", "600", file]);
  fifos.push(file);
  return file;
}
/** Writes `text` into a FIFO from another process (which blocks until we open it for reading). */
function writer(fifo: string, text: string): void {
  const child = spawn("sh", ["-c", 'printf "%s" "$0" > "$1"', text, fifo], { stdio: "ignore" });
  child.on("error", () => {});
}
afterEach(() => {
  // A reader still blocked in open() on a FIFO (a libuv thread) is released by a writer appearing.
  for (const f of fifos.splice(0)) {
    try {
      closeSync(openSync(f, constants.O_RDWR | constants.O_NONBLOCK));
    } catch {}
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function ctx(env: NodeJS.ProcessEnv, homedir: string, signal?: AbortSignal): ResolveContext & { warnings: string[] } {
  const warnings: string[] = [];
  return { env, homedir, readStdin: async () => "", warn: (l) => warnings.push(l), warnings, signal };
}

/** Settles within `ms`, or fails (a FIFO read would hang forever). */
async function within<T>(p: Promise<T>, ms = 1000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

describe.skipIf(!posix)("files the tool finds by itself: regular files only", () => {
  it("a FIFO as the default config file is ignored with a warning, not waited on", async () => {
    const home = tempDir();
    const file = mkfifo(path.join(home, ".config", "bcs-status", "config.json"));
    const c = ctx({ BCS_REGION: "cn-north-4" }, home);
    const s = await within(resolveSettings({}, c));
    expect(s.region?.value).toBe("cn-north-4");
    expect(c.warnings).toContain(`ignoring ${file}: not a regular file`);
  });

  it("a FIFO as the credentials file is ignored with a warning, not waited on", async () => {
    const home = tempDir();
    const file = mkfifo(path.join(home, ".huaweicloud", "credentials"));
    const c = ctx({}, home);
    const s = await within(resolveSettings({}, c));
    expect(s.access_key).toBeUndefined();
    expect(c.warnings).toContain(`ignoring ${file}: not a regular file`);
  });

  it("a directory as the default config file is ignored with a warning", async () => {
    const home = tempDir();
    const file = path.join(home, ".config", "bcs-status", "config.json");
    mkdirSync(file, { recursive: true });
    const c = ctx({}, home);
    await within(resolveSettings({}, c));
    expect(c.warnings).toContain(`ignoring ${file}: not a regular file`);
  });

  it("a FIFO at the token cache path is ignored with a warning, not waited on", async () => {
    const { key, warnings, cache } = tokenCache();
    const file = mkfifo(cacheFile(key, cache));
    expect(await within(readCachedToken(key, cache))).toBeNull();
    expect(warnings).toEqual([`ignoring token cache ${file}: not a regular file`]);
  });

  it("a token cache file over 64 KiB is ignored with a warning", async () => {
    const { key, warnings, cache } = tokenCache();
    const file = cacheFile(key, cache);
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, `{"token":"${"a".repeat(64 * KiB)}"}`, { mode: 0o600 });
    expect(await readCachedToken(key, cache)).toBeNull();
    expect(warnings).toEqual([`ignoring token cache ${file}: larger than 64 KiB`]);
  });
});

describe.skipIf(!posix)("files the user names may be pipes", () => {
  it("--config naming a FIFO with a writer is read", async () => {
    const dir = tempDir();
    const fifo = mkfifo(path.join(dir, "config.fifo"));
    writer(fifo, JSON.stringify({ profiles: { default: { region: "cn-south-1" } } }));
    const s = await within(resolveSettings({ config: fifo }, ctx({}, dir)), 5000);
    expect(s.region).toEqual({ value: "cn-south-1", source: `config ${fifo}#default` });
  });

  it("--token-file naming a FIFO with a writer is read (as <(pass show bcs) is)", async () => {
    const dir = tempDir();
    const fifo = mkfifo(path.join(dir, "token.fifo"));
    writer(fifo, "tok-from-a-pipe\n");
    const s = await within(resolveSettings({ tokenFile: fifo }, ctx({}, dir)), 5000);
    expect(s.token).toEqual({ value: "tok-from-a-pipe", source: `flag --token-file ${fifo}` });
  });

  it("--token-file naming a FIFO that never gets a writer ends with InterruptedError when the signal fires", async () => {
    const dir = tempDir();
    const fifo = mkfifo(path.join(dir, "token.fifo"));
    const controller = new AbortController();
    const pending = resolveSettings({ tokenFile: fifo }, ctx({}, dir, controller.signal));
    setTimeout(() => controller.abort(new Error("SIGTERM")), 50);
    const err = await rejection(pending, 1000);
    expect(err).toBeInstanceOf(InterruptedError);
    expect(exitCodeFor(err)).toBe(EXIT.interrupted);
  });

  it("a pipe that sends more than the cap is refused, and its writer is not left waiting", async () => {
    const dir = tempDir();
    const fifo = mkfifo(path.join(dir, "token.fifo"));
    const child = spawn("sh", ["-c", 'head -c 200000 /dev/zero | tr "\\0" a > "$0"', fifo], { stdio: "ignore" });
    const exited = new Promise((r) => child.on("exit", r));
    const err = await rejection(resolveSettings({ tokenFile: fifo }, ctx({}, dir)), 5000);
    expect(err.message).toBe(`token file ${fifo} (--token-file) is larger than 64 KiB`);
    await within(exited, 5000);
  });
});

/** A token cache in a fresh temporary folder, its warnings collected. */
function tokenCache() {
  const key: CacheKey = { iamEndpoint: "https://iam.example.com", domain: "d", user: "u", projectId: "p" };
  const warnings: string[] = [];
  const cache = {
    env: { XDG_CACHE_HOME: tempDir() },
    homedir: "/nonexistent",
    uid: process.getuid?.(),
    now: () => 0,
    warn: (l: string) => warnings.push(l),
  };
  return { key, warnings, cache };
}

describe("caps: one line and exit 2", () => {
  it("a token file of 64 KiB + 1 byte is refused quickly; 64 KiB is read", async () => {
    const dir = tempDir();
    const big = path.join(dir, "big-token");
    writeFileSync(big, "a".repeat(64 * KiB + 1), { mode: 0o600 });
    const err = await rejection(resolveSettings({ tokenFile: big }, ctx({}, dir)), 1000);
    expect(err).toBeInstanceOf(UsageError);
    expect(exitCodeFor(err)).toBe(EXIT.usage);
    expect(err.message).toBe(`token file ${big} (--token-file) is larger than 64 KiB`);
    const fits = path.join(dir, "token");
    writeFileSync(fits, "a".repeat(64 * KiB), { mode: 0o600 });
    expect((await resolveSettings({ tokenFile: fits }, ctx({}, dir))).token?.value).toHaveLength(64 * KiB);
  });

  it.skipIf(!existsSync("/dev/urandom"))("/dev/urandom as --token-file is refused within 1 s", async () => {
    const err = await rejection(resolveSettings({ tokenFile: "/dev/urandom" }, ctx({}, "/nonexistent")), 1000);
    expect(err).toBeInstanceOf(TooLargeError);
    expect(exitCodeFor(err)).toBe(EXIT.usage);
    expect(err.message).toBe("token file /dev/urandom (--token-file) is larger than 64 KiB");
  });

  it.skipIf(!existsSync("/dev/zero"))("/dev/zero as --config is refused within 1 s", async () => {
    const err = await rejection(resolveSettings({ config: "/dev/zero" }, ctx({}, "/nonexistent")), 1000);
    expect(exitCodeFor(err)).toBe(EXIT.usage);
    expect(err.message).toBe("config file /dev/zero (flag --config) is larger than 1 MiB");
  });

  it("a token file in a profile (token_file) has the same cap", async () => {
    const home = tempDir();
    const token = path.join(home, "token");
    writeFileSync(token, "a".repeat(64 * KiB + 1), { mode: 0o600 });
    const cfg = path.join(home, ".config", "bcs-status", "config.json");
    mkdirSync(path.dirname(cfg), { recursive: true });
    writeFileSync(cfg, JSON.stringify({ profiles: { default: { token_file: token } } }), { mode: 0o600 });
    const err = await rejection(resolveSettings({}, ctx({}, home)));
    expect(err.message).toBe(`token file ${token} (token_file in ${cfg}) is larger than 64 KiB`);
  });

  it("--token-file naming a directory is one plain line, exit 2", async () => {
    const dir = tempDir();
    const err = await rejection(resolveSettings({ tokenFile: dir }, ctx({}, dir)));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toBe(`token file ${dir} (--token-file) is a directory`);
  });

  it("a config file over 1 MiB is refused, named or found at the default path", async () => {
    const home = tempDir();
    const cfg = path.join(home, ".config", "bcs-status", "config.json");
    mkdirSync(path.dirname(cfg), { recursive: true });
    writeFileSync(cfg, `{"profiles":{},"x":"${"a".repeat(MiB)}"}`, { mode: 0o600 });
    const named = await rejection(resolveSettings({ config: cfg }, ctx({}, home)));
    expect(named.message).toBe(`config file ${cfg} (flag --config) is larger than 1 MiB`);
    const found = await rejection(resolveSettings({}, ctx({}, home)));
    expect(found).toBeInstanceOf(UsageError);
    expect(found.message).toBe(`config file ${cfg} is larger than 1 MiB`);
  });

  it("a credentials file over 1 MiB is refused", async () => {
    const home = tempDir();
    const file = path.join(home, ".huaweicloud", "credentials");
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `[basic]\nak = x\n#${"a".repeat(MiB)}\n`, { mode: 0o600 });
    const err = await rejection(resolveSettings({}, ctx({}, home)));
    expect(exitCodeFor(err)).toBe(EXIT.usage);
    expect(err.message).toBe(`credentials file ${file} is larger than 1 MiB`);
  });

  it("a token on stdin over 64 KiB is refused", async () => {
    const c = { ...ctx({}, "/nonexistent"), readStdin: async () => "a".repeat(64 * KiB + 1) };
    const err = await rejection(resolveSettings({ tokenFile: "-" }, c));
    expect(err.message).toBe("token file on stdin (--token-file) is larger than 64 KiB");
  });
});

describe("readCappedFile and readCappedStream", () => {
  it("read a regular file either way, and give null for a missing one", async () => {
    const dir = tempDir();
    const file = path.join(dir, "f");
    writeFileSync(file, "héllo");
    for (const mustBeRegular of [false, true]) {
      expect(await readCappedFile(file, { maxBytes: 6, what: "test file", mustBeRegular })).toBe("héllo");
      await expect(readCappedFile(file, { maxBytes: 5, what: "test file", mustBeRegular })).rejects.toThrow(
        `test file ${file} is larger than 5 bytes`,
      );
      expect(await readCappedFile(path.join(dir, "none"), { maxBytes: 5, what: "test file", mustBeRegular })).toBeNull();
    }
  });

  it("an aborted signal ends a stream that never ends, with InterruptedError", async () => {
    const stream = new PassThrough();
    const timer = setInterval(() => stream.write("x"), 5);
    const controller = new AbortController();
    const pending = readCappedStream(stream, { maxBytes: MiB, name: "stdin", signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    try {
      expect(await rejection(pending, 1000)).toBeInstanceOf(InterruptedError);
      expect(stream.destroyed).toBe(true);
    } finally {
      clearInterval(timer);
    }
  });

  it("a signal aborted before the read starts reads nothing", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(readCappedFile("/nonexistent", { maxBytes: 1, what: "x", signal: controller.signal })).rejects.toBeInstanceOf(
      InterruptedError,
    );
    await expect(loadConfigFile("/nonexistent", "flag --config", { signal: controller.signal })).rejects.toBeInstanceOf(InterruptedError);
  });
});
