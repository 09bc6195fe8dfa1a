// Input hygiene: what the user's files, flags and environment hold
// never reaches an error, warning or `config` as leaky or unsafe text.
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { loadConfigFile } from "../../src/settings/config-file.js";
import { parseIniSection } from "../../src/settings/credentials-file.js";
import { type ResolveContext, resolveSettings, type SettingFlags, type Settings } from "../../src/settings/resolve.js";
import { chooseAuth, requireTarget } from "../../src/settings/target.js";
import { resolveScenario } from "../../src/simulator/scenarios.js";
import { endpointUrl, validateId } from "../../src/util/checks.js";
import { UsageError } from "../../src/util/errors.js";
import { locateJsonError } from "../../src/util/json-error.js";
import { displayUrl, quoteText, urlSecrets } from "../../src/util/text.js";
import { testDeps } from "../helpers/deps.js";

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), "bcs-hygiene-"));
}

function writeFile(name: string, text: string): string {
  const file = path.join(tempDir(), name);
  writeFileSync(file, text);
  chmodSync(file, 0o600);
  return file;
}

function ctx(env: NodeJS.ProcessEnv, homedir = "/nonexistent/home"): ResolveContext & { warnings: string[] } {
  const warnings: string[] = [];
  return { env, homedir, readStdin: async () => "", warn: (l) => warnings.push(l), warnings };
}

