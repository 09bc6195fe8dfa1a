import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { testDeps } from "../helpers/deps.js";

const SECRET_TOKEN = "tok-very-secret-value-WXYZ";

describe("config", () => {
  it("prints every setting with its source, secrets masked to the last 4 characters", async () => {
    const home = mkdtempSync(path.join(tmpdir(), "bcs-config-"));
    const file = path.join(home, "config.json");
    writeFileSync(
      file,
      JSON.stringify({ default_profile: "prod", profiles: { prod: { region: "cn-north-4", secret_key: "sk-from-config-9876" } } }),
    );
    chmodSync(file, 0o600);
    const t = testDeps({ env: { BCS_TOKEN: SECRET_TOKEN, BCS_CONFIG: file, HW_PROJECT_ID: "proj-9", BCS_ACCESS_KEY: "AK-EXAMPLE-1234" } });
    expect(await main(["config", "--endpoint", "https://x.example.com"], t.deps)).toBe(0);
    const out = t.io.stdout.text();
    expect(out).not.toContain(SECRET_TOKEN);
    expect(out).not.toContain("sk-from-config-9876");
    expect(out).toMatch(/token\s+\*\*\*\*WXYZ\s+env BCS_TOKEN/);
    expect(out).toMatch(/secret_key\s+\*\*\*\*9876\s+config .*config\.json#prod/);
    expect(out).toMatch(/project_id\s+proj-9\s+env HW_PROJECT_ID/);
    expect(out).toMatch(/endpoint\s+https:\/\/x\.example\.com\s+flag --endpoint/);
    expect(out).toMatch(/password\s+-\s+not set/);
    expect(out).toContain("auth mode: token");
  });

  it("--json gives each setting's value and source", async () => {
    const t = testDeps({ env: { BCS_TOKEN: SECRET_TOKEN, BCS_REGION: "cn-south-1" } });
    // No project id: reported as the problem, so exit 2 (config checks a config file in a pipeline); the document prints all the same.
    expect(await main(["config", "--json"], t.deps)).toBe(2);
    const doc = JSON.parse(t.io.stdout.text());
    expect(doc.settings.token).toEqual({ value: "****WXYZ", source: "env BCS_TOKEN" });
    expect(doc.settings.endpoint).toEqual({ value: "https://bcs.cn-south-1.myhuaweicloud.com", source: "default (from region)" });
    expect(doc.settings.project_id).toEqual({ value: null, source: null });
    expect(doc.auth_mode).toBe("token");
    expect(t.io.stdout.text()).not.toContain(SECRET_TOKEN);
  });

  it("shows the AK/SK mode and the SDK credentials file as a source", async () => {
    const home = mkdtempSync(path.join(tmpdir(), "bcs-creds-"));
    mkdirSync(path.join(home, ".huaweicloud"));
    writeFileSync(
      path.join(home, ".huaweicloud", "credentials"),
      "[basic]\nak = AKFROMFILE\nsk = SKFROMFILE-abcd\nsecurity_token = STFROMFILE-5678\n",
    );
    const t = testDeps({ homedir: home, env: { HUAWEICLOUD_SDK_CREDENTIALS_FILE: "" } });
    expect(await main(["config", "--json"], t.deps)).toBe(2); // no project id nor region: a problem

    const doc = JSON.parse(t.io.stdout.text());
    expect(doc.settings.secret_key.source).toBe(`credentials ${path.join(home, ".huaweicloud", "credentials")}`);
    expect(doc.auth_mode).toBe("aksk (temporary, with security token)");
  });

  it("names what is missing for an incomplete login", async () => {
    const t = testDeps({ env: { BCS_USERNAME: "alice" } });
    expect(await main(["config", "--json"], t.deps)).toBe(2);
    expect(JSON.parse(t.io.stdout.text()).auth_mode).toMatch(/none: incomplete IAM user login: set BCS_PASSWORD and BCS_DOMAIN_NAME/);
  });
});

describe("config points out what get would refuse", () => {
  it("a bad project id and plain http to another host: shown as the problem, exit 2", async () => {
    const t = testDeps({ env: { BCS_TOKEN: SECRET_TOKEN } });
    expect(await main(["config", "--project-id", "bad/id", "--endpoint", "http://example.com"], t.deps)).toBe(2);
    expect(t.io.stdout.text()).toContain(`problem: invalid project id "bad/id": use 1-64 letters, digits, '-' or '_'`);
    const j = testDeps({ env: { BCS_TOKEN: SECRET_TOKEN, BCS_PROJECT_ID: "p1" } });
    expect(await main(["config", "--json", "--endpoint", "http://example.com"], j.deps)).toBe(2);
    expect(JSON.parse(j.io.stdout.text()).problem).toMatch(/^refusing to send credentials over plain http to example\.com/);
  });

  it("usable settings have no problem", async () => {
    const t = testDeps({ env: { BCS_TOKEN: SECRET_TOKEN, BCS_PROJECT_ID: "p1", BCS_REGION: "cn-north-4" } });
    expect(await main(["config", "--json"], t.deps)).toBe(0);
    expect(JSON.parse(t.io.stdout.text())).toMatchObject({ auth_mode: "token", problem: null });
  });
});
