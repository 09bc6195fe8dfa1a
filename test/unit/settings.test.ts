import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { mask, type ResolveContext, resolveSettings, type SettingFlags } from "../../src/settings/resolve.js";
import { chooseAuth, requireTarget } from "../../src/settings/target.js";
import { UsageError } from "../../src/util/errors.js";

const dirs: string[] = [];
function tempHome(): string {
  const d = mkdtempSync(path.join(tmpdir(), "bcs-settings-"));
  dirs.push(d);
  return d;
}
afterEach(() => {
  dirs.length = 0;
});

function ctx(env: NodeJS.ProcessEnv, homedir = "/nonexistent/home", stdin = ""): ResolveContext & { warnings: string[] } {
  const warnings: string[] = [];
  return { env, homedir, readStdin: async () => stdin, warn: (l) => warnings.push(l), warnings };
}

function writeConfig(home: string, data: unknown, mode = 0o600): string {
  const file = path.join(home, ".config", "bcs-status", "config.json");
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(data));
  chmodSync(file, mode);
  return file;
}

describe("environment aliases", () => {
  it.each([
    ["project_id", "BCS_PROJECT_ID"],
    ["project_id", "HUAWEICLOUD_SDK_PROJECT_ID"],
    ["project_id", "HW_PROJECT_ID"],
    ["region", "BCS_REGION"],
    ["region", "HW_REGION_NAME"],
    ["endpoint", "BCS_ENDPOINT"],
    ["token", "BCS_TOKEN"],
    ["token", "HW_AUTH_TOKEN"],
    ["access_key", "BCS_ACCESS_KEY"],
    ["access_key", "HUAWEICLOUD_SDK_AK"],
    ["access_key", "HW_ACCESS_KEY"],
    ["secret_key", "BCS_SECRET_KEY"],
    ["secret_key", "HUAWEICLOUD_SDK_SK"],
    ["secret_key", "HW_SECRET_KEY"],
    ["security_token", "BCS_SECURITY_TOKEN"],
    ["security_token", "HUAWEICLOUD_SDK_SECURITY_TOKEN"],
    ["security_token", "HW_SECURITY_TOKEN"],
    ["username", "BCS_USERNAME"],
    ["username", "HW_USER_NAME"],
    ["password", "BCS_PASSWORD"],
    ["password", "HW_PASSWORD"],
    ["domain_name", "BCS_DOMAIN_NAME"],
    ["domain_name", "HW_DOMAIN_NAME"],
    ["iam_endpoint", "BCS_IAM_ENDPOINT"],
  ] as const)("%s from %s", async (key, name) => {
    const s = await resolveSettings({}, ctx({ [name]: "value-1" }));
    expect(s[key]).toEqual({ value: "value-1", source: `env ${name}` });
  });

  it("the first alias set wins", async () => {
    const s = await resolveSettings({}, ctx({ HW_PROJECT_ID: "c", HUAWEICLOUD_SDK_PROJECT_ID: "b", BCS_PROJECT_ID: "a" }));
    expect(s.project_id?.value).toBe("a");
  });
});

