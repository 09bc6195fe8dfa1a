import { describe, expect, it } from "vitest";
import { proxyFor } from "../../src/http/proxy.js";
import { exitCodeFor } from "../../src/util/errors.js";

const HTTPS = new URL("https://bcs.cn-north-4.myhuaweicloud.com");
const HTTP = new URL("http://bcs.internal.example");

function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (err) {
    return err as Error;
  }
  throw new Error("did not throw");
}

describe("the proxy a request goes through (proxyFor)", () => {
  it("a scheme-less value is read as http://, as curl does", () => {
    expect(proxyFor({ HTTPS_PROXY: "proxy.corp:3128" }, HTTPS)).toEqual({
      variable: "HTTPS_PROXY",
      uri: "http://proxy.corp:3128/",
      shown: "http://proxy.corp:3128",
    });
    expect(proxyFor({ HTTP_PROXY: "10.0.0.1:3128" }, HTTP)?.uri).toBe("http://10.0.0.1:3128/");
  });

  it("credentials go to undici, never into the name shown", () => {
    const p = proxyFor({ HTTPS_PROXY: "http://alice:pw-9@proxy.corp:3128" }, HTTPS);
    expect(p?.uri).toBe("http://alice:pw-9@proxy.corp:3128/");
    expect(p?.shown).toBe("http://proxy.corp:3128");
  });

  it("https endpoints use HTTPS_PROXY, else HTTP_PROXY (undici's fallback); http endpoints only HTTP_PROXY", () => {
    expect(proxyFor({ HTTPS_PROXY: "a:1", HTTP_PROXY: "b:2" }, HTTPS)?.variable).toBe("HTTPS_PROXY");
    expect(proxyFor({ HTTP_PROXY: "b:2" }, HTTPS)?.variable).toBe("HTTP_PROXY");
    expect(proxyFor({ HTTPS_PROXY: "::::" }, HTTP)).toBeNull();
    expect(proxyFor({}, HTTPS)).toBeNull();
  });

  it("a loopback endpoint is never proxied, whatever the variables hold", () => {
    expect(proxyFor({ HTTPS_PROXY: "::::", HTTP_PROXY: "::::" }, new URL("http://127.0.0.1:8080"))).toBeNull();
  });

  it.each(["::::", "http://[::1", "ftp://proxy.corp:21", "http://"])(
    "%j still does not parse: a usage error naming the variable",
    (value) => {
      const err = thrown(() => proxyFor({ HTTPS_PROXY: value }, HTTPS));
      expect(exitCodeFor(err)).toBe(2);
      expect(err.message).toMatch(/^HTTPS_PROXY is not a proxy URL: /);
    },
  );

  it("the message about a broken value leaves out its user:pass@", () => {
    const err = thrown(() => proxyFor({ HTTPS_PROXY: "http://alice:pw-SECRET@[::1" }, HTTPS));
    expect(err.message).not.toContain("pw-SECRET");
    expect(err.message).not.toContain("alice");
  });
});