async function usageError(p: Promise<unknown> | (() => unknown)): Promise<string> {
  let err: unknown;
  try {
    await (typeof p === "function" ? p() : p);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(UsageError);
  return (err as Error).message;
}

/** Every 4-character slice of `secret`: none may appear in what the tool shows. */
function expectNoSlice(text: string, secret: string, n = 4): void {
  for (let i = 0; i + n <= secret.length; i++) expect(text).not.toContain(secret.slice(i, i + n));
}

/** No C0 or C1 control character (ESC included), no DEL. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

describe("a config file with a JSON syntax error", () => {
  const SECRET = "QzXsecretKWv7Hj";
  // Each breaks right inside or next to the secret, where Node's message quotes the file.
  const cases: [string, string, number, number][] = [
    ["a bare word (no position in Node 20's message)", `{\n  "profiles": {"p": {\n    "secret_key": ${SECRET}\n  }}\n}\n`, 3, 19],
    ["a missing comma", `{"profiles": {"p": {"secret_key": "${SECRET}"\n "region": "x"}}}`, 2, 2],
    ["a trailing comma", `{"profiles": {"p": {"secret_key": "${SECRET}",}}}`, 1, 53],
    ["single quotes", `{"profiles": {"p": {'secret_key': '${SECRET}'}}}`, 1, 21],
    ["an unterminated string", `{"profiles": {"p": {"secret_key": "${SECRET}`, 1, 51],
    ["a line break in a string", `{"profiles": {"p": {"secret_key": "${SECRET}\n"}}}`, 1, 51],
    ["a bad escape", `{"secret_key": "${SECRET.slice(0, 5)}\\q${SECRET.slice(5)}"}`, 1, 23],
    ["text after the object", `{"profiles": {}}\n${SECRET}`, 2, 1],
    ["the end of the file inside an object", `{"profiles": {"p": {"secret_key": "${SECRET}"\n\n`, 1, 52],
  ];

  it.each(cases)("%s: names the file, line and column, and no text of the file", async (_, text, line, column) => {
    const file = writeFile("config.json", text);
    const message = await usageError(loadConfigFile(file, "flag --config"));
    expect(message).toContain(`config file ${file} is not valid JSON at line ${line}, column ${column}`);
    expectNoSlice(message.replace(file, ""), SECRET);
    expect(message).not.toMatch(/Unexpected token|is not valid JSON$/);
  });

  it("an empty file is named as empty", async () => {
    const file = writeFile("config.json", "  \n");
    expect(await usageError(loadConfigFile(file, null))).toBe(`config file ${file} is not valid JSON: the file is empty`);
  });

  it("through resolveSettings too (BCS_CONFIG)", async () => {
    const file = writeFile("config.json", `{"profiles": {"p": {"token": tok${SECRET}}}}`);
    const message = await usageError(resolveSettings({}, ctx({ BCS_CONFIG: file })));
    expect(message).toMatch(/is not valid JSON at line 1, column 31: /);
    expectNoSlice(message.replace(file, ""), SECRET);
  });
});

describe("locateJsonError", () => {
  it("finds nothing wrong in valid JSON", () => {
    for (const t of ['{"a": [1, -2.5e+3, true, false, null, "x\\u00e9\\n"]}', "  []  ", '"s"', "0", '{"__proto__": {}}'])
      expect(locateJsonError(t)).toBeNull();
  });

  it("counts CRLF and CR line breaks as one line each", () => {
    expect(locateJsonError('{\r\n"a": 1,\r\n"b" 2}')).toMatchObject({ line: 3, column: 5 });
    expect(locateJsonError('{\r"a": x}')).toMatchObject({ line: 2, column: 6 });
  });

  it("copes with deep nesting without recursion", () => {
    expect(locateJsonError(`${"[".repeat(200_000)}x`)).toMatchObject({ line: 1, column: 200_001 });
  });

  // Where the running Node's message gives a position (Node 20: "… in JSON at position N";
  // Node 22+ may add "(line L column C)"), the scanner agrees with it.
  it.each([
    '{"a": 1,}',
    '{"a": "sec',
    '{"a":1} x',
    '{\n  "k": "v"\n  "x": 1}',
    "{'a':1}",
    "[1,2",
    '{"a":-}',
    '{"a": 1.}',
    '{"a" 1}',
    '{"a":"\\q"}',
    '{"a":"b\u0001"}',
    '{"a": 01}',
    '{"a": tru}',
    '{"a": "\\u12G4"}',
    "[1,]",
    '{"a": 1e}',
  ])("agrees with Node's own position for %j", (text) => {
    let message = "";
    try {
      JSON.parse(text);
    } catch (e) {
      message = (e as Error).message;
    }
    const found = locateJsonError(text);
    expect(found).not.toBeNull();
    const pos = /at position (\d+)/.exec(message);
    if (pos) expect(found?.offset).toBe(Number(pos[1]));
  });
});

describe("profile and scenario names are own keys only", () => {
  const names = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "__defineGetter__"];
  function config(data: unknown): string {
    return writeFile("config.json", JSON.stringify(data));
  }

  it.each(names)("--profile %s is a missing profile", async (name) => {
    const file = config({ profiles: { a: {}, b: {} } });
    expect(await usageError(resolveSettings({ profile: name, config: file }, ctx({})))).toBe(
      `profile ${JSON.stringify(name)} (flag --profile) not found (profiles: a, b)`,
    );
    expect(await usageError(resolveSettings({}, ctx({ BCS_PROFILE: name, BCS_CONFIG: file })))).toMatch(/not found \(profiles: a, b\)$/);
  });

  it.each(names)("--profile %s without any config file is a missing profile", async (name) => {
    expect(await usageError(resolveSettings({ profile: name }, ctx({})))).toMatch(/not found \(profiles: no config file\)$/);
  });

  it.each(names)('"default_profile": "%s" names no profile', async (name) => {
    const file = config({ default_profile: name, profiles: { a: {} } });
    expect(await usageError(resolveSettings({ config: file }, ctx({})))).toBe(
      `default_profile ${JSON.stringify(name)} in ${file} names no profile in "profiles"`,
    );
  });

  it("a profile really named __proto__ or constructor in the file is found", async () => {
    // JSON.parse makes "__proto__" an own key; the lookup must find it, not the prototype.
    const file = writeFile("config.json", '{"profiles": {"__proto__": {"region": "cn-north-1"}, "constructor": {"region": "cn-east-2"}}}');
    expect((await resolveSettings({ profile: "__proto__", config: file }, ctx({}))).region?.value).toBe("cn-north-1");
    expect((await resolveSettings({ profile: "constructor", config: file }, ctx({}))).region?.value).toBe("cn-east-2");
  });

  it("the credentials file's keys are own keys too", () => {
    const v = parseIniSection("[basic]\n__proto__ = x\nconstructor = y\nak = AK\n", "basic");
    expect(Object.getPrototypeOf(v)).toBeNull();
    expect(v.ak).toBe("AK");
    expect(v.sk).toBeUndefined();
    expect(v.toString).toBeUndefined();
  });

  it("a scenario file's JSON error and bad keys show no text of the file", async () => {
    const secret = "Hq4Wz8Tn";
    const broken = writeFile("s.json", `{"default": [\n  {"at": 0, "status": ${secret}}]}`);
    const message = await usageError(() => resolveScenario(broken));
    expect(message).toBe(
      `cannot load scenario file ${broken}: not valid JSON at line 2, column 23: an unexpected character where a value should be (text must be in double quotes)`,
    );
    const badKeys = writeFile("k.json", JSON.stringify({ default: [{ at: 0, status: {} }], [`x\u001b[2J`]: 1 }));
    expect(await usageError(() => resolveScenario(badKeys))).not.toMatch(CONTROL);
    const badId = writeFile("i.json", JSON.stringify({ ids: { [`x\u009b2J`]: [{ at: 0, status: {} }] } }));
    expect(await usageError(() => resolveScenario(badId))).not.toMatch(CONTROL);
  });

  it.each(["constructor", "__proto__", "toString", "hasOwnProperty"])(
    "mock-server --scenario %s is a usage error (exit 2)",
    async (name) => {
      const controller = new AbortController();
      controller.abort(); // Were it to start, it would stop at once (exit 130) rather than hang the test.
      const t = testDeps({ signal: controller.signal });
      expect(await main(["mock-server", "--port", "0", "--scenario", name], t.deps)).toBe(2);
      expect(t.io.stdout.text()).toBe("");
      expect(t.io.stderr.text()).toContain(`unknown scenario "${name}": use success, failure, flaky, slow`);
    },
  );
});

describe("endpoint URLs never show their userinfo", () => {
  const PW = "Qx7Zk9Wv";
  it.each([
    `ftp://user:${PW}@127.0.0.1/`,
    `http://user:${PW}@[::1`,
    `https://user:${PW}@bcs.example.com/`,
    `http://user:${PW}@bcs.example.com/`,
    `user:${PW}@bcs.example.com`,
    `https://user:${PW.slice(0, 3)}/${PW.slice(3)}@bcs.example.com`,
    `https://user:${PW.slice(0, 3)}#${PW.slice(3)}@bcs.example.com`,
    `https://user:${PW}@bcs.example.com@evil.example.com`,
    `https:\\\\user:${PW}@bcs.example.com`,
    `  https://user:${PW}@host:99999`,
  ])("endpointUrl(%j) refuses it without the password", async (value) => {
    const message = await usageError(() => endpointUrl(value, "env BCS_ENDPOINT", "--endpoint"));
    expectNoSlice(message, PW, 3);
  });

  it("still refuses a URL with a user, and says why", async () => {
    expect(await usageError(() => endpointUrl(`https://u:${PW}@h.example.com`, "flag --endpoint", "--endpoint"))).toBe(
      "invalid endpoint https://h.example.com… (flag --endpoint): no user, query or fragment allowed",
    );
    expect(await usageError(() => endpointUrl(`ftp://user:${PW}@127.0.0.1/`, "flag --endpoint", "--endpoint"))).toBe(
      "invalid endpoint ftp://****@127.0.0.1/ (flag --endpoint): use an https:// URL (http:// only to a loopback simulator)",
    );
    expect(await usageError(() => endpointUrl(`http://user:${PW}@[::1`, "flag --endpoint", "--endpoint"))).toBe(
      'invalid endpoint "http://****@[::1" (flag --endpoint): expected a URL like https://bcs.cn-north-4.myhuaweicloud.com',
    );
  });

  it("from --endpoint, --iam-endpoint, BCS_ENDPOINT, BCS_IAM_ENDPOINT and a config profile", async () => {
    const file = writeFile(
      "config.json",
      JSON.stringify({ profiles: { default: { endpoint: `ftp://a:${PW}@x`, iam_endpoint: `ftp://a:${PW}@y` } } }),
    );
    const base = { BCS_PROJECT_ID: "p1", BCS_USERNAME: "u", BCS_PASSWORD: "pw-of-user", BCS_DOMAIN_NAME: "d" };
    const cases: [SettingFlags, NodeJS.ProcessEnv][] = [
      [{}, { ...base, BCS_ENDPOINT: `http://u:${PW}@[::1`, BCS_IAM_ENDPOINT: `http://u:${PW}@[::1` }],
      [{}, { ...base, BCS_CONFIG: file }],
      [{ endpoint: `ftp://u:${PW}@bcs`, iamEndpoint: `https://u:${PW}@iam` }, base],
    ];
    for (const [flags, env] of cases) {
      const s = await resolveSettings(flags, ctx(env));
      for (const run of [() => requireTarget(s), () => chooseAuth(s)]) {
        const message = await usageError(run);
        expect(message).toMatch(/^invalid endpoint /);
        expectNoSlice(message, PW, 3);
      }
    }
  });

  it("config shows BCS_ENDPOINT and the IAM endpoint without the password, as text and --json", async () => {
    const env = {
      BCS_TOKEN: "t-123456789",
      BCS_ENDPOINT: `https://admin:${PW}@bcs.example.com/`,
      BCS_IAM_ENDPOINT: `https://admin:${PW}@iam.example.com`,
    };
    for (const args of [["config"], ["config", "--json"], ["config", "--endpoint", `http://x:${PW}@[::1`]]) {
      const t = testDeps({ env });
      // No project id (and the last endpoint does not parse): a problem, so exit 2.
      expect(await main(args, t.deps)).toBe(2);
      const all = t.io.stdout.text() + t.io.stderr.text();
      expectNoSlice(all, PW, 3);
      expect(all).toContain("****@");
    }
  });

  it("displayUrl masks any userinfo, parsable or not, and leaves other text alone", () => {
    expect(displayUrl("https://admin:pw@bcs.example.com/x")).toBe("https://****@bcs.example.com/x");
    expect(displayUrl("https://token@bcs.example.com")).toBe("https://****@bcs.example.com");
    expect(displayUrl("http://user:pw@[::1")).toBe("http://****@[::1");
    expect(displayUrl("user:pw@host")).toBe("****@host");
    expect(displayUrl("https://a:b@c@d/e")).toBe("https://****@d/e");
    expect(displayUrl("https://bcs.cn-north-4.myhuaweicloud.com")).toBe("https://bcs.cn-north-4.myhuaweicloud.com");
    expect(displayUrl("not a url")).toBe("not a url");
  });

  it("urlSecrets gives the password, as written and decoded, for the masking registry", () => {
    expect(urlSecrets("https://admin:Secr3t@host/")).toEqual(["Secr3t"]);
    expect(urlSecrets("https://admin:p%40ss%2Fw0rd@host/")).toEqual(["p%40ss%2Fw0rd", "p@ss/w0rd"]);
    expect(urlSecrets("http://user:Secr3t@[::1")).toEqual(["Secr3t"]);
    expect(urlSecrets("https://u:pa/ss@host")).toEqual(["pa/ss"]);
    expect(urlSecrets("https://user@host")).toEqual([]);
    expect(urlSecrets("https://host/")).toEqual([]);
    expect(urlSecrets("")).toEqual([]);
  });
});

describe("text from files and flags is cleaned before it is shown", () => {
  const OSC = "\u001b]0;pwned\u0007";
  const CLEAR = "\u001b[2J";

  it("the unknown top-level key warning shows no control characters", async () => {
    const file = writeFile("config.json", JSON.stringify({ [`${OSC}x${CLEAR}`]: 1, ["k".repeat(500)]: 2, profiles: {} }));
    const c = ctx({ BCS_CONFIG: file });
    await resolveSettings({}, c);
    expect(c.warnings).toHaveLength(2);
    for (const w of c.warnings) expect(w).not.toMatch(CONTROL);
    expect(c.warnings[0]).toContain('unknown top-level key "\\u001b]0;pwned\\u0007x\\u001b[2J"');
    expect(c.warnings[1]).toContain(`unknown top-level key "${"k".repeat(64)}…"`);
  });

  it("profile names and their keys are cleaned in warnings and errors", async () => {
    const bad = `p${CLEAR}\u009b31m`;
    const file = writeFile(
      "config.json",
      JSON.stringify({ default_profile: bad, profiles: { [bad]: { [`re${OSC}gion`]: "x", token: 5 } } }),
    );
    const c = ctx({ BCS_CONFIG: file });
    const message = await usageError(resolveSettings({}, c));
    expect(c.warnings.join("\n")).not.toMatch(CONTROL);
    expect(c.warnings[0]).toContain('profile "p\\u001b[2J\\u009b31m" has an unknown key "re\\u001b]0;pwned\\u0007gion"');
    expect(message).not.toMatch(CONTROL);
    expect(message).toContain('profile "p\\u001b[2J\\u009b31m": "token" must be a string');

    const missing = await usageError(resolveSettings({ profile: `nope${OSC}`, config: file }, ctx({})));
    expect(missing).not.toMatch(CONTROL);
    expect(missing).toMatch(/^profile "nope\\u001b\]0;pwned\\u0007" \(flag --profile\) not found \(profiles: "p\\u001b\[2J\\u009b31m"\)$/);

    const fileWithDefault = writeFile("config.json", JSON.stringify({ default_profile: `x${OSC}`, profiles: {} }));
    expect(await usageError(resolveSettings({ config: fileWithDefault }, ctx({})))).not.toMatch(CONTROL);
    const notObject = writeFile("config.json", JSON.stringify({ profiles: { [`x${OSC}`]: 1 } }));
    expect(await usageError(resolveSettings({ config: notObject }, ctx({})))).not.toMatch(CONTROL);
  });

  it("a profile name in a source is cleaned too", async () => {
    const bad = `p${OSC}`;
    const file = writeFile("config.json", JSON.stringify({ profiles: { [bad]: { region: "cn-north-4" } } }));
    const s = await resolveSettings({ profile: bad, config: file }, ctx({}));
    expect(s.region?.source).not.toMatch(CONTROL);
    expect(s.region?.source).toBe(`config ${file}#p\\u001b]0;pwned\\u0007`);
  });

  it("values echoed in errors (region, ids, a token_file path) are cleaned and capped", async () => {
    const tok = { token: { value: "t", source: "x" } } as Settings;
    const base: Settings = { ...tok, project_id: { value: "p1", source: "x" }, endpoint: { value: "https://h.example.com", source: "x" } };
    const region = await usageError(() => requireTarget({ ...base, region: { value: `cn${OSC}\u009b2J`, source: "config f#p" } }));
    expect(region).not.toMatch(CONTROL);
    const id = await usageError(() => validateId(`bc\u009b2J${"x".repeat(300)}`, "blockchain id"));
    expect(id).not.toMatch(CONTROL);
    expect(id.length).toBeLessThan(150);

    const home = tempDir();
    mkdirSync(path.join(home, ".config", "bcs-status"), { recursive: true });
    const file = path.join(home, ".config", "bcs-status", "config.json");
    writeFileSync(file, JSON.stringify({ profiles: { default: { token_file: `no${OSC}file` } } }), { mode: 0o600 });
    const missing = await usageError(resolveSettings({}, ctx({}, home)));
    expect(missing).not.toMatch(CONTROL);
    expect(missing).toContain("does not exist");
  });

  it("quoteText escapes controls, invisible format characters and caps the length", () => {
    expect(quoteText("prod")).toBe('"prod"');
    expect(quoteText('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(quoteText("\u001b[2J\u009b\u007f\u202e\u2028")).toBe('"\\u001b[2J\\u009b\\u007f\\u202e\\u2028"');
    expect(quoteText("x".repeat(100))).toBe(`"${"x".repeat(64)}…"`);
    expect(quoteText("x".repeat(100), 10)).toBe(`"${"x".repeat(10)}…"`);
    expect(quoteText("é😀")).toBe('"é😀"');
    // Cut by code points, never inside a surrogate pair.
    expect(quoteText(`${"x".repeat(63)}😀`)).toBe(`"${"x".repeat(63)}😀"`);
    expect(quoteText(`${"x".repeat(63)}😀😀`)).toBe(`"${"x".repeat(63)}😀…"`);
  });
});