describe("precedence: flag > env > config profile > credentials file > default", () => {
  it("walks the whole chain", async () => {
    const home = tempHome();
    const cfg = writeConfig(home, {
      default_profile: "prod",
      profiles: { prod: { region: "cn-north-4", project_id: "cfg-proj", endpoint: "https://cfg.example.com" } },
    });
    mkdirSync(path.join(home, ".huaweicloud"));
    writeFileSync(path.join(home, ".huaweicloud", "credentials"), "[basic]\nak = AKFILE\nsk = SKFILE\nproject_id = file-proj\n");
    const env = { BCS_ENDPOINT: "https://env.example.com" };
    const flags: SettingFlags = { projectId: "flag-proj" };
    const s = await resolveSettings(flags, ctx(env, home));
    expect(s.project_id).toEqual({ value: "flag-proj", source: "flag --project-id" });
    expect(s.endpoint).toEqual({ value: "https://env.example.com", source: "env BCS_ENDPOINT" });
    expect(s.region).toEqual({ value: "cn-north-4", source: `config ${cfg}#prod` });
    expect(s.access_key).toEqual({ value: "AKFILE", source: `credentials ${path.join(home, ".huaweicloud", "credentials")}` });
    expect(s.iam_endpoint).toEqual({ value: "https://iam.cn-north-4.myhuaweicloud.com", source: "default (from region)" });
    expect(s.profile).toEqual({ value: "prod", source: `config ${cfg}` });

    const noFlag = await resolveSettings({}, ctx({}, home));
    expect(noFlag.project_id?.value).toBe("cfg-proj");
    expect(noFlag.endpoint?.value).toBe("https://cfg.example.com");
  });

  it("defaults the endpoint from the region", async () => {
    const s = await resolveSettings({ region: "cn-south-1" }, ctx({}));
    expect(s.endpoint).toEqual({ value: "https://bcs.cn-south-1.myhuaweicloud.com", source: "default (from region)" });
  });

  it("honours XDG_CONFIG_HOME, --config, BCS_CONFIG and --profile / BCS_PROFILE", async () => {
    const home = tempHome();
    const xdg = path.join(home, "xdg");
    mkdirSync(path.join(xdg, "bcs-status"), { recursive: true });
    writeFileSync(
      path.join(xdg, "bcs-status", "config.json"),
      JSON.stringify({ profiles: { default: { region: "cn-east-2" }, b: { region: "cn-north-1" } } }),
    );
    expect((await resolveSettings({}, ctx({ XDG_CONFIG_HOME: xdg }, home))).region?.value).toBe("cn-east-2");
    expect((await resolveSettings({}, ctx({ XDG_CONFIG_HOME: xdg, BCS_PROFILE: "b" }, home))).region?.value).toBe("cn-north-1");
    const other = path.join(home, "other.json");
    writeFileSync(other, JSON.stringify({ default_profile: "x", profiles: { x: { region: "cn-north-4" } } }));
    expect((await resolveSettings({ config: other }, ctx({ XDG_CONFIG_HOME: xdg }, home))).region?.value).toBe("cn-north-4");
    expect((await resolveSettings({}, ctx({ XDG_CONFIG_HOME: xdg, BCS_CONFIG: other }, home))).region?.source).toBe(`config ${other}#x`);
  });

  it("a missing --config file is a usage error; a missing default file is fine", async () => {
    await expect(resolveSettings({ config: "/nonexistent/c.json" }, ctx({}))).rejects.toThrow(UsageError);
    await expect(resolveSettings({}, ctx({ BCS_CONFIG: "/nonexistent/c.json" }))).rejects.toThrow(/does not exist/);
    await expect(resolveSettings({}, ctx({}))).resolves.toEqual({
      config: { value: "/nonexistent/home/.config/bcs-status/config.json", source: "default (not found)" },
    });
  });

  it("an unknown profile is a usage error naming the known ones", async () => {
    const home = tempHome();
    writeConfig(home, { profiles: { a: {}, b: {} } });
    await expect(resolveSettings({ profile: "zz" }, ctx({}, home))).rejects.toThrow(/profile "zz".*a, b/);
  });
});

describe("tokens from files", () => {
  it("reads token_file with ~ expansion and warns about a loose mode", async () => {
    const home = tempHome();
    mkdirSync(path.join(home, ".bcs"));
    const tokenFile = path.join(home, ".bcs", "token");
    writeFileSync(tokenFile, "tok-from-file-1234\n");
    chmodSync(tokenFile, 0o644);
    writeConfig(home, { profiles: { default: { token_file: "~/.bcs/token" } } });
    const c = ctx({}, home);
    const s = await resolveSettings({}, c);
    expect(s.token?.value).toBe("tok-from-file-1234");
    expect(c.warnings.join("\n")).toContain(`chmod 600 ${tokenFile}`);
  });

  it("--token-file - reads stdin, and flags beat the environment", async () => {
    const s = await resolveSettings({ tokenFile: "-" }, ctx({ BCS_TOKEN: "env-token" }, "/x", " stdin-token\n"));
    expect(s.token).toEqual({ value: "stdin-token", source: "flag --token-file -" });
  });

  it("warns when a config file holding a secret is readable by others", async () => {
    const home = tempHome();
    const cfg = writeConfig(home, { profiles: { default: { token: "secret-token-abcd" } } }, 0o640);
    const c = ctx({}, home);
    await resolveSettings({}, c);
    expect(c.warnings).toHaveLength(1);
    expect(c.warnings[0]).toContain(cfg);
    expect(c.warnings[0]).not.toContain("secret-token-abcd");
  });

  it("a missing token file is a usage error", async () => {
    await expect(resolveSettings({ tokenFile: "/nonexistent/token" }, ctx({}))).rejects.toThrow(UsageError);
  });
});

