import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { secretsBeforeParsing } from "../../src/settings/secret-sources.js";
import { testDeps } from "../helpers/deps.js";

const TOKEN = "MIIEabcdefghij+/abc";

describe("secrets are known before the arguments are parsed (review defect: a usage error echoed them)", () => {
  it("an id that is the token: the usage error masks it", async () => {
    const t = testDeps({ env: { BCS_TOKEN: TOKEN, BCS_REGION: "cn-north-4", BCS_PROJECT_ID: "p" } });
    expect(await main(["get", TOKEN], t.deps)).toBe(2);
    expect(t.io.stderr.text()).toContain('invalid blockchain id "****"');
    expect(t.io.stderr.text()).not.toContain(TOKEN);
  });

  it("a flag value that is the token (--for, --token=…): commander's refusal masks it", async () => {
    const t = testDeps({ env: { BCS_SECRET_KEY: TOKEN } });
    expect(await main(["watch", "bc-1", "--for", TOKEN], t.deps)).toBe(2);
    expect(t.io.stderr.text()).not.toContain(TOKEN);
    const u = testDeps();
    expect(await main(["get", "bc-1", `--token=${TOKEN}`, "--for", TOKEN], u.deps)).toBe(2);
    expect(u.io.stderr.text()).not.toContain(TOKEN);
  });

  it("collects every secret setting's environment names and --token, and nothing else", () => {
    expect(
      secretsBeforeParsing(["get", "--token", "t-1", "--token=t-2", "--project-id", "p"], {
        BCS_TOKEN: "a",
        HW_SECRET_KEY: "b",
        HW_USER_PASSWORD: "c",
        BCS_SECURITY_TOKEN: "d",
        BCS_PROJECT_ID: "not-a-secret",
      }).sort(),
    ).toEqual(["a", "b", "c", "d", "t-1", "t-2"]);
  });
});
