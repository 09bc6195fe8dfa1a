import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { MockAgent } from "undici";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { passwordAuthenticator } from "../../src/auth/iam-login.js";
import { cacheDir } from "../../src/auth/token-cache.js";
import type { Deps } from "../../src/deps/deps.js";
import { createTestIO } from "../../src/deps/io.js";
import { ApiError } from "../../src/util/errors.js";
import { fakeClock } from "../helpers/deps.js";

const IAM = "https://iam.cn-north-4.example.com";
const PASSWORD = "s3cret-Passw0rd!";
const CFG = { username: "alice", password: PASSWORD, domainName: "acme", iamEndpoint: new URL(IAM) };
const PROJECT = "proj-1";
const T0 = Date.parse("2025-06-01T12:00:00Z");
const posix = process.platform !== "win32";

let cacheHome: string;
let agent: MockAgent;
let now: number;
let traces: string[];

beforeEach(async () => {
  cacheHome = await mkdtemp(path.join(tmpdir(), "bcs-iam-"));
  agent = new MockAgent();
  agent.disableNetConnect();
  now = T0;
  traces = [];
});
afterEach(async () => {
  agent.assertNoPendingInterceptors();
  await agent.close();
  await rm(cacheHome, { recursive: true, force: true });
});

function makeDeps(uid = process.getuid?.()) {
  const io = createTestIO();
  const deps: Deps = {
    io,
    env: { XDG_CACHE_HOME: cacheHome },
    now: () => now,
    sleep: async () => {},
    timers: fakeClock().timers,
    dispatcher: agent,
    signal: new AbortController().signal,
    homedir: "/nonexistent-home",
    uid,
  };
  return { deps, io };
}

function auth(deps: Deps) {
  return passwordAuthenticator(CFG, PROJECT, deps, (line) => traces.push(line));
}

const iso = (ms: number) => new Date(ms).toISOString();

/** One expected login, answering with `token`, valid for `hours`; records the request body (the matcher may run more than once). */
function expectLogin(token: string, hours = 24) {
  const bodies = new Set<string>();
  agent
    .get(IAM)
    .intercept({
      path: "/v3/auth/tokens",
      method: "POST",
      headers: { "content-type": "application/json;charset=utf8" },
      body: (b) => {
        bodies.add(b);
        return true;
      },
    })
    .reply(
      201,
      { token: { expires_at: iso(now + hours * 3_600_000), methods: ["password"] } },
      { headers: { "x-subject-token": token, "content-type": "application/json" } },
    );
  return bodies;
}

async function cacheFiles(): Promise<string[]> {
  const dir = cacheDir({ XDG_CACHE_HOME: cacheHome }, "/");
  return (await readdir(dir)).map((f) => path.join(dir, f));
}

async function allText(io: ReturnType<typeof createTestIO>): Promise<string> {
  const files = await cacheFiles().catch(() => []);
  const contents = await Promise.all(files.map((f) => readFile(f, "utf8")));
  return [io.stdout.text(), io.stderr.text(), ...traces, ...contents].join("\n");
}