describe("auth mode and target", () => {
  const base = { project_id: { value: "p1", source: "x" }, endpoint: { value: "https://bcs.example.com", source: "x" } };
  it("token > AK/SK > IAM login", () => {
    const all = {
      ...base,
      token: { value: "t", source: "x" },
      access_key: { value: "ak", source: "x" },
      secret_key: { value: "sk", source: "x" },
      username: { value: "u", source: "x" },
      password: { value: "pw", source: "x" },
      domain_name: { value: "d", source: "x" },
      iam_endpoint: { value: "https://iam.example.com", source: "x" },
    };
    expect(chooseAuth(all).mode).toBe("token");
    const { token: _t, ...noToken } = all;
    expect(chooseAuth(noToken).mode).toBe("aksk");
    const { access_key: _a, secret_key: _s, ...login } = noToken;
    expect(chooseAuth(login).mode).toBe("password");
  });
  it("incomplete sets name what is missing", () => {
    expect(() => chooseAuth({ access_key: { value: "ak", source: "x" } })).toThrow(/BCS_SECRET_KEY/);
    expect(() => chooseAuth({ username: { value: "u", source: "x" } })).toThrow(/BCS_PASSWORD and BCS_DOMAIN_NAME/);
    expect(() => chooseAuth({})).toThrow(/no credentials: set BCS_TOKEN/);
  });
  it("refuses plain http except to loopback, and bad project ids", () => {
    const tok = { token: { value: "t", source: "x" } };
    expect(() => requireTarget({ ...base, ...tok, endpoint: { value: "http://bcs.example.com", source: "flag --endpoint" } })).toThrow(
      /plain http/,
    );
    for (const host of ["127.0.0.1:8080", "localhost", "[::1]:9"]) {
      expect(requireTarget({ ...base, ...tok, endpoint: { value: `http://${host}`, source: "x" } }).endpoint.protocol).toBe("http:");
    }
    expect(() => requireTarget({ ...base, ...tok, project_id: { value: "../x", source: "x" } })).toThrow(/invalid project id/);
    expect(() => requireTarget({ ...tok, project_id: { value: "p", source: "x" } })).toThrow(/no region or endpoint/);
  });
  it("notes an unknown region", () => {
    const t = requireTarget({ ...base, token: { value: "t", source: "x" }, region: { value: "ap-southeast-9", source: "x" } });
    expect(t.notes[0]).toContain("ap-southeast-9");
  });
});

describe("mask", () => {
  it("shows only the last 4 characters of a long secret", () => {
    expect(mask("abcdefghijklmnop")).toBe("****mnop");
    expect(mask("short")).toBe("****");
  });
});

describe("security token", () => {
  const pair = (source: string) => ({ access_key: { value: "ak", source }, secret_key: { value: "sk", source } });
  it("goes with a key pair from the same kind of place", () => {
    const a = chooseAuth({ ...pair("env BCS_ACCESS_KEY"), security_token: { value: "st", source: "env HW_SECURITY_TOKEN" } });
    expect(a).toMatchObject({ mode: "aksk", securityToken: "st" });
  });
  it("is not sent with a permanent pair from elsewhere", () => {
    const a = chooseAuth({
      ...pair("env BCS_ACCESS_KEY"),
      security_token: { value: "st", source: "credentials /home/u/.huaweicloud/credentials" },
    });
    expect(a).toEqual({ mode: "aksk", accessKey: "ak", secretKey: "sk" });
  });
});

