import { createHash, createHmac } from "node:crypto";
import fc from "fast-check";
import { MockAgent } from "undici";
import { describe, expect, it } from "vitest";
import { akskAuthenticator } from "../../src/auth/aksk.js";
import {
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  encodeComponent,
  type IncomingSigned,
  MAX_SKEW_MS,
  parseAuthorization,
  parseSdkDate,
  sdkDate,
  signRequest,
  verifySignature,
} from "../../src/auth/sign.js";
import { main } from "../../src/cli/main.js";
import { VECTORS } from "../helpers/aksk-vectors.js";
import { apiBody, testDeps } from "../helpers/deps.js";

const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const AK = "AKUNITTEST0001";
const SK = "unit-secret-key-0123456789";

/** An independent statement of steps 8–10 of api/aksk-signing.md, to check the signer against. */
function referenceSignature(canonical: string, date: string, sk: string): string {
  const hashed = createHash("sha256").update(canonical, "utf8").digest("hex");
  return createHmac("sha256", Buffer.from(sk, "utf8")).update(`SDK-HMAC-SHA256\n${date}\n${hashed}`, "utf8").digest("hex");
}

/** What a server receives for a request signed with `signRequest`: lower-case headers and the request target. */
function incoming(method: string, url: string, sent: Record<string, string>, body = ""): IncomingSigned {
  const u = new URL(url);
  const headers: Record<string, string> = { host: u.host };
  for (const [k, v] of Object.entries(sent)) headers[k.toLowerCase()] = v;
  return { method, url: `${u.pathname}${u.search}`, headers, body };
}

describe("the official SDKs' test vectors (test/fixtures/aksk-vectors.json)", () => {
  it("the file holds the four vectors, all for AK AccessKey / SK SecretKey", () => {
    expect(VECTORS.vectors).toHaveLength(4);
    expect(VECTORS.access_key).toBe("AccessKey");
    expect(VECTORS.secret_key).toBe("SecretKey");
  });

  it.each(VECTORS.vectors.map((v, i) => [`${i + 1}: ${v.method} ${v.url} (${v.source})`, v] as const))(
    "vector %s: signature and signed headers byte for byte",
    (_name, v) => {
      const added = signRequest({
        method: v.method,
        url: v.url,
        headers: v.headers,
        body: v.body,
        accessKey: VECTORS.access_key,
        secretKey: VECTORS.secret_key,
        // A clock far from the vector's date: the caller's X-Sdk-Date must win.
        now: new Date("2031-01-01T00:00:00Z"),
      });
      expect(added.Authorization).toBe(
        `SDK-HMAC-SHA256 Access=${VECTORS.access_key}, SignedHeaders=${v.signed_headers}, Signature=${v.signature}`,
      );
      // The caller's X-Sdk-Date is used as it is, not replaced; nothing else is added without a project or security token.
      expect(Object.keys(added)).toEqual(["Authorization"]);

      // The server side accepts it at the vector's time…
      const at = parseSdkDate(v.headers["X-Sdk-Date"] as string) as number;
      const req = incoming(v.method, v.url, { ...v.headers, ...added }, v.body);
      expect(verifySignature(req, { secretKey: VECTORS.secret_key, accessKey: VECTORS.access_key, now: at })).toEqual({
        ok: true,
        accessKey: "AccessKey",
      });
      // …and not with another body.
      expect(verifySignature({ ...req, body: `${v.body} ` }, { secretKey: VECTORS.secret_key, now: at }).ok).toBe(false);
    },
  );

  it("vector 1's canonical request is exactly as the description's steps 3–8 build it", () => {
    const canonical = canonicalRequest({
      method: "get",
      url: new URL("https://example.huaweicloud.com/path?limit=1"),
      signedHeaders: ["x-sdk-date"],
      header: () => " 20060102T150405Z ",
      body: "",
    });
    expect(canonical).toBe(`GET\n/path/\nlimit=1\nx-sdk-date:20060102T150405Z\n\nx-sdk-date\n${EMPTY_SHA256}`);
    expect(referenceSignature(canonical, "20060102T150405Z", "SecretKey")).toBe(VECTORS.vectors[0]?.signature);
  });
});

