import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { hostHeader, signRequest } from "../../src/auth/sign.js";
import { runMockServer } from "../../src/commands/mock-server/run.js";
import { BUILTIN, CLUSTER_FAILURE_DETAIL } from "../../src/simulator/scenarios.js";
import { type Simulator, type SimulatorOptions, startSimulator } from "../../src/simulator/server.js";
import { apiTime, saltFor } from "../../src/simulator/time.js";
import { normalize } from "../../src/status/normalize.js";
import { UsageError } from "../../src/util/errors.js";
import { fakeClock, testDeps } from "../helpers/deps.js";

const T0 = Date.parse("2026-11-28T10:00:00.000Z");
const API_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{1,9}\+08:00$/;

let clock = fakeClock(T0);
let sims: Simulator[] = [];
const logs: string[] = [];

afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()));
  sims = [];
  logs.length = 0;
  clock = fakeClock(T0);
});

async function sim(opts: SimulatorOptions = {}): Promise<Simulator> {
  const s = await startSimulator({ host: "127.0.0.1", port: 0, now: clock.now, log: (l) => logs.push(l), ...opts });
  sims.push(s);
  return s;
}

interface Reply {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: bodies are read loosely; the assertions check their shape
  body: any;
}

async function call(s: Simulator, p: string, init: RequestInit = {}): Promise<Reply> {
  const res = await fetch(`${s.url}${p}`, init);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Kept as text.
  }
  return { status: res.status, headers: res.headers, body };
}

const getStatus = (s: Simulator, id: string, token = "tok") =>
  call(s, `/v2/p1/blockchains/${id}/status`, { headers: token ? { "X-Auth-Token": token } : {} });

/** Resource name → status string, for a compact view of a body. */
// biome-ignore lint/suspicious/noExplicitAny: as above
function statuses(body: any): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ["bcs", "eip", "sfs", "obs", "kafka"]) if (body[k]) out[k] = body[k].status;
  for (const k of ["cluster", "network", "security_group"]) if (body.cce?.[k]) out[`cce.${k}`] = body.cce[k].status;
  return out;
}

