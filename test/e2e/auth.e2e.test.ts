import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostHeader, signRequest } from "../../src/auth/sign.js";
import { type MockServer, type RunResult, runCli, SECRETS, startMockServer } from "../helpers/cli.js";

/**
 * Every way to authenticate (docs/SETTINGS.md), end to end: the built binary against
 * `mock-server`, which verifies AK/SK signatures with SECRETS.sk, accepts the
 * IAM password SECRETS.password, and takes as X-Auth-Token only SECRETS.token
 * and the tokens its IAM route issued (so a forged cached token gets a 401).
 * runCli fails a test if any of SECRETS shows up in stdout or stderr; `run`
 * below also checks the other values that must not be printed.
 */

/** Not a secret for signing, but `config` masks it, so it never needs printing. */
const AK = "AKE2EACCESSKEY0042";
const WRONG_SK = "e2e-WRONG-SK-1f2e3d4c5b";
const WRONG_PASSWORD = "e2e-WRONG-PW-9a8b7c";
const USER = "e2e-user";
const DOMAIN = "e2e-domain";
const PROJECT = "proj-auth";

/** Values that must never be printed, besides SECRETS (IAM tokens the simulator issued are added as they appear). */
const neverShown = new Set<string>([AK, WRONG_SK, WRONG_PASSWORD]);

let sim: MockServer;
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), "bcs-auth-e2e-"));
  sim = await startMockServer(["--token", SECRETS.token, "--ak", AK, "--sk", SECRETS.sk, "--password", SECRETS.password]);
});
afterAll(async () => {
  await sim?.stop();
  expect(leaks(sim?.stderr() ?? "")).toEqual([]);
  await rm(tmp, { recursive: true, force: true });
});

function leaks(text: string): string[] {
  return [...neverShown].filter((s) => text.includes(s));
}

