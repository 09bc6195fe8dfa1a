import { describe, expect, it } from "vitest";
import { buildProgram } from "../../src/cli/program.js";
import { fieldOf, SETTINGS, TOKEN_FILE_FLAG } from "../../src/settings/definitions.js";
import { resolveSettings } from "../../src/settings/resolve.js";
import { testDeps } from "../helpers/deps.js";

const ctx = (env: NodeJS.ProcessEnv) => ({
  env: { XDG_CONFIG_HOME: "/nonexistent/xdg", HUAWEICLOUD_SDK_CREDENTIALS_FILE: "/nonexistent/creds", ...env },
  homedir: "/nonexistent/home",
  readStdin: async () => "",
  warn: () => {},
});

describe("setting flags come from one table", () => {
  it("get, watch and config offer every setting flag of the definitions, with its help, in the field commander names", () => {
    const { deps } = testDeps();
    const program = buildProgram(deps, () => {});
    const flags = [...SETTINGS.flatMap((d) => (d.flag ? [d.flag] : [])), TOKEN_FILE_FLAG];
    for (const name of ["get", "watch", "config"]) {
      const cmd = program.commands.find((c) => c.name() === name);
      const options = new Map(cmd?.options.map((o) => [o.long, o]));
      for (const f of flags) {
        const o = options.get(f.name);
        expect(o?.description, `${name} ${f.name}`).toBe(f.help);
        expect(o?.attributeName()).toBe(fieldOf(f.name));
      }
    }
    expect(fieldOf("--project-id")).toBe("projectId");
    expect(fieldOf("--iam-endpoint")).toBe("iamEndpoint");
  });

  it("a flag's value resolves as that setting, named by its flag", async () => {
    const s = await resolveSettings({ projectId: "p-1", iamEndpoint: "https://iam.example" }, ctx({}));
    expect(s.project_id).toEqual({ value: "p-1", source: "flag --project-id" });
    expect(s.iam_endpoint).toEqual({ value: "https://iam.example", source: "flag --iam-endpoint" });
  });
});

describe("Huawei's Terraform names", () => {
  it("HW_USER_PASSWORD is read, before HW_PASSWORD", async () => {
    const s = await resolveSettings({}, ctx({ HW_USER_PASSWORD: "from-terraform", HW_PASSWORD: "older-name" }));
    expect(s.password).toEqual({ value: "from-terraform", source: "env HW_USER_PASSWORD" });
  });

  it("HW_AUTH_URL gives the IAM endpoint, after BCS_IAM_ENDPOINT", async () => {
    expect((await resolveSettings({}, ctx({ HW_AUTH_URL: "https://iam.cn-north-4.myhuaweicloud.com/v3" }))).iam_endpoint).toEqual({
      value: "https://iam.cn-north-4.myhuaweicloud.com/v3",
      source: "env HW_AUTH_URL",
    });
    expect((await resolveSettings({}, ctx({ HW_AUTH_URL: "https://a", BCS_IAM_ENDPOINT: "https://b" }))).iam_endpoint?.source).toBe(
      "env BCS_IAM_ENDPOINT",
    );
  });
});