describe("config file checks", () => {
  it("warns about a loose mode when any profile holds a secret, not only the chosen one", async () => {
    const home = tempHome();
    const cfg = writeConfig(
      home,
      { default_profile: "dev", profiles: { dev: { region: "cn-north-4" }, prod: { secret_key: "sk-prod-secret-1" } } },
      0o644,
    );
    const c = ctx({}, home);
    await resolveSettings({}, c);
    expect(c.warnings).toEqual([
      `warning: ${cfg} holds a secret and is readable by group or others (mode 644); fix with: chmod 600 ${cfg}`,
    ]);
  });

  it("says writable, not readable, for a file only group can write", async () => {
    const home = tempHome();
    const cfg = writeConfig(home, { profiles: { default: { token: "tok-group-writable" } } }, 0o620);
    const c = ctx({}, home);
    await resolveSettings({}, c);
    expect(c.warnings[0]).toContain(`${cfg} holds a secret and is writable by group or others (mode 620)`);
  });

  it("a token_file path is not a secret: no warning for the config file itself", async () => {
    const home = tempHome();
    const tokenFile = path.join(home, "token");
    writeFileSync(tokenFile, "tok-0600\n", { mode: 0o600 });
    writeConfig(home, { profiles: { default: { token_file: tokenFile } } }, 0o644);
    const c = ctx({}, home);
    expect((await resolveSettings({}, c)).token?.value).toBe("tok-0600");
    expect(c.warnings).toEqual([]);
  });

  it("a relative token_file is found beside the config file, as kubectl resolves kubeconfig paths", async () => {
    const home = tempHome();
    const dir = path.join(home, "cfgdir");
    mkdirSync(dir);
    writeFileSync(path.join(dir, "rel-token"), "tok-relative-1\n", { mode: 0o600 });
    const file = path.join(dir, "sub.json");
    writeFileSync(file, JSON.stringify({ profiles: { default: { token_file: "rel-token" } } }), { mode: 0o600 });
    const s = await resolveSettings({ config: file }, ctx({}, home));
    expect(s.token).toEqual({ value: "tok-relative-1", source: `config ${file}#default token_file ${path.join(dir, "rel-token")}` });
  });

  it("a value that is not a string is refused, naming the file, profile and key", async () => {
    const home = tempHome();
    const cfg = writeConfig(home, { profiles: { default: { project_id: 12345, region: ["x"] } } });
    await expect(resolveSettings({}, ctx({}, home))).rejects.toThrow(
      new UsageError(`config file ${cfg}: profile "default": "project_id" must be a string, not a number`),
    );
  });

  it("unknown keys are warned about, with the key meant when it is a near miss", async () => {
    const home = tempHome();
    const cfg = writeConfig(home, { default_profle: "x", profiles: { default: { projectid: "p", Region: "cn-north-4", tokn: "t" } } });
    const c = ctx({}, home);
    await resolveSettings({}, c);
    expect(c.warnings).toEqual([
      `warning: ${cfg}: unknown top-level key "default_profle" (expected "default_profile" and "profiles"); it is ignored`,
      `warning: ${cfg}: profile "default" has an unknown key "projectid" (did you mean "project_id"?); it is ignored`,
      `warning: ${cfg}: profile "default" has an unknown key "Region" (did you mean "region"?); it is ignored`,
      `warning: ${cfg}: profile "default" has an unknown key "tokn"; it is ignored`,
    ]);
  });

  it("a missing file named by BCS_CONFIG says so", async () => {
    await expect(resolveSettings({}, ctx({ BCS_CONFIG: "/nonexistent/ci.json" }))).rejects.toThrow(
      "config file /nonexistent/ci.json (env BCS_CONFIG) does not exist: create it, or fix BCS_CONFIG",
    );
  });
});