/** runCli (which checks SECRETS) plus a check for the other values that must not be printed. */
async function run(args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<RunResult> {
  const r = await runCli(args, { env, timeoutMs: 15_000, ...(input !== undefined ? { input } : {}) });
  expect(leaks(r.stdout + r.stderr), `output:\n${r.stdout}${r.stderr}`).toEqual([]);
  return r;
}

async function stats(): Promise<Record<string, number>> {
  return sim.stats();
}

/** How much each counter at /__sim/stats moved while `work` ran. */
async function delta(work: () => Promise<void>): Promise<Record<string, number>> {
  const before = await stats();
  await work();
  const after = await stats();
  return Object.fromEntries(Object.keys(after).map((k) => [k, (after[k] ?? 0) - (before[k] ?? 0)]));
}

async function fresh(name: string): Promise<string> {
  return mkdtemp(path.join(tmp, `${name}-`));
}

const where = () => ({ BCS_ENDPOINT: sim.url, BCS_PROJECT_ID: PROJECT });
const masked = (secret: string) => `****${secret.slice(-4)}`;

describe("AK/SK request signing", () => {
  it.each([
    ["BCS_ACCESS_KEY", "BCS_SECRET_KEY"],
    ["HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK"],
    ["HW_ACCESS_KEY", "HW_SECRET_KEY"],
  ])("%s / %s: signed requests are accepted, exit 0, and -v shows no secret", async (akVar, skVar) => {
    let r: RunResult | undefined;
    const d = await delta(async () => {
      r = await run(["get", "bc-ak-1", "--json", "-v"], { ...where(), [akVar]: AK, [skVar]: SECRETS.sk });
    });
    expect(r?.code).toBe(0);
    expect(JSON.parse(r?.stdout ?? "").blockchain_id).toBe("bc-ak-1");
    expect(r?.stderr).toContain("auth: aksk");
    expect(r?.stderr).toContain(`GET ${sim.url}/v2/${PROJECT}/blockchains/bc-ak-1/status -> 200`);
    expect(d).toMatchObject({ status: 1, rejected: 0, tokens: 0, securityTokens: 0 });
  });

  it("from a config profile (access_key / secret_key in a 0600 file named by BCS_CONFIG): exit 0, no warning", async () => {
    const dir = await fresh("cfg");
    const file = path.join(dir, "config.json");
    const profile = { endpoint: sim.url, project_id: "proj-cfg", access_key: AK, secret_key: SECRETS.sk };
    await writeFile(file, JSON.stringify({ default_profile: "ci", profiles: { ci: profile } }), { mode: 0o600 });
    await chmod(file, 0o600);
    const r = await run(["get", "bc-cfg-1", "-v"], { BCS_CONFIG: file });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("auth: aksk");
    expect(r.stderr).toContain(`GET ${sim.url}/v2/proj-cfg/blockchains/bc-cfg-1/status -> 200`);
    expect(r.stderr).not.toMatch(/warning/);

    // The same file readable by others still works, with a warning naming the fix.
    await chmod(file, 0o644);
    const loose = await run(["get", "bc-cfg-1"], { BCS_CONFIG: file });
    expect(loose.code).toBe(0);
    expect(loose.stderr).toContain(`chmod 600 ${file}`);
  });

  it("from the SDK credentials file (HUAWEICLOUD_SDK_CREDENTIALS_FILE, INI [basic] ak/sk/project_id): exit 0", async () => {
    const dir = await fresh("creds");
    const file = path.join(dir, "credentials");
    const ini = [
      "# written by hcloud configure",
      "[other]",
      "ak = NOT-THIS-ONE",
      "sk = not-this-one-either",
      "",
      "[basic]",
      `ak = ${AK}`,
      `sk = ${SECRETS.sk}`,
      "project_id = proj-creds",
      "",
    ].join("\n");
    await writeFile(file, ini, { mode: 0o600 });
    let r: RunResult | undefined;
    const d = await delta(async () => {
      r = await run(["get", "bc-creds-1", "-v"], { BCS_ENDPOINT: sim.url, HUAWEICLOUD_SDK_CREDENTIALS_FILE: file });
    });
    expect(r?.code).toBe(0);
    expect(r?.stderr).toContain("auth: aksk");
    expect(r?.stderr).toContain(`GET ${sim.url}/v2/proj-creds/blockchains/bc-creds-1/status -> 200`);
    expect(r?.stderr).not.toMatch(/warning/);
    expect(d).toMatchObject({ status: 1, rejected: 0 });

    const cfg = await run(["config", "--json"], { BCS_ENDPOINT: sim.url, HUAWEICLOUD_SDK_CREDENTIALS_FILE: file });
    const doc = JSON.parse(cfg.stdout);
    expect(doc.auth_mode).toBe("aksk");
    for (const key of ["access_key", "secret_key", "project_id"]) expect(doc.settings[key].source).toBe(`credentials ${file}`);

    // Like the config file: readable by others, it still works, with a warning naming the fix.
    await chmod(file, 0o644);
    const loose = await run(["get", "bc-creds-1"], { BCS_ENDPOINT: sim.url, HUAWEICLOUD_SDK_CREDENTIALS_FILE: file });
    expect(loose.code).toBe(0);
    expect(loose.stderr.trim().split("\n")).toEqual([expect.stringContaining(`chmod 600 ${file}`)]);
  });

  it("the credentials file is the lowest source: the environment and a config profile beat it", async () => {
    const dir = await fresh("creds-low");
    const file = path.join(dir, "credentials");
    await writeFile(file, `[basic]\nak = ${AK}\nsk = ${WRONG_SK}\nproject_id = proj-from-file\n`, { mode: 0o600 });
    const fromEnv = await run(["get", "bc-low-1", "-v"], {
      ...where(),
      BCS_SECRET_KEY: SECRETS.sk,
      HUAWEICLOUD_SDK_CREDENTIALS_FILE: file,
    });
    expect(fromEnv.code).toBe(0);
    expect(fromEnv.stderr).toContain(`/v2/${PROJECT}/blockchains/bc-low-1/status -> 200`);

    const cfgFile = path.join(dir, "config.json");
    await writeFile(cfgFile, JSON.stringify({ profiles: { default: { endpoint: sim.url, secret_key: SECRETS.sk } } }), { mode: 0o600 });
    const fromProfile = await run(["get", "bc-low-2"], { BCS_CONFIG: cfgFile, HUAWEICLOUD_SDK_CREDENTIALS_FILE: file });
    expect(fromProfile.code).toBe(0);

    // Alone, the file's wrong secret key is refused.
    expect((await run(["get", "bc-low-3"], { BCS_ENDPOINT: sim.url, HUAWEICLOUD_SDK_CREDENTIALS_FILE: file })).code).toBe(3);
  });

  it("a token beats AK/SK (and AK/SK beats an IAM login)", async () => {
    const tokenFirst = await run(["get", "bc-prec-1", "-v"], {
      ...where(),
      BCS_TOKEN: SECRETS.token,
      BCS_ACCESS_KEY: AK,
      BCS_SECRET_KEY: WRONG_SK,
    });
    expect(tokenFirst.code).toBe(0);
    expect(tokenFirst.stderr).toContain("auth: token");

    const d = await delta(async () => {
      const akFirst = await run(["get", "bc-prec-2", "-v"], {
        ...where(),
        BCS_ACCESS_KEY: AK,
        BCS_SECRET_KEY: SECRETS.sk,
        BCS_USERNAME: USER,
        BCS_PASSWORD: SECRETS.password,
        BCS_DOMAIN_NAME: DOMAIN,
        BCS_IAM_ENDPOINT: sim.url,
      });
      expect(akFirst.code).toBe(0);
      expect(akFirst.stderr).toContain("auth: aksk");
    });
    expect(d.tokens).toBe(0);
  });

  it("a wrong secret key exits 3 with a one-line error naming the access key pair as the thing to check", async () => {
    let r: RunResult | undefined;
    const d = await delta(async () => {
      r = await run(["get", "bc-wrong-1"], { ...where(), BCS_ACCESS_KEY: AK, BCS_SECRET_KEY: WRONG_SK });
    });
    expect(r?.code).toBe(3);
    const lines = (r?.stderr ?? "").trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^bcs-status: /);
    expect(lines[0]).toContain("HTTP 401 APIGW.0301: Incorrect IAM authentication information: signature does not match");
    expect(lines[0]).toContain("check the access key and secret key");
    expect(d).toMatchObject({ status: 0, rejected: 1 });

    // The same with -v and --json: the trace and the JSON error hold no secret either.
    const verbose = await run(["get", "bc-wrong-1", "-v", "--json"], { ...where(), BCS_ACCESS_KEY: AK, BCS_SECRET_KEY: WRONG_SK });
    expect(verbose.code).toBe(3);
    expect(JSON.parse(verbose.stdout).error).toMatchObject({ http_status: 401, error_code: "APIGW.0301" });
    expect(verbose.stderr).toContain("-> 401");
  });

  it("another access key exits 3 too", async () => {
    const r = await run(["get", "bc-wrong-2"], { ...where(), BCS_ACCESS_KEY: "AKSOMEONEELSE01", BCS_SECRET_KEY: SECRETS.sk });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("unknown access key");
  });

  it("an incomplete key pair is a usage error naming what is missing, and nothing is requested", async () => {
    const d = await delta(async () => {
      const noSk = await run(["get", "bc-inc-1"], { ...where(), BCS_ACCESS_KEY: AK });
      expect(noSk.code).toBe(2);
      expect(noSk.stderr).toMatch(/without a secret key: set BCS_SECRET_KEY/);
      const noAk = await run(["get", "bc-inc-1"], { ...where(), HW_SECRET_KEY: SECRETS.sk });
      expect(noAk.code).toBe(2);
      expect(noAk.stderr).toMatch(/secret key set \(env HW_SECRET_KEY\) without an access key/);
      const noPassword = await run(["get", "bc-inc-1"], { ...where(), BCS_USERNAME: USER, BCS_DOMAIN_NAME: DOMAIN });
      expect(noPassword.code).toBe(2);
      expect(noPassword.stderr).toMatch(/incomplete IAM user login: set BCS_PASSWORD/);
    });
    expect(d).toMatchObject({ status: 0, rejected: 0, tokens: 0 });
  });
});