describe("built-in timelines", () => {
  it("success: everything waits, then deploys in order, then finishes at 100 simulated seconds", async () => {
    const s = await sim({ scenario: "success" });
    const first = await getStatus(s, "bc-1");
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("application/json;charset=UTF-8");
    expect(first.headers.get("x-request-id")).toMatch(/^[0-9a-f]{32}$/);
    expect(Object.values(statuses(first.body)).every((v) => v === "waiting")).toBe(true);
    expect(first.body.eip).toEqual({ start_time: "", end_time: "", status: "waiting", detail: "" });

    clock.advance(16_000);
    const mid = statuses((await getStatus(s, "bc-1")).body);
    expect(mid).toMatchObject({ eip: "finished", obs: "finished", "cce.network": "finished", "cce.cluster": "deploying", bcs: "waiting" });

    clock.advance(84_000);
    const done = (await getStatus(s, "bc-1")).body;
    expect(Object.keys(statuses(done))).toHaveLength(8);
    expect(Object.values(statuses(done)).every((v) => v === "finished")).toBe(true);
    for (const d of [done.bcs, done.eip, done.cce.cluster]) {
      expect(d.start_time).toMatch(API_TIME);
      expect(d.end_time).toMatch(API_TIME);
      expect(Date.parse(d.end_time)).toBeGreaterThan(Date.parse(d.start_time));
    }
    // Timestamps are on the simulator's clock, in +08:00: bcs ends 100 s after the first request.
    expect(Date.parse(done.bcs.end_time)).toBe(T0 + 100_000);
  });

  it("speed divides real time", async () => {
    const s = await sim({ scenario: "success", speed: 5 });
    await getStatus(s, "bc-1");
    clock.advance(20_000);
    const done = (await getStatus(s, "bc-1")).body;
    expect(Object.values(statuses(done)).every((v) => v === "finished")).toBe(true);
    expect(Date.parse(done.bcs.end_time)).toBe(T0 + 20_000);
  });

  it("failure: cce.cluster fails with a detail, later resources never start", async () => {
    const s = await sim({ scenario: "failure" });
    await getStatus(s, "bc-1");
    clock.advance(300_000);
    const body = (await getStatus(s, "bc-1")).body;
    expect(body.cce.cluster).toMatchObject({ status: "failed", detail: CLUSTER_FAILURE_DETAIL });
    expect(body.cce.cluster.end_time).toMatch(API_TIME);
    expect(body.bcs).toEqual({ start_time: "", end_time: "", status: "waiting", detail: "" });
  });

  it("each id follows the timeline from its own first request", async () => {
    const s = await sim({ scenario: "success" });
    await getStatus(s, "bc-1");
    clock.advance(100_000);
    expect(statuses((await getStatus(s, "bc-1")).body).bcs).toBe("finished");
    expect(Object.values(statuses((await getStatus(s, "bc-2")).body)).every((v) => v === "waiting")).toBe(true);
    clock.advance(100_000);
    expect(statuses((await getStatus(s, "bc-2")).body).bcs).toBe("finished");
  });

  it("flaky: every 3rd request is a 503 and every 5th a 429, with Retry-After and an API error body", async () => {
    const s = await sim({ scenario: "flaky" });
    const replies = [];
    for (let i = 0; i < 6; i++) replies.push(await getStatus(s, "bc-1"));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 503, 200, 429, 503]);
    for (const r of replies.filter((x) => x.status !== 200)) {
      expect(r.headers.get("retry-after")).toBe("1");
      expect(r.body).toEqual({ error_code: expect.stringMatching(/^[A-Z]+\.\d+$/), error_msg: expect.any(String) });
    }
  });

  it("slow: answers the success timeline after a delay", () => {
    const answer = BUILTIN.slow?.answer({ elapsedSec: 0, requestNo: 1, toIso: () => "" });
    expect(answer?.httpStatus).toBe(200);
    expect(answer?.delayMs).toBeGreaterThan(0);
    expect(answer?.delayMs).toBeLessThan(30_000);
  });

  it("formats times like the API: nanoseconds in +08:00", () => {
    expect(apiTime(Date.parse("2020-10-15T10:24:48.658Z"), 0)).toMatch(/^2020-10-15T18:24:48\.658\d{6}\+08:00$/);
  });

  it("refuses an unknown scenario and a speed that is not above zero", async () => {
    await expect(sim({ scenario: "sideways" })).rejects.toThrow(UsageError);
    await expect(sim({ speed: 0 })).rejects.toThrow(UsageError);
    await expect(sim({ speed: -1 })).rejects.toThrow(UsageError);
  });
});