describe("canonical URI", () => {
  it("percent-encodes non-ASCII as UTF-8 with upper-case hex, and a space as %20", () => {
    expect(canonicalUri("/v2/项目/a b")).toBe("/v2/%E9%A1%B9%E7%9B%AE/a%20b/");
    expect(canonicalUri("/é/ü/€/😀")).toBe("/%C3%A9/%C3%BC/%E2%82%AC/%F0%9F%98%80/");
  });

  it("encodes every reserved character; only A-Z a-z 0-9 - _ . ~ stay", () => {
    expect(encodeComponent("!*'();:@&=+$,/?#[]")).toBe("%21%2A%27%28%29%3B%3A%40%26%3D%2B%24%2C%2F%3F%23%5B%5D");
    expect(encodeComponent("AZaz09-_.~")).toBe("AZaz09-_.~");
    expect(encodeComponent('%"<>\\^`{|} ')).toBe("%25%22%3C%3E%5C%5E%60%7B%7C%7D%20");
    // `/` separates segments of a path; the rest of the reserved set is encoded inside a segment.
    expect(canonicalUri("/a/!*'();:@&=+$,?#[]")).toBe("/a/%21%2A%27%28%29%3B%3A%40%26%3D%2B%24%2C%3F%23%5B%5D/");
  });

  it("adds a trailing slash when there is none, and only then", () => {
    expect(canonicalUri("/path")).toBe("/path/");
    expect(canonicalUri("/path/")).toBe("/path/");
    expect(canonicalUri("/")).toBe("/");
    expect(canonicalUri("/v2/p1/blockchains/bc-1/status")).toBe("/v2/p1/blockchains/bc-1/status/");
  });

  it("signs the decoded path, so a URL written with or without escapes signs the same", () => {
    const base = { method: "GET", headers: { "X-Sdk-Date": "20240101T000000Z" }, accessKey: AK, secretKey: SK };
    const raw = signRequest({ ...base, url: "https://h.example.com/v2/项目/a b" });
    const escaped = signRequest({ ...base, url: "https://h.example.com/v2/%E9%A1%B9%E7%9B%AE/a%20b" });
    expect(raw.Authorization).toBe(escaped.Authorization);
    const canonical = `GET\n/v2/%E9%A1%B9%E7%9B%AE/a%20b/\n\nx-sdk-date:20240101T000000Z\n\nx-sdk-date\n${EMPTY_SHA256}`;
    expect(raw.Authorization).toContain(`Signature=${referenceSignature(canonical, "20240101T000000Z", SK)}`);
  });
});

describe("canonical query", () => {
  it("is empty without a query", () => {
    expect(canonicalQuery("")).toBe("");
    expect(canonicalQuery("?")).toBe("");
    expect(canonicalQuery(new URLSearchParams())).toBe("");
  });

  it("sorts keys, and writes a repeated key once per value with the values sorted", () => {
    expect(canonicalQuery("b=2&a=1&c=3")).toBe("a=1&b=2&c=3");
    expect(canonicalQuery("?limit=10&marker=z&limit=2&limit=1&a=")).toBe("a=&limit=1&limit=10&limit=2&marker=z");
    // Sorting is by bytes: upper case before lower case, ASCII before multi-byte UTF-8.
    expect(canonicalQuery("b=1&B=2&é=3&z=4")).toBe("B=2&b=1&z=4&%C3%A9=3");
  });

  it("encodes keys and values: non-ASCII, reserved characters, spaces", () => {
    const q = new URLSearchParams();
    q.append("名前", "値 1");
    q.append("r", "!*'();:@&=+$,/?#[]");
    q.append("plain", "AZaz09-_.~");
    expect(canonicalQuery(q)).toBe(
      "plain=AZaz09-_.~&r=%21%2A%27%28%29%3B%3A%40%26%3D%2B%24%2C%2F%3F%23%5B%5D&%E5%90%8D%E5%89%8D=%E5%80%A4%201",
    );
    // A key without `=` has an empty value.
    expect(canonicalQuery("flag&x=1")).toBe("flag=&x=1");
  });

  it("decodes the written query first, as the SDKs do: %XX and + are read before re-encoding", () => {
    expect(canonicalQuery("q=a%2Fb&s=a+b&t=%E2%82%AC")).toBe("q=a%2Fb&s=a%20b&t=%E2%82%AC");
  });

  it("the query is part of the signature", () => {
    const base = { method: "GET", headers: { "X-Sdk-Date": "20240101T000000Z" }, accessKey: AK, secretKey: SK };
    const a = signRequest({ ...base, url: "https://h.example.com/x?b=2&a=1" });
    const b = signRequest({ ...base, url: "https://h.example.com/x?a=1&b=2" });
    const c = signRequest({ ...base, url: "https://h.example.com/x?a=1&b=3" });
    expect(a.Authorization).toBe(b.Authorization);
    expect(a.Authorization).not.toBe(c.Authorization);
  });
});