describe("temporary credentials: the security token", () => {
  it.each(["BCS_SECURITY_TOKEN", "HUAWEICLOUD_SDK_SECURITY_TOKEN", "HW_SECURITY_TOKEN"])(
    "%s is sent as X-Security-Token and signed (the simulator counts it only then)",
    async (name) => {
      let r: RunResult | undefined;
      const d = await delta(async () => {
        r = await run(["get", "bc-sts-1", "-v", "--json"], {
          ...where(),
          BCS_ACCESS_KEY: AK,
          BCS_SECRET_KEY: SECRETS.sk,
          [name]: SECRETS.securityToken,
        });
      });
      expect(r?.code).toBe(0);
      expect(r?.stderr).toContain("-> 200");
      expect(d).toMatchObject({ status: 1, securityTokens: 1, rejected: 0 });
    },
  );

  it("from the credentials file's [basic] security_token", async () => {
    const file = path.join(await fresh("creds-sts"), "credentials");
    await writeFile(file, `[basic]\nak=${AK}\nsk=${SECRETS.sk}\nproject_id=${PROJECT}\nsecurity_token=${SECRETS.securityToken}\n`, {
      mode: 0o600,
    });
    let r: RunResult | undefined;
    const d = await delta(async () => {
      r = await run(["get", "bc-sts-2", "-v"], { BCS_ENDPOINT: sim.url, HUAWEICLOUD_SDK_CREDENTIALS_FILE: file });
    });
    expect(r?.code).toBe(0);
    expect(d).toMatchObject({ status: 1, securityTokens: 1 });
  });

  it("the simulator refuses a security token the signature does not cover, or one changed after signing", async () => {
    const url = `${sim.url}/v2/${PROJECT}/blockchains/bc-sts-raw/status`;
    const get = async (headers: Record<string, string>) => {
      const res = await fetch(url, { headers, signal: AbortSignal.timeout(5_000) });
      return { status: res.status, body: (await res.json()) as { error_code?: string; error_msg?: string } };
    };
    const sign = (securityToken?: string) =>
      signRequest({
        method: "GET",
        url,
        headers: { Host: hostHeader(url) },
        accessKey: AK,
        secretKey: SECRETS.sk,
        projectId: PROJECT,
        ...(securityToken ? { securityToken } : {}),
      });

    const d = await delta(async () => {
      const unsigned = await get({ ...sign(), "X-Security-Token": SECRETS.securityToken });
      expect(unsigned).toEqual({
        status: 401,
        body: { error_code: "APIGW.0301", error_msg: "Incorrect IAM authentication information: security token not signed" },
      });
      const swapped = await get({ ...sign(SECRETS.securityToken), "X-Security-Token": "another-security-token" });
      expect(swapped.status).toBe(401);
      expect(swapped.body.error_msg).toMatch(/signature does not match/);
      expect((await get(sign(SECRETS.securityToken))).status).toBe(200);
      expect((await get(sign())).status).toBe(200);
    });
    expect(d).toMatchObject({ status: 2, rejected: 2, securityTokens: 1 });
  });
});