describe("timeline files", () => {
  it("a file's own entry for an id wins over the built-in prefix rules (missing…, forbidden…)", async () => {
    const f = file("prefix.json", { ids: { "missing-1": [{ at: 0, status: deploying }], "forbidden-1": [{ at: 0, status: deploying }] } });
    const s = await sim({ scenario: f });
    expect(await getStatus(s, "missing-1")).toMatchObject({ status: 200, body: deploying });
    expect(await getStatus(s, "forbidden-1")).toMatchObject({ status: 200, body: deploying });
    expect(await getStatus(s, "unknown-id")).toMatchObject({
      status: 400,
      body: { error_code: "BCS.4001011", error_msg: "The blockchain does not exist or has been deleted" },
    });
  });

  it.each([
    [{ at: 0, status: {}, headers: { "Bad Header": "x" } }, /"headers" must map header names/],
    [{ at: 0, status: {}, headers: { "X-Ok": "a\nb" } }, /"headers" must map header names/],
    [{ at: 0, status: {}, headers: ["x"] }, /"headers" must map header names/],
    [{ at: 0, status: {}, http_status: 200.5 }, /"http_status" must be an HTTP status code/],
    [{ at: 0, status: {}, delay: -1 }, /"delay" must be a duration/],
  ])("a step that could only fail at request time is refused when the file loads: %j", async (step, message) => {
    await expect(sim({ scenario: file("bad-step.json", { default: [step] }) })).rejects.toThrow(message);
  });

  it("an id that could never be requested is refused", async () => {
    await expect(sim({ scenario: file("bad-id.json", { ids: { "x.y": [{ at: 0, status: {} }] } }) })).rejects.toThrow(
      /ids\.x\.y: not a blockchain id/,
    );
  });

  it("a misspelled top-level key is refused, not ignored", async () => {
    const f = file("typo.json", { idz: { "bc-1": [{ at: 0, status: deploying }] }, default: [{ at: 0, status: deploying }] });
    await expect(sim({ scenario: f })).rejects.toThrow(/idz.*unknown key/);
  });

  const dir = mkdtempSync(path.join(tmpdir(), "bcs-sim-"));
  const file = (name: string, content: unknown) => {
    const f = path.join(dir, name);
    writeFileSync(f, typeof content === "string" ? content : JSON.stringify(content));
    return f;
  };
  const deploying = { eip: { start_time: "2026-11-28T18:00:00.1+08:00", end_time: "", status: "deploying", detail: "" } };

  it("plays per-id steps from each id's first request, with a default for other ids", async () => {
    const f = file("ok.json", {
      default: [{ at: 0, status: deploying }],
      ids: {
        "bc-1": [
          { at: "0s", status: deploying },
          { at: "30s", http_status: 503, body: { error_code: "BCS.5030503", error_msg: "busy" }, headers: { "Retry-After": "2" } },
          { at: "1m", status: { eip: { ...deploying.eip, status: "finished" } } },
        ],
      },
    });
    const s = await sim({ scenario: f });
    expect((await getStatus(s, "bc-1")).body).toEqual(deploying);
    clock.advance(30_000);
    const busy = await getStatus(s, "bc-1");
    expect(busy.status).toBe(503);
    expect(busy.headers.get("retry-after")).toBe("2");
    expect((await getStatus(s, "other")).body).toEqual(deploying);
    clock.advance(30_000);
    expect((await getStatus(s, "bc-1")).body.eip.status).toBe("finished");
  });

  it("answers 400 BCS.4001011 for an id the file does not name when there is no default", async () => {
    const s = await sim({ scenario: file("ids.json", { ids: { "bc-1": [{ at: 0, status: deploying }] } }) });
    const r = await getStatus(s, "bc-9");
    expect(r.status).toBe(400);
    expect(r.body.error_code).toBe("BCS.4001011");
  });

  it.each([
    ["not JSON", "{", /cannot load scenario file/],
    ["a missing file", null, /cannot load scenario file .*ENOENT/],
    ["an array", [], /top level/],
    ["no timelines", {}, /give "default" or "ids"/],
    ["an empty timeline", { default: [] }, /default: expected a non-empty array/],
    ["a bad duration", { default: [{ at: "soon", status: {} }] }, /default\[0\]: "at" must be a duration/],
    [
      "steps out of order",
      {
        default: [
          { at: 5, status: {} },
          { at: 1, status: {} },
        ],
      },
      /default\[1\]: steps must be in order/,
    ],
    ["a bad status code", { default: [{ at: 0, http_status: 99, body: {} }] }, /"http_status" must be an HTTP status code/],
    ["no answer", { ids: { a: [{ at: 0 }] } }, /ids\.a\[0\]: give "status"/],
    ["bad headers", { default: [{ at: 0, status: {}, headers: { "Retry-After": 1 } }] }, /"headers" must map header names/],
  ])("rejects %s with a UsageError naming the place", async (_what, content, message) => {
    const f = content === null ? path.join(dir, "absent.json") : file(`bad-${Math.random()}.json`, content);
    const err = await sim({ scenario: f }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(message);
  });
});

describe("authentication", () => {
  it("401 without a token, and with a token other than --token", async () => {
    const s = await sim({ token: "right" });
    const bad = { error_code: "BCS.4010401", error_msg: "Incorrect token or token resolution failed" };
    expect(await getStatus(s, "bc-1", "")).toMatchObject({ status: 401, body: bad });
    expect(await getStatus(s, "bc-1", "wrong")).toMatchObject({ status: 401, body: bad });
    expect((await getStatus(s, "bc-1", "right")).status).toBe(200);
  });

  it("403 for an id starting with forbidden", async () => {
    const s = await sim();
    expect(await getStatus(s, "forbidden-1")).toMatchObject({ status: 403, body: { error_code: "BCS.4030403" } });
  });

  describe("AK/SK", () => {
    async function signedGet(s: Simulator, opts: { ak?: string; sk?: string; at?: number; id?: string } = {}) {
      const url = `${s.url}/v2/p1/blockchains/${opts.id ?? "bc-1"}/status`;
      const headers: Record<string, string> = { Host: hostHeader(url) };
      const added = signRequest({
        method: "GET",
        url,
        headers,
        accessKey: opts.ak ?? "AK1",
        secretKey: opts.sk ?? "SK1",
        projectId: "p1",
        now: new Date(opts.at ?? clock.now()),
      });
      const { Host: _host, ...rest } = headers;
      return call(s, new URL(url).pathname, { headers: { ...rest, ...added } });
    }

    it("accepts a valid signature of the configured pair", async () => {
      const s = await sim({ accessKey: "AK1", secretKey: "SK1" });
      expect((await signedGet(s)).status).toBe(200);
    });

    it("401 APIGW.0301 for a wrong secret key, another access key, or a skewed date", async () => {
      const s = await sim({ accessKey: "AK1", secretKey: "SK1" });
      const cases: [Parameters<typeof signedGet>[1], RegExp][] = [
        [{ sk: "nope" }, /signature does not match/],
        [{ ak: "AK2" }, /unknown access key/],
        [{ at: clock.now() - 16 * 60_000 }, /15 minutes/],
      ];
      for (const [opts, reason] of cases) {
        const r = await signedGet(s, opts);
        expect(r.status).toBe(401);
        expect(r.body.error_code).toBe("APIGW.0301");
        expect(r.body.error_msg).toMatch(/^Incorrect IAM authentication information: /);
        expect(r.body.error_msg).toMatch(reason);
      }
    });

    it("401 when the signature does not cover x-sdk-date", async () => {
      const s = await sim({ accessKey: "AK1", secretKey: "SK1" });
      const url = `${s.url}/v2/p1/blockchains/bc-1/status`;
      const ok = await signedGet(s);
      expect(ok.status).toBe(200);
      const headers: Record<string, string> = { Host: hostHeader(url) };
      const added = signRequest({
        method: "GET",
        url,
        headers,
        accessKey: "AK1",
        secretKey: "SK1",
        projectId: "p1",
        now: new Date(clock.now()),
      });
      const { Host: _host, ...rest } = headers;
      // The same request with the date left out of SignedHeaders: a signature the gateway must not take.
      const authorization = String(added.Authorization ?? added.authorization).replace(/SignedHeaders=[^,]+/, "SignedHeaders=host");
      const r = await call(s, new URL(url).pathname, { headers: { ...rest, ...added, Authorization: authorization } });
      expect(r.status).toBe(401);
      expect(r.body.error_code).toBe("APIGW.0301");
      // Even where any well-formed signature would do (no secret key configured).
      const lax = await sim();
      const r2 = await call(lax, new URL(url).pathname, { headers: { ...rest, ...added, Authorization: authorization } });
      expect(r2).toMatchObject({ status: 401, body: { error_msg: expect.stringMatching(/SignedHeaders must include x-sdk-date/) } });
    });

    it("with only a secret key, any access key whose signature is valid", async () => {
      const s = await sim({ secretKey: "SK1" });
      expect((await signedGet(s, { ak: "whoever" })).status).toBe(200);
      expect((await signedGet(s, { ak: "whoever", sk: "other" })).status).toBe(401);
    });

    it("without a secret key, any well-formed signature with a fresh date", async () => {
      const s = await sim();
      expect((await signedGet(s, { sk: "anything" })).status).toBe(200);
      expect((await signedGet(s, { at: clock.now() + 3_600_000 })).status).toBe(401);
      const r = await call(s, "/v2/p1/blockchains/bc-1/status", { headers: { Authorization: "SDK-HMAC-SHA256 nonsense" } });
      expect(r.body.error_msg).toMatch(/malformed Authorization header/);
    });
  });
});

describe("IAM token route", () => {
  const login = (s: Simulator, password: string, name = "alice") =>
    call(s, "/v3/auth/tokens", {
      method: "POST",
      headers: { "Content-Type": "application/json;charset=utf8" },
      body: JSON.stringify({
        auth: {
          identity: { methods: ["password"], password: { user: { domain: { name: "acme" }, name, password } } },
          scope: { project: { id: "p1" } },
        },
      }),
    });

  it("a login that does not ask for the password method is refused", async () => {
    const s = await sim();
    const r = await call(s, "/v3/auth/tokens", {
      method: "POST",
      headers: { "Content-Type": "application/json;charset=utf8" },
      body: JSON.stringify({
        auth: {
          identity: { methods: ["token"], password: { user: { domain: { name: "acme" }, name: "alice", password: "pw" } } },
          scope: { project: { id: "p1" } },
        },
      }),
    });
    expect(r.status).not.toBe(201);
  });

  it("201 with X-Subject-Token and a token body; the token then opens the status route", async () => {
    const s = await sim({ token: "static", password: "s3cret" });
    const r = await login(s, "s3cret");
    expect(r.status).toBe(201);
    const token = r.headers.get("x-subject-token") ?? "";
    expect(token.length).toBeGreaterThan(20);
    expect(r.body.token).toMatchObject({ methods: ["password"], project: { id: "p1" }, user: { name: "alice" } });
    expect(Date.parse(r.body.token.expires_at) - Date.parse(r.body.token.issued_at)).toBe(86_400_000);
    expect((await getStatus(s, "bc-1", token)).status).toBe(200);
  });

  it("401 in IAM's shape for a wrong password or user", async () => {
    const s = await sim({ password: "s3cret", username: "alice" });
    const wrong = { status: 401, body: { error: { code: 401, message: "The username or password is wrong.", title: "Unauthorized" } } };
    expect(await login(s, "nope")).toMatchObject(wrong);
    expect(await login(s, "s3cret", "bob")).toMatchObject(wrong);
    expect((await login(s, "s3cret")).status).toBe(201);
  });

  it("400 for a body that is not a password login", async () => {
    const s = await sim();
    expect((await call(s, "/v3/auth/tokens", { method: "POST", body: "{" })).status).toBe(400);
  });

  it("refuses an issued token once it has expired", async () => {
    const s = await sim({ token: "static", tokenTtlSeconds: 60 });
    const token = (await login(s, "pw")).headers.get("x-subject-token") ?? "";
    expect((await getStatus(s, "bc-1", token)).status).toBe(200);
    clock.advance(61_000);
    expect((await getStatus(s, "bc-1", token)).status).toBe(401);
  });
});

describe("routes and errors", () => {
  const notFound = { error_code: "BCS.4040404", error_msg: "Not Found:the url is not found" };

  it("404 in the API's shape for unknown paths and ill-formed ids", async () => {
    const s = await sim();
    expect(await call(s, "/v2/p1/blockchains/bc-1")).toMatchObject({ status: 404, body: notFound });
    expect(await getStatus(s, "bad.id")).toMatchObject({ status: 404, body: notFound });
    expect(await getStatus(s, "x".repeat(65))).toMatchObject({ status: 404, body: notFound });
  });

  it("a malformed %-escape in the path is a 404, not a 500", async () => {
    const s = await sim();
    expect(await getStatus(s, "%E0%A4%A")).toMatchObject({ status: 404, body: notFound });
    expect(logs.at(-1)).toMatch(/ 404 \d+ms$/);
  });

  it("accepts an X-Auth-Token as long as the API allows (32768 characters)", async () => {
    const s = await sim();
    expect((await getStatus(s, "bc-long-token", "a".repeat(32_768))).status).toBe(200);
  });

  it("400 BCS.4001011 for an id starting with missing or notfound", async () => {
    const s = await sim();
    for (const id of ["missing-1", "notfound"]) {
      expect(await getStatus(s, id)).toMatchObject({ status: 400, body: { error_code: "BCS.4001011" } });
    }
  });

  it("405 for another method on a known path", async () => {
    const s = await sim();
    const r = await call(s, "/v2/p1/blockchains/bc-1/status", { method: "DELETE", headers: { "X-Auth-Token": "t" } });
    expect(r.status).toBe(405);
    expect(r.headers.get("allow")).toBe("GET");
  });

  it("counts requests by kind at /__sim/stats, and logs one line per request without secrets", async () => {
    const s = await sim({ token: "tok-secret" });
    await getStatus(s, "bc-1", "tok-secret");
    await getStatus(s, "bc-1", "wrong-secret");
    await call(s, "/v3/auth/tokens", {
      method: "POST",
      body: JSON.stringify({
        auth: {
          identity: { methods: ["password"], password: { user: { domain: { name: "d" }, name: "u", password: "pw-secret" } } },
          scope: { project: { id: "p1" } },
        },
      }),
    });
    const stats = (await call(s, "/__sim/stats")).body;
    expect(stats).toMatchObject({ requests: 3, status: 1, tokens: 1, rejected: 1 });
    expect(s.stats()).toEqual(stats);
    expect(logs).toHaveLength(4);
    expect(logs[0]).toMatch(/^\S+ GET \/v2\/p1\/blockchains\/bc-1\/status 200 \d+ms$/);
    expect(logs.join("\n")).not.toMatch(/secret/);
  });
});

describe("mock-server command", () => {
  it("prints the base URL first, serves until the signal aborts, then exits 130 (interrupted)", async () => {
    const controller = new AbortController();
    const { deps, io } = testDeps({ signal: controller.signal });
    const done = runMockServer({ host: "127.0.0.1", port: 0, scenario: "success", speed: 1 }, deps);
    const started = Date.now();
    while (!io.stdout.text().includes("\n") && Date.now() - started < 5000) await new Promise((r) => setTimeout(r, 10));
    const url = io.stdout.text().split("\n")[0] ?? "";
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const r = await fetch(`${url}/v2/p1/blockchains/bc-1/status`, { headers: { "X-Auth-Token": "t" } });
    expect(r.status).toBe(200);
    await r.text();
    controller.abort();
    await expect(done).resolves.toBe(130);
    expect(io.stderr.text()).toMatch(/GET \/v2\/p1\/blockchains\/bc-1\/status 200/);
  });

  it("bound to every address, it prints the loopback URL to use from this machine", async () => {
    const s = await sim({ host: "0.0.0.0" });
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await getStatus(s, "bc-any")).status).toBe(200);
  });

  it.each([
    [{ scenario: "nope" }, /unknown scenario/],
    [{ speed: 0 }, /speed/],
    [{ ak: "AK" }, /--ak needs --sk/],
    [
      { host: "nosuchhost.invalid" },
      /cannot listen on nosuchhost\.invalid:0: (ENOTFOUND|EAI_AGAIN) \(--host must be an address of this machine/,
    ],
  ])("refuses bad flags with a UsageError: %o", async (flags, message) => {
    const { deps } = testDeps();
    const err = await runMockServer({ host: "127.0.0.1", port: 0, scenario: "success", speed: 1, ...flags }, deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(message);
  });
});

describe("simulated times", () => {
  it.each([
    [250, 250],
    [5000, 5000],
    [1000 / 3, 333],
    [0.4, 0],
  ])("one salt per blockchain: a %d ms span shows as %d ms, the real duration", (span, shown) => {
    const t0 = T0 + 123.7;
    const salt = saltFor(t0);
    const body = { bcs: { status: "finished", start_time: apiTime(t0, salt), end_time: apiTime(t0 + span, salt), detail: "" } };
    expect(body.bcs.start_time).toMatch(API_TIME);
    expect(normalize("bc-t", body, T0).resources[0]?.duration_ms).toBe(shown);
  });
});

describe("half-open connections", () => {
  it("connections that send their headers partly or not at all are dropped soon after the headers timeout", async () => {
    const s = await sim({ headersTimeoutMs: 300 });
    const { port } = new URL(s.url);
    const { connect } = await import("node:net");
    const started = performance.now();
    const closed = Array.from({ length: 200 }, (_, i) => {
      const socket = connect(Number(port), "127.0.0.1");
      socket.on("error", () => {});
      // Read what the server sends (its 408), so its closing is seen here.
      socket.resume();
      socket.on("connect", () => {
        if (i % 2 === 0) socket.write("GET /v2/p/blockchains/bc-1/status HTTP/1.1\r\nHost: x\r\n");
      });
      return new Promise<number>((resolve) => socket.on("close", () => resolve(performance.now() - started)));
    });
    const times = await Promise.race([
      Promise.all(closed),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error("half-open connections still open after 3 s")), 3000)),
    ]);
    expect(Math.max(...times)).toBeLessThan(3000);
    // An ordinary request still gets its answer.
    const r = await fetch(`${s.url}/v2/p/blockchains/bc-1/status`, { headers: { "X-Auth-Token": "t" } });
    expect(r.status).toBeLessThan(500);
    await r.text();
  });
});