describe("signRequest", () => {
  const at = new Date("2025-03-04T05:06:07.890Z");

  it("adds X-Sdk-Date (UTC, YYYYMMDDTHHMMSSZ) from the clock when the caller sets none", () => {
    expect(sdkDate(at)).toBe("20250304T050607Z");
    const added = signRequest({ method: "GET", url: "https://h.example.com/x", headers: {}, accessKey: AK, secretKey: SK, now: at });
    expect(added["X-Sdk-Date"]).toBe("20250304T050607Z");
    expect(added.Authorization).toMatch(/^SDK-HMAC-SHA256 Access=AKUNITTEST0001, SignedHeaders=x-sdk-date, Signature=[0-9a-f]{64}$/);
  });

  it("uses a caller-supplied X-Sdk-Date as it is, whatever its case, and signs with it", () => {
    const added = signRequest({
      method: "GET",
      url: "https://h.example.com/x",
      headers: { "x-sdk-date": "20200101T000000Z" },
      accessKey: AK,
      secretKey: SK,
      now: at,
    });
    expect(added["X-Sdk-Date"]).toBeUndefined();
    const canonical = `GET\n/x/\n\nx-sdk-date:20200101T000000Z\n\nx-sdk-date\n${EMPTY_SHA256}`;
    expect(added.Authorization).toContain(`Signature=${referenceSignature(canonical, "20200101T000000Z", SK)}`);
  });

  it("adds X-Project-Id and X-Security-Token and signs both, with Host, in sorted order", () => {
    const url = "https://bcs.cn-north-4.myhuaweicloud.com/v2/proj-1/blockchains/bc-1/status";
    const added = signRequest({
      method: "GET",
      url,
      headers: { Host: "bcs.cn-north-4.myhuaweicloud.com", "Content-Type": "application/json" },
      accessKey: AK,
      secretKey: SK,
      projectId: "proj-1",
      securityToken: "temp-sec-token",
      now: at,
    });
    expect(added["X-Project-Id"]).toBe("proj-1");
    expect(added["X-Security-Token"]).toBe("temp-sec-token");
    const signed = "host;x-project-id;x-sdk-date;x-security-token";
    const canonical = [
      "GET",
      "/v2/proj-1/blockchains/bc-1/status/",
      "",
      "host:bcs.cn-north-4.myhuaweicloud.com\nx-project-id:proj-1\nx-sdk-date:20250304T050607Z\nx-security-token:temp-sec-token\n",
      signed,
      EMPTY_SHA256,
    ].join("\n");
    // Content-Type is never signed.
    expect(added.Authorization).toBe(
      `SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=${signed}, Signature=${referenceSignature(canonical, "20250304T050607Z", SK)}`,
    );

    const req = incoming("GET", url, { "Content-Type": "application/json", ...added });
    expect(verifySignature(req, { secretKey: SK, now: at.getTime() }).ok).toBe(true);
    // Each added header is covered by the signature.
    for (const name of ["x-project-id", "x-security-token"]) {
      const tampered = { ...req, headers: { ...req.headers, [name]: "other" } };
      expect(verifySignature(tampered, { secretKey: SK, now: at.getTime() })).toEqual({ ok: false, reason: "signature does not match" });
    }
  });

  it("without a project or security token, neither header is added or signed", () => {
    const added = signRequest({
      method: "GET",
      url: "https://h.example.com/x",
      headers: { host: "h.example.com" },
      accessKey: AK,
      secretKey: SK,
    });
    expect(Object.keys(added).sort()).toEqual(["Authorization", "X-Sdk-Date"]);
    expect(parseAuthorization(added.Authorization as string)?.signedHeaders).toEqual(["host", "x-sdk-date"]);
  });
});