describe("passwordAuthenticator", () => {
  it("logs in once, sends the password body scoped to the project, and caches the token 0600 in a 0700 dir", async () => {
    const bodies = expectLogin("tok-1");
    const { deps, io } = makeDeps();
    const a = auth(deps);
    expect(a.mode).toBe("password");
    await a.ready();
    await a.ready();
    expect(a.headers("GET", "https://bcs.example.com/x")).toEqual({ "x-auth-token": "tok-1" });
    expect([...bodies].map((b) => JSON.parse(b))).toEqual([
      {
        auth: {
          identity: { methods: ["password"], password: { user: { domain: { name: "acme" }, name: "alice", password: PASSWORD } } },
          scope: { project: { id: PROJECT } },
        },
      },
    ]);
    const [file] = await cacheFiles();
    expect(file).toMatch(/token-[0-9a-f]{32}\.json$/);
    if (posix) {
      expect((await stat(file as string)).mode & 0o777).toBe(0o600);
      expect((await stat(path.dirname(file as string))).mode & 0o777).toBe(0o700);
    }
    expect(JSON.parse(await readFile(file as string, "utf8"))).toMatchObject({
      token: "tok-1",
      domain: "acme",
      user: "alice",
      project_id: PROJECT,
    });
    expect(traces).toEqual([expect.stringMatching(/^POST https:\/\/iam\.cn-north-4\.example\.com\/v3\/auth\/tokens -> 201 \(\d+ ms\)$/)]);
    // The password is a secret of the run: the output boundary masks it from now on.
    expect(io.secrets.reveals(PASSWORD)).toBe(true);
    expect(io.stderr.text()).toBe("");
    expect(await allText(io)).not.toContain(PASSWORD);
  });

  it("a second authenticator reuses the cached token without a request", async () => {
    expectLogin("tok-1");
    await auth(makeDeps().deps).ready();
    now += 3_600_000;
    const second = auth(makeDeps().deps);
    await second.ready();
    expect(second.headers("GET", "u")).toEqual({ "x-auth-token": "tok-1" });
    expect(traces).toHaveLength(1);
  });

  it("logs in afresh when the cached token is within 5 minutes of expiry", async () => {
    expectLogin("tok-1", 1);
    await auth(makeDeps().deps).ready();
    now += 56 * 60_000;
    expectLogin("tok-2");
    const a = auth(makeDeps().deps);
    await a.ready();
    expect(a.headers("GET", "u")).toEqual({ "x-auth-token": "tok-2" });
    expect(JSON.parse(await readFile((await cacheFiles())[0] as string, "utf8")).token).toBe("tok-2");
  });

  it("warns about a corrupt cache file and logs in afresh", async () => {
    expectLogin("tok-1");
    await auth(makeDeps().deps).ready();
    const [file] = await cacheFiles();
    await writeFile(file as string, "{ corrupt");
    expectLogin("tok-2");
    const { deps, io } = makeDeps();
    const a = auth(deps);
    await a.ready();
    expect(a.headers("GET", "u")).toEqual({ "x-auth-token": "tok-2" });
    expect(io.stderr.text()).toMatch(/^bcs-status: warning: ignoring token cache .*: not valid JSON\n$/);
    expect(await allText(io)).not.toContain(PASSWORD);
  });

  it("warns about a cache file others can read (0644) and does not use it", async () => {
    if (!posix) return;
    expectLogin("tok-1");
    await auth(makeDeps().deps).ready();
    const [file] = await cacheFiles();
    await chmod(file as string, 0o644);
    expectLogin("tok-2");
    const { deps, io } = makeDeps();
    const a = auth(deps);
    await a.ready();
    expect(a.headers("GET", "u")).toEqual({ "x-auth-token": "tok-2" });
    expect(io.stderr.text()).toMatch(/^bcs-status: warning: ignoring token cache .*mode 644.*\n$/);
    expect((await stat(file as string)).mode & 0o777).toBe(0o600);
  });

  it("concurrent ready() and renew() calls share one login", async () => {
    expectLogin("tok-1");
    const a = auth(makeDeps().deps);
    await Promise.all([a.ready(), a.ready(), a.ready()]);
    expectLogin("tok-2");
    expect(await Promise.all([a.renew(), a.renew()])).toEqual([true, true]);
    expect(await a.renew()).toBe(false);
    expect(traces).toHaveLength(2);
  });

  it("renew() drops the cache and logs in again once; a second renew() is false", async () => {
    expectLogin("tok-1");
    const { deps, io } = makeDeps();
    const a = auth(deps);
    await a.ready();
    expectLogin("tok-2");
    expect(await a.renew()).toBe(true);
    expect(a.headers("GET", "u")).toEqual({ "x-auth-token": "tok-2" });
    expect(JSON.parse(await readFile((await cacheFiles())[0] as string, "utf8")).token).toBe("tok-2");
    expect(await a.renew()).toBe(false);
    expect(traces).toHaveLength(2);
    expect(io.secrets.reveals(PASSWORD)).toBe(true);
  });

  it("a wrong password is an auth error with IAM's message and a hint; nothing cached", async () => {
    agent
      .get(IAM)
      .intercept({ path: "/v3/auth/tokens", method: "POST" })
      .reply(
        401,
        { error: { code: 401, message: "The username or password is wrong.", title: "Unauthorized" } },
        { headers: { "content-type": "application/json" } },
      );
    const { deps, io } = makeDeps();
    const err = await auth(deps)
      .ready()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ kind: "auth", httpStatus: 401, hint: "check BCS_USERNAME, BCS_PASSWORD and BCS_DOMAIN_NAME" });
    expect((err as ApiError).message).toBe("IAM login failed: HTTP 401: The username or password is wrong.");
    expect(await cacheFiles().catch(() => [])).toEqual([]);
    expect(`${(err as Error).message}\n${await allText(io)}`).not.toContain(PASSWORD);
  });

  it("other statuses are api errors; a redirect is not followed", async () => {
    agent.get(IAM).intercept({ path: "/v3/auth/tokens", method: "POST" }).reply(503, "busy");
    await expect(auth(makeDeps().deps).ready()).rejects.toMatchObject({ kind: "api", httpStatus: 503 });
    agent
      .get(IAM)
      .intercept({ path: "/v3/auth/tokens", method: "POST" })
      .reply(302, "", { headers: { location: "https://evil.example/" } });
    await expect(auth(makeDeps().deps).ready()).rejects.toMatchObject({ kind: "api", httpStatus: 302 });
  });

  it("a missing X-Subject-Token or expires_at is an invalid response", async () => {
    agent
      .get(IAM)
      .intercept({ path: "/v3/auth/tokens", method: "POST" })
      .reply(201, { token: { expires_at: iso(now + 3_600_000) } });
    await expect(auth(makeDeps().deps).ready()).rejects.toMatchObject({ kind: "invalidResponse" });
    agent
      .get(IAM)
      .intercept({ path: "/v3/auth/tokens", method: "POST" })
      .reply(201, "not json", { headers: { "x-subject-token": "tok" } });
    await expect(auth(makeDeps().deps).ready()).rejects.toMatchObject({ kind: "invalidResponse" });
  });

  it("an IAM endpoint given with its /v3 is the same endpoint (no /v3/v3)", async () => {
    expectLogin("tok-v3");
    const { deps } = makeDeps();
    const a = passwordAuthenticator({ ...CFG, iamEndpoint: new URL(`${IAM}/v3/`) }, PROJECT, deps, (line) => traces.push(line));
    await a.ready();
    expect(a.headers("GET", "https://bcs.example.com/x")).toEqual({ "x-auth-token": "tok-v3" });
  });

  it("a connection failure is a network error naming the IAM origin", async () => {
    const refused = Object.assign(new Error(`connect ECONNREFUSED ${PASSWORD}`), { code: "ECONNREFUSED" });
    agent.get(IAM).intercept({ path: "/v3/auth/tokens", method: "POST" }).replyWithError(refused);
    const { deps, io } = makeDeps();
    const err = await auth(deps)
      .ready()
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "network", message: `IAM login: cannot reach ${IAM}: ECONNREFUSED` });
    expect(traces).toEqual([expect.stringMatching(/-> ECONNREFUSED \(\d+ ms\)$/)]);
    expect(await allText(io)).not.toContain(PASSWORD);
  });
});

describe("a renewal while other requests are under way (review defect: headers() before ready())", () => {
  it("requests already past ready() keep the old token until the new one is in, and never throw", async () => {
    expectLogin("tok-old-0001");
    const a = auth(makeDeps().deps);
    await a.ready();
    const seen = a.generation?.();
    expectLogin("tok-new-0002");
    const renewing = a.renew(seen);
    // Mid-renewal: the old token, not an exception.
    expect(a.headers("GET", "u")).toEqual({ "x-auth-token": "tok-old-0001" });
    expect(await renewing).toBe(true);
    expect(a.headers("GET", "u")).toEqual({ "x-auth-token": "tok-new-0002" });
  });

  it("a 401 for a token another request already replaced retries with the new one, without another login", async () => {
    expectLogin("tok-old-0001");
    const a = auth(makeDeps().deps);
    await a.ready();
    const before = a.generation?.();
    expectLogin("tok-new-0002");
    expect(await a.renew(before)).toBe(true);
    // A slower request that used the old token gets its 401 now: true again, and no third login is scripted.
    expect(await a.renew(before)).toBe(true);
    expect(traces).toHaveLength(2);
  });
});