describe("values that would misdirect or break a request", () => {
  const base = { project_id: { value: "p1", source: "x" }, token: { value: "t", source: "x" } };

  it.each(["example.com/", "evil.example.com#", "a.b", "user@host", "cn-north-4:443", "cn north", "-cn", ""])(
    "region %j derives no endpoint and is refused before any request",
    async (region) => {
      const s = await resolveSettings({ region, projectId: "p1", token: "t" }, ctx({}));
      expect(s.endpoint).toBeUndefined();
      expect(s.iam_endpoint).toBeUndefined();
      if (region !== "") expect(() => requireTarget(s)).toThrow(/invalid region/);
    },
  );

  it.each(["cn-north-4", "ap-southeast-1", "la-north-2", "my-test-region"])("region %s is fine", async (region) => {
    const s = await resolveSettings({ region, projectId: "p1", token: "t" }, ctx({}));
    expect(requireTarget(s).endpoint.href).toBe(`https://bcs.${region}.myhuaweicloud.com/`);
  });

  it.each([
    ["token", "line1tok\nline2tok", /the token \(flag --token-file t\) contains a line break/],
    ["token", "tok with space", /the token .* contains white space/],
    ["access_key", "ak\u0000x", /the access key .* contains a character that is not visible ASCII/],
    ["security_token", "st\r\n", /the security token .* contains a line break/],
  ])("a %s that is not one line of visible ASCII is a usage error", (key, value, message) => {
    const s = {
      ...base,
      endpoint: { value: "https://bcs.example.com", source: "x" },
      ...(key === "token"
        ? {}
        : { token: undefined, access_key: { value: "ak", source: "env A" }, secret_key: { value: "sk", source: "env S" } }),
      [key]: { value, source: "flag --token-file t" },
    };
    expect(() => requireTarget(s)).toThrow(message);
  });

  it("warns when the key pair comes from two places, or a security token is left out", () => {
    const t = requireTarget({
      ...base,
      token: undefined,
      endpoint: { value: "https://bcs.example.com", source: "x" },
      access_key: { value: "ak", source: "env BCS_ACCESS_KEY" },
      secret_key: { value: "sk", source: "config /c.json#prod" },
      security_token: { value: "st", source: "credentials /h/.huaweicloud/credentials" },
    });
    expect(t.warnings).toEqual([
      "warning: the access key (env BCS_ACCESS_KEY) and the secret key (config /c.json#prod) come from different places; a pair from two places rarely signs",
      "warning: the security token (credentials /h/.huaweicloud/credentials) is not used: it belongs to a temporary key pair, and the access key comes from env BCS_ACCESS_KEY",
    ]);
  });
});

describe("key pairs put together from the environment", () => {
  const target = (extra: Record<string, { value: string; source: string }>) =>
    requireTarget({ project_id: { value: "p1", source: "x" }, endpoint: { value: "https://bcs.example.com", source: "x" }, ...extra });

  it("a pair from two families of names (BCS_ with HW_) earns the two-places warning", () => {
    const t = target({
      access_key: { value: "ak", source: "env BCS_ACCESS_KEY" },
      secret_key: { value: "sk", source: "env HW_SECRET_KEY" },
    });
    expect(t.warnings).toEqual([
      "warning: the access key (env BCS_ACCESS_KEY) and the secret key (env HW_SECRET_KEY) come from different places; a pair from two places rarely signs",
    ]);
    const same = target({
      access_key: { value: "ak", source: "env HW_ACCESS_KEY" },
      secret_key: { value: "sk", source: "env HW_SECRET_KEY" },
    });
    expect(same.warnings).toEqual([]);
  });

  it("a security token alone names the missing key pair", () => {
    expect(() => target({ security_token: { value: "st", source: "env BCS_SECURITY_TOKEN" } })).toThrow(
      /a security token is set \(env BCS_SECURITY_TOKEN\) without its key pair: set BCS_ACCESS_KEY and BCS_SECRET_KEY/,
    );
  });
});

describe("the credentials file's warnings, once each", () => {
  it("a credentials file that is not a regular file (a folder): one warning, not one per key it could hold", async () => {
    const home = tempHome();
    mkdirSync(path.join(home, ".huaweicloud", "credentials"), { recursive: true });
    const c = ctx({ BCS_ENDPOINT: "https://e.example.com" }, home);
    await resolveSettings({}, c);
    expect(
      c.warnings.filter((w) => w.includes("credentials")),
      c.warnings.join("\n"),
    ).toHaveLength(1);
  });

  it("a credentials file others can read, holding a key pair and a security token: one warning", async () => {
    const home = tempHome();
    mkdirSync(path.join(home, ".huaweicloud"));
    const file = path.join(home, ".huaweicloud", "credentials");
    writeFileSync(file, "[basic]\nak = AKFILE\nsk = SKFILE-0123456789\nsecurity_token = ST-0123456789abcdef\n");
    chmodSync(file, 0o644);
    const c = ctx({}, home);
    await resolveSettings({}, c);
    expect(
      c.warnings.filter((w) => w.includes(file)),
      c.warnings.join("\n"),
    ).toHaveLength(1);
  });
});