describe("IAM user login with a token cache", () => {
  const loginEnv = (cacheHome: string, password: string = SECRETS.password) => ({
    ...where(),
    BCS_USERNAME: USER,
    BCS_PASSWORD: password,
    BCS_DOMAIN_NAME: DOMAIN,
    BCS_IAM_ENDPOINT: sim.url,
    XDG_CACHE_HOME: cacheHome,
  });

  /** The one cache file under XDG_CACHE_HOME/bcs-status, parsed, with its path. */
  async function cacheEntry(cacheHome: string) {
    const dir = path.join(cacheHome, "bcs-status");
    const files = (await readdir(dir)).filter((f) => !f.startsWith("."));
    expect(files).toHaveLength(1);
    const file = path.join(dir, files[0] as string);
    const text = await readFile(file, "utf8");
    const entry = JSON.parse(text) as { token: string; expires_at: string } & Record<string, unknown>;
    neverShown.add(entry.token);
    return { dir, file, text, entry };
  }

  async function rewrite(file: string, change: Record<string, unknown>) {
    const entry = JSON.parse(await readFile(file, "utf8"));
    await writeFile(file, JSON.stringify({ ...entry, ...change }), { mode: 0o600 });
    await chmod(file, 0o600);
  }

  const logins = (stderr: string) => stderr.split("\n").filter((l) => l.includes(`POST ${sim.url}/v3/auth/tokens`));

  it("logs in once, caches the token 0600 in a 0700 directory without the password, and reuses it on the next run", async () => {
    const cacheHome = await fresh("cache");
    let first: RunResult | undefined;
    const d1 = await delta(async () => {
      first = await run(["get", "bc-iam-1", "-v", "--json"], loginEnv(cacheHome));
    });
    expect(first?.code).toBe(0);
    expect(first?.stderr).toContain("auth: password");
    expect(logins(first?.stderr ?? "")).toEqual([expect.stringMatching(/ -> 201 \(\d+ ms\)$/)]);
    expect(d1).toMatchObject({ tokens: 1, status: 1, rejected: 0 });

    const { dir, file, text, entry } = await cacheEntry(cacheHome);
    if (process.platform !== "win32") {
      expect((await stat(dir)).mode & 0o777).toBe(0o700);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
    }
    expect(entry.token).toMatch(/^MIIsim/);
    expect(Date.parse(entry.expires_at) - Date.now()).toBeGreaterThan(23 * 3600_000);
    expect(entry).toMatchObject({ iam_endpoint: sim.url, domain: DOMAIN, user: USER, project_id: PROJECT });
    expect(text).not.toContain(SECRETS.password);
    // Nothing else in the cache directory holds it either (no temp file left behind).
    for (const f of await readdir(dir)) expect(await readFile(path.join(dir, f), "utf8")).not.toContain(SECRETS.password);

    let second: RunResult | undefined;
    const d2 = await delta(async () => {
      second = await run(["get", "bc-iam-1", "-v", "--json"], loginEnv(cacheHome));
    });
    expect(second?.code).toBe(0);
    expect(logins(second?.stderr ?? "")).toEqual([]);
    expect(d2).toMatchObject({ tokens: 0, status: 1 });
    expect((await cacheEntry(cacheHome)).entry.token).toBe(entry.token);
  });

  it("a cached token that has expired, or expires within 5 minutes, is replaced by a fresh login", async () => {
    const cacheHome = await fresh("cache-exp");
    expect((await run(["get", "bc-iam-2"], loginEnv(cacheHome))).code).toBe(0);
    const { file, entry: old } = await cacheEntry(cacheHome);

    for (const expiresAt of [new Date(Date.now() - 3600_000), new Date(Date.now() + 4 * 60_000)]) {
      await rewrite(file, { expires_at: expiresAt.toISOString() });
      let r: RunResult | undefined;
      const d = await delta(async () => {
        r = await run(["get", "bc-iam-2", "-v"], loginEnv(cacheHome));
      });
      expect(r?.code).toBe(0);
      expect(logins(r?.stderr ?? "")).toHaveLength(1);
      expect(d).toMatchObject({ tokens: 1, status: 1, rejected: 0 });
      const now = await cacheEntry(cacheHome);
      expect(now.entry.token).not.toBe(old.token);
      expect(Date.parse(now.entry.expires_at)).toBeGreaterThan(Date.now() + 23 * 3600_000);
    }
  });

  it("a 401 on a cached token drops it and logs in exactly once more, then succeeds", async () => {
    const cacheHome = await fresh("cache-401");
    expect((await run(["get", "bc-iam-3"], loginEnv(cacheHome))).code).toBe(0);
    const { file, entry } = await cacheEntry(cacheHome);
    // A token the simulator never issued, still valid for hours as far as the cache knows.
    await rewrite(file, { token: "MIIsimREVOKEDtoken0000" });
    neverShown.add("MIIsimREVOKEDtoken0000");

    let r: RunResult | undefined;
    const d = await delta(async () => {
      r = await run(["get", "bc-iam-3", "-v"], loginEnv(cacheHome));
    });
    expect(r?.code).toBe(0);
    const trace = (r?.stderr ?? "").split("\n").filter((l) => / -> \d+ /.test(l));
    expect(trace.map((l) => l.replace(/^\* /, "").replace(/ \(\d+ ms\)$/, ""))).toEqual([
      `GET ${sim.url}/v2/${PROJECT}/blockchains/bc-iam-3/status -> 401`,
      `POST ${sim.url}/v3/auth/tokens -> 201`,
      `GET ${sim.url}/v2/${PROJECT}/blockchains/bc-iam-3/status -> 200`,
    ]);
    expect(d).toMatchObject({ tokens: 1, rejected: 1, status: 1 });
    const renewed = (await cacheEntry(cacheHome)).entry.token;
    expect(renewed).not.toBe("MIIsimREVOKEDtoken0000");
    expect(renewed).not.toBe(entry.token);
  });

  it("several ids rejected together share the one re-login", async () => {
    const cacheHome = await fresh("cache-401-many");
    expect((await run(["get", "bc-iam-4"], loginEnv(cacheHome))).code).toBe(0);
    await rewrite((await cacheEntry(cacheHome)).file, { token: "MIIsimREVOKEDtoken0000" });
    let r: RunResult | undefined;
    const d = await delta(async () => {
      r = await run(["get", "bc-iam-4", "bc-iam-5", "bc-iam-6", "--json"], loginEnv(cacheHome));
    });
    expect(r?.code).toBe(0);
    expect((r?.stdout ?? "").trim().split("\n")).toHaveLength(3);
    expect(d).toMatchObject({ tokens: 1, rejected: 3, status: 3 });
  });

  it("a corrupt or group-readable cache file is ignored with a warning, never trusted", async () => {
    const cacheHome = await fresh("cache-bad");
    expect((await run(["get", "bc-iam-7"], loginEnv(cacheHome))).code).toBe(0);
    const { file } = await cacheEntry(cacheHome);

    await writeFile(file, "{not json", { mode: 0o600 });
    let r: RunResult | undefined;
    let d = await delta(async () => {
      r = await run(["get", "bc-iam-7"], loginEnv(cacheHome));
    });
    expect(r?.code).toBe(0);
    expect(r?.stderr).toContain(`warning: ignoring token cache ${file}: not valid JSON`);
    expect(d.tokens).toBe(1);

    await chmod(file, 0o644);
    d = await delta(async () => {
      r = await run(["get", "bc-iam-7"], loginEnv(cacheHome));
    });
    expect(r?.code).toBe(0);
    expect(r?.stderr).toMatch(/warning: ignoring token cache .*group or others can access it/);
    expect(d.tokens).toBe(1);
    if (process.platform !== "win32") expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it("a wrong password exits 3 with a one-line error, caches nothing, and never prints the password", async () => {
    const cacheHome = await fresh("cache-wrong");
    let r: RunResult | undefined;
    const d = await delta(async () => {
      r = await run(["get", "bc-iam-8"], loginEnv(cacheHome, WRONG_PASSWORD));
    });
    expect(r?.code).toBe(3);
    const lines = (r?.stderr ?? "").trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("IAM login failed: HTTP 401");
    expect(lines[0]).toContain("check BCS_USERNAME, BCS_PASSWORD and BCS_DOMAIN_NAME");
    expect(d).toMatchObject({ tokens: 0, rejected: 1, status: 0 });
    await expect(readdir(path.join(cacheHome, "bcs-status"))).rejects.toMatchObject({ code: "ENOENT" });

    const verbose = await run(["get", "bc-iam-8", "-v", "--json"], loginEnv(cacheHome, WRONG_PASSWORD));
    expect(verbose.code).toBe(3);
    expect(JSON.parse(verbose.stdout).error.http_status).toBe(401);
    expect(logins(verbose.stderr)).toEqual([expect.stringContaining("-> 401")]);
  });

  it("works with the login in a config profile (password key) as well", async () => {
    const dir = await fresh("cfg-login");
    const file = path.join(dir, "config.json");
    const profile = {
      endpoint: sim.url,
      iam_endpoint: sim.url,
      project_id: PROJECT,
      username: USER,
      password: SECRETS.password,
      domain_name: DOMAIN,
    };
    await writeFile(file, JSON.stringify({ profiles: { default: profile } }), { mode: 0o600 });
    const r = await run(["get", "bc-iam-9", "-v"], { BCS_CONFIG: file, XDG_CACHE_HOME: path.join(dir, "cache") });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("auth: password");
    expect(r.stderr).not.toMatch(/warning/);
    await cacheEntry(path.join(dir, "cache"));
  });
});

describe("config shows the auth mode and masks every secret", () => {
  const all = () => ({
    ...where(),
    BCS_TOKEN: SECRETS.token,
    BCS_ACCESS_KEY: AK,
    BCS_SECRET_KEY: SECRETS.sk,
    BCS_SECURITY_TOKEN: SECRETS.securityToken,
    BCS_USERNAME: USER,
    BCS_PASSWORD: SECRETS.password,
    BCS_DOMAIN_NAME: DOMAIN,
    BCS_IAM_ENDPOINT: sim.url,
  });

  it("with every credential set: the token mode, each secret as ****abcd with its source", async () => {
    const r = await run(["config"], all());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/auth mode: token$/m);
    for (const [key, secret, source] of [
      ["token", SECRETS.token, "env BCS_TOKEN"],
      ["access_key", AK, "env BCS_ACCESS_KEY"],
      ["secret_key", SECRETS.sk, "env BCS_SECRET_KEY"],
      ["security_token", SECRETS.securityToken, "env BCS_SECURITY_TOKEN"],
      ["password", SECRETS.password, "env BCS_PASSWORD"],
    ] as const) {
      expect(r.stdout).toMatch(new RegExp(`^${key} +\\*{4}${secret.slice(-4)} +${source}$`, "m"));
    }

    const json = JSON.parse((await run(["config", "--json"], all())).stdout);
    expect(json.auth_mode).toBe("token");
    expect(json.settings.secret_key).toEqual({ value: masked(SECRETS.sk), source: "env BCS_SECRET_KEY" });
    expect(json.settings.password).toEqual({ value: masked(SECRETS.password), source: "env BCS_PASSWORD" });
  });

  it("names the AK/SK mode, temporary or not, and the IAM login mode", async () => {
    const { BCS_TOKEN: _t, ...noToken } = all();
    expect(JSON.parse((await run(["config", "--json"], noToken)).stdout).auth_mode).toBe("aksk (temporary, with security token)");
    const { BCS_SECURITY_TOKEN: _s, ...permanent } = noToken;
    expect(JSON.parse((await run(["config", "--json"], permanent)).stdout).auth_mode).toBe("aksk");
    const { BCS_ACCESS_KEY: _a, BCS_SECRET_KEY: _k, ...login } = permanent;
    const r = await run(["config"], login);
    expect(r.stdout).toMatch(/auth mode: password \(IAM user login\)$/m);
    expect(r.stdout).toContain(masked(SECRETS.password));
    expect(r.stdout).toMatch(/^iam_endpoint +http:\/\/127\.0\.0\.1:\d+ +env BCS_IAM_ENDPOINT$/m);
  });

  it("names what is missing for an incomplete set", async () => {
    const r = await run(["config", "--json"], { ...where(), BCS_ACCESS_KEY: AK });
    expect(JSON.parse(r.stdout).auth_mode).toMatch(/^none: access key set \(env BCS_ACCESS_KEY\) without a secret key/);
  });
});