describe("verifySignature", () => {
  const at = new Date("2025-03-04T05:06:07Z");
  const url = "http://127.0.0.1:8080/v2/proj-1/blockchains/bc-1/status?x=1";
  const signed = () =>
    incoming(
      "GET",
      url,
      signRequest({ method: "GET", url, headers: { Host: "127.0.0.1:8080" }, accessKey: AK, secretKey: SK, projectId: "proj-1", now: at }),
    );

  it("round-trips: what signRequest signs, verifySignature accepts", () => {
    expect(verifySignature(signed(), { secretKey: SK, accessKey: AK, now: at.getTime() })).toEqual({ ok: true, accessKey: AK });
  });

  it("round-trips for any path segment and query (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: "grapheme", minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.tuple(fc.string({ unit: "grapheme", maxLength: 6 }), fc.string({ unit: "grapheme", maxLength: 6 })), { maxLength: 4 }),
        (segments, params) => {
          const u = new URL("https://h.example.com");
          u.pathname = `/${segments.map(encodeURIComponent).join("/")}`;
          for (const [k, v] of params) u.searchParams.append(k, v);
          const added = signRequest({ method: "GET", url: u.href, headers: { Host: u.host }, accessKey: AK, secretKey: SK, now: at });
          const req = incoming("GET", u.href, added);
          expect(verifySignature(req, { secretKey: SK, now: at.getTime() }).ok).toBe(true);
          expect(verifySignature(req, { secretKey: `${SK}x`, now: at.getTime() }).ok).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("rejects a wrong secret key", () => {
    expect(verifySignature(signed(), { secretKey: "not-the-secret-key", now: at.getTime() })).toEqual({
      ok: false,
      reason: "signature does not match",
    });
  });

  it("rejects another access key when one is required", () => {
    expect(verifySignature(signed(), { secretKey: SK, accessKey: "OTHERAK", now: at.getTime() })).toEqual({
      ok: false,
      reason: "unknown access key",
    });
  });

  it("rejects a tampered path, query, method or host", () => {
    const ok = signed();
    const opts = { secretKey: SK, now: at.getTime() };
    expect(verifySignature({ ...ok, url: "/v2/proj-1/blockchains/bc-2/status?x=1" }, opts).ok).toBe(false);
    expect(verifySignature({ ...ok, url: "/v2/proj-1/blockchains/bc-1/status?x=2" }, opts).ok).toBe(false);
    expect(verifySignature({ ...ok, url: "/v2/proj-1/blockchains/bc-1/status" }, opts).ok).toBe(false);
    expect(verifySignature({ ...ok, method: "DELETE" }, opts).ok).toBe(false);
    expect(verifySignature({ ...ok, headers: { ...ok.headers, host: "evil.example.com" } }, opts).ok).toBe(false);
  });

  it("rejects a date more than 15 minutes off either way, and accepts one just inside", () => {
    const opts = (offset: number) => ({ secretKey: SK, now: at.getTime() + offset });
    expect(MAX_SKEW_MS).toBe(15 * 60_000);
    expect(verifySignature(signed(), opts(MAX_SKEW_MS)).ok).toBe(true);
    expect(verifySignature(signed(), opts(-MAX_SKEW_MS)).ok).toBe(true);
    for (const offset of [MAX_SKEW_MS + 1000, -(MAX_SKEW_MS + 1000), 24 * 3600_000]) {
      const r = verifySignature(signed(), opts(offset));
      expect(r).toEqual({ ok: false, reason: "X-Sdk-Date is more than 15 minutes away from the server time" });
    }
  });

  it("rejects malformed Authorization and X-Sdk-Date headers", () => {
    const ok = signed();
    const auth = ok.headers.authorization as string;
    const opts = { secretKey: SK, now: at.getTime() };
    const withHeaders = (h: Record<string, string | undefined>) => ({ ...ok, headers: { ...ok.headers, ...h } });
    const malformed = { ok: false, reason: "malformed Authorization header" };
    for (const bad of [
      undefined,
      "",
      auth.replace("SDK-HMAC-SHA256", "AWS4-HMAC-SHA256"),
      auth.replace(/, Signature=[0-9a-f]+/, ""),
      auth.replace(/Signature=[0-9a-f]+/, "Signature=XYZ"),
      auth.replace(/Signature=([0-9a-f]+)/, (_m, s: string) => `Signature=${s.toUpperCase()}`),
      auth.replace("SignedHeaders=", "SignedHeaders=Host;"),
      `${auth}, Extra=1`,
      "SDK-HMAC-SHA256 garbage",
      "Bearer abc",
    ]) {
      expect(verifySignature(withHeaders({ authorization: bad }), opts)).toEqual(malformed);
    }
    expect(verifySignature(withHeaders({ "x-sdk-date": undefined }), opts)).toEqual({ ok: false, reason: "missing X-Sdk-Date header" });
    for (const bad of ["2025-03-04T05:06:07Z", "20250304T050607", "20251304T050607Z", "20250230T050607Z", "20250304T250607Z", "now"]) {
      expect(verifySignature(withHeaders({ "x-sdk-date": bad }), opts)).toEqual({ ok: false, reason: "malformed X-Sdk-Date header" });
    }
  });

  it("rejects a request that lacks a header its signature names", () => {
    const ok = signed();
    const { "x-project-id": _dropped, ...headers } = ok.headers;
    expect(verifySignature({ ...ok, headers }, { secretKey: SK, now: at.getTime() })).toEqual({
      ok: false,
      reason: "a signed header is missing from the request",
    });
  });
});

describe("akskAuthenticator", () => {
  const cfg = { mode: "aksk" as const, accessKey: AK, secretKey: SK, securityToken: "temp-sec-token-42" };
  const url = "http://127.0.0.1:8080/v2/proj-1/blockchains/bc-1/status";

  it("signs each call afresh with the injected clock: a new X-Sdk-Date and signature per attempt", () => {
    let now = Date.parse("2025-03-04T05:06:07Z");
    const auth = akskAuthenticator(cfg, "proj-1", () => now);
    expect(auth.mode).toBe("aksk");
    const first = auth.headers("GET", url);
    now += 2_000;
    const second = auth.headers("GET", url);
    expect(first["X-Sdk-Date"]).toBe("20250304T050607Z");
    expect(second["X-Sdk-Date"]).toBe("20250304T050609Z");
    const sig = (h: Record<string, string>) => parseAuthorization(h.Authorization as string)?.signature;
    expect(sig(first)).not.toBe(sig(second));

    // Both carry host, project and security token, all signed, and each verifies at its own time.
    for (const [h, t] of [
      [first, now - 2_000],
      [second, now],
    ] as const) {
      expect(h.host).toBe("127.0.0.1:8080");
      expect(h["X-Project-Id"]).toBe("proj-1");
      expect(h["X-Security-Token"]).toBe("temp-sec-token-42");
      expect(parseAuthorization(h.Authorization as string)?.signedHeaders).toEqual([
        "host",
        "x-project-id",
        "x-sdk-date",
        "x-security-token",
      ]);
      expect(verifySignature(incoming("GET", url, h), { secretKey: SK, accessKey: AK, now: t }).ok).toBe(true);
    }
  });

  it("the same instant gives the same signature (nothing random), another method a different one", () => {
    const auth = akskAuthenticator(cfg, "proj-1", () => Date.parse("2025-03-04T05:06:07Z"));
    expect(auth.headers("GET", url)).toEqual(auth.headers("GET", url));
    expect(auth.headers("GET", url).Authorization).not.toBe(auth.headers("HEAD", url).Authorization);
  });

  it("without a security token sends none", async () => {
    const { securityToken: _none, ...plain } = cfg;
    const auth = akskAuthenticator(plain, "proj-1", () => Date.parse("2025-03-04T05:06:07Z"));
    const h = auth.headers("GET", url);
    expect(h["X-Security-Token"]).toBeUndefined();
    expect(parseAuthorization(h.Authorization as string)?.signedHeaders).toEqual(["host", "x-project-id", "x-sdk-date"]);
    await auth.ready();
    expect(await auth.renew()).toBe(false);
    // The SK itself never travels.
    expect(JSON.stringify(h)).not.toContain(SK);
  });
});

describe("AK/SK through the API client", () => {
  it("every retry is signed afresh: a new X-Sdk-Date and signature per attempt, each valid at its own time", async () => {
    const origin = "https://bcs.cn-north-4.myhuaweicloud.com";
    const agent = new MockAgent();
    agent.disableNetConnect();
    const t = testDeps({
      dispatcher: agent,
      env: {
        BCS_ACCESS_KEY: AK,
        BCS_SECRET_KEY: SK,
        BCS_SECURITY_TOKEN: "temp-sec-token-42",
        BCS_PROJECT_ID: "proj-1",
        BCS_REGION: "cn-north-4",
      },
    });
    const attempts: { at: number; headers: Record<string, string> }[] = [];
    const answers = [
      { statusCode: 503, data: { error_code: "X", error_msg: "busy" }, responseOptions: { headers: { "retry-after": "7" } } },
      { statusCode: 200, data: apiBody() },
    ];
    const pool = agent.get(origin);
    for (const answer of answers) {
      pool.intercept({ path: "/v2/proj-1/blockchains/bc-1/status", method: "GET" }).reply((opts) => {
        attempts.push({ at: t.clock.now(), headers: { ...(opts.headers as Record<string, string>) } });
        return { ...answer, responseOptions: { headers: { "content-type": "application/json", ...answer.responseOptions?.headers } } };
      });
    }
    try {
      expect(await main(["get", "bc-1", "--json"], t.deps)).toBe(0);
    } finally {
      await agent.close();
    }
    expect(t.clock.sleeps).toEqual([7000]);
    expect(attempts).toHaveLength(2);
    const [first, second] = attempts as [(typeof attempts)[0], (typeof attempts)[0]];
    expect(second.at - first.at).toBe(7000);
    expect(first.headers["x-sdk-date"]).toBe(sdkDate(new Date(first.at)));
    expect(second.headers["x-sdk-date"]).toBe(sdkDate(new Date(second.at)));
    expect(second.headers["x-sdk-date"]).not.toBe(first.headers["x-sdk-date"]);
    expect(second.headers.authorization).not.toBe(first.headers.authorization);
    for (const a of attempts) {
      expect(a.headers["x-auth-token"]).toBeUndefined();
      expect(a.headers["x-security-token"]).toBe("temp-sec-token-42");
      expect(a.headers["x-project-id"]).toBe("proj-1");
      const req = { method: "GET", url: "/v2/proj-1/blockchains/bc-1/status", headers: a.headers };
      expect(verifySignature(req, { secretKey: SK, accessKey: AK, now: a.at })).toEqual({ ok: true, accessKey: AK });
      expect(parseAuthorization(a.headers.authorization as string)?.signedHeaders).toEqual([
        "host",
        "x-project-id",
        "x-sdk-date",
        "x-security-token",
      ]);
    }
    expect(t.io.stdout.text() + t.io.stderr.text()).not.toContain(SK);
  });
});
