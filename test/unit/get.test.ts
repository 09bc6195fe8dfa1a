import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Dispatcher } from "undici";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { apiBody, fakeClock, testDeps } from "../helpers/deps.js";
import { API_ENV, JSON_HEADERS, ORIGIN, PATH, TOKEN, useMockAgent } from "../helpers/mock-api.js";

const api = useMockAgent();

function run(args: string[], env: NodeJS.ProcessEnv = {}, dispatcher?: (clock: ReturnType<typeof fakeClock>) => Dispatcher) {
  const clock = fakeClock();
  const t = testDeps({ clock, dispatcher: dispatcher?.(clock) ?? api.agent, env: { ...API_ENV, ...env } });
  return main(args, t.deps).then((code) => ({ code, out: t.io.stdout.text(), err: t.io.stderr.text(), clock: t.clock }));
}

function noSecret(r: { out: string; err: string }) {
  expect(r.out + r.err).not.toContain(TOKEN);
}

describe("the JSON error document", () => {
  it("error_msg is the API's own message, sanitised; ours only when the server sent none", async () => {
    const pool = api.agent.get(ORIGIN);
    pool
      .intercept({ path: PATH("bc-esc") })
      .reply(500, { error_code: "BCS.5000500", error_msg: "boom\u001b]0;title\u0007 here" }, { headers: JSON_HEADERS });
    pool.intercept({ path: PATH("bc-html") }).reply(502, "<html>bad gateway</html>", { headers: { "content-type": "text/html" } });
    const r = await run(["get", "bc-esc", "bc-html", "--json", "--retries", "0"]);
    const [esc, html] = r.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(esc.error).toEqual({ http_status: 500, error_code: "BCS.5000500", error_msg: "boom here" });
    expect(html.error).toEqual({ http_status: 502, error_code: null, error_msg: "HTTP 502 Bad Gateway" });
    expect(r.code).toBe(5);
  });
});

describe("get", () => {
  it("sends the token, prints the JSON shape of docs/OUTPUT.md, exits 0", async () => {
    api.agent
      .get(ORIGIN)
      .intercept({ path: PATH("bc-1"), method: "GET", headers: { "x-auth-token": TOKEN } })
      .reply(200, apiBody({ cce: { cluster: { status: "deploying", start_time: "2020-10-15T18:26:00.5+08:00", end_time: "" } } }), {
        headers: JSON_HEADERS,
      });
    const r = await run(["get", "bc-1", "--json"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(Object.keys(doc)).toEqual(["blockchain_id", "overall", "checked_at", "resources"]);
    expect(doc.overall).toBe("deploying");
    expect(doc.checked_at).toBe("2026-11-28T10:00:00.000Z");
    expect(doc.resources.map((x: { name: string }) => x.name)).toEqual(["bcs", "eip", "sfs", "cce.cluster"]);
    expect(doc.resources[0]).toEqual({
      name: "bcs",
      status: "finished",
      start_time: "2020-10-15T18:24:48.658236618+08:00",
      end_time: "2020-10-15T18:25:53.552512674+08:00",
      start_ms: Date.parse("2020-10-15T18:24:48.658+08:00"),
      end_ms: Date.parse("2020-10-15T18:25:53.552+08:00"),
      duration_ms: 64_894,
      detail: "",
    });
    expect(doc.resources[3]).toMatchObject({ end_time: null, end_ms: null, duration_ms: null });
    api.agent.assertNoPendingInterceptors();
    noSecret(r);
  });

  it("queries several ids and prints them in the order given, errors per id", async () => {
    const pool = api.agent.get(ORIGIN);
    pool.intercept({ path: PATH("bc-slow") }).reply(200, apiBody(), { headers: JSON_HEADERS });
    pool
      .intercept({ path: PATH("bc-gone") })
      .reply(404, { error_code: "BCS.4040404", error_msg: "Not Found:the url is not found" }, { headers: JSON_HEADERS });
    pool.intercept({ path: PATH("bc-fast") }).reply(200, apiBody(), { headers: JSON_HEADERS });
    // bc-slow answers last: 50 ms late on the run's clock.
    const r = await run(["get", "bc-slow", "bc-gone", "bc-fast", "--json"], {}, (clock) =>
      api.agent.compose((dispatch) => (opts, handler) => {
        if (!opts.path.includes("bc-slow")) return dispatch(opts, handler);
        void clock.sleep(50).then(() => dispatch(opts, handler));
        return true;
      }),
    );
    const lines = r.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.blockchain_id)).toEqual(["bc-slow", "bc-gone", "bc-fast"]);
    expect(lines[1]).toEqual({
      blockchain_id: "bc-gone",
      error: { http_status: 404, error_code: "BCS.4040404", error_msg: "Not Found:the url is not found" },
    });
    expect(r.code).toBe(4);
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).toContain("HTTP 404 BCS.4040404: Not Found:the url is not found");
    expect(r.err).toContain("check the blockchain id, the project id and the region");
  });

  it.each([
    [401, { error_code: "BCS.4010401", error_msg: "Incorrect token or token resolution failed" }, 3, /expired/],
    [403, { error_code: "BCS.4030403", error_msg: "No permissions to request this method" }, 3, /permission/],
    [404, { error_code: "BCS.4040404", error_msg: "Not Found" }, 4, /check the blockchain id/],
    [400, { error_code: "BCS.4001011", error_msg: "blockchain not found" }, 4, /check the blockchain id/],
    [400, { error_code: "BCS.4006005", error_msg: "keyType error" }, 5, /keyType error/],
    [500, { error_code: "BCS.5000500", error_msg: "Internal Server Error" }, 5, /BCS.5000500/],
    [500, { error: { code: "APIGW.0101", message: "nested shape" } }, 5, /APIGW.0101: nested shape/],
    [500, { error_code: "X.1", error_message: "alt field" }, 5, /alt field/],
  ])("HTTP $0 → exit $2", async (status, body, code, message) => {
    api.agent
      .get(ORIGIN)
      .intercept({ path: PATH("bc-1") })
      .reply(status, body, { headers: JSON_HEADERS });
    const r = await run(["get", "bc-1"]);
    expect(r.code).toBe(code);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).not.toMatch(/\n\s+at /);
    noSecret(r);
  });

  it("--exit-status: 0 finished, 1 failed, 8 in progress", async () => {
    const pool = api.agent.get(ORIGIN);
    pool.intercept({ path: PATH("a") }).reply(200, apiBody(), { headers: JSON_HEADERS });
    pool.intercept({ path: PATH("b") }).reply(200, apiBody({ eip: { status: "deploying" } }), { headers: JSON_HEADERS });
    pool.intercept({ path: PATH("c") }).reply(200, apiBody({ eip: { status: "failed", detail: "quota" } }), { headers: JSON_HEADERS });
    expect((await run(["get", "a", "--exit-status"])).code).toBe(0);
    expect((await run(["get", "b", "--exit-status"])).code).toBe(8);
    expect((await run(["get", "c", "--exit-status"])).code).toBe(1);
  });

  it("several ids: the most severe code wins (3, 5, 4, 1, 124, 8, 0)", async () => {
    const pool = api.agent.get(ORIGIN);
    pool.intercept({ path: PATH("a") }).reply(200, apiBody({ eip: { status: "failed" } }), { headers: JSON_HEADERS });
    pool.intercept({ path: PATH("b") }).reply(404, {}, { headers: JSON_HEADERS });
    pool.intercept({ path: PATH("c") }).reply(500, {}, { headers: JSON_HEADERS });
    expect((await run(["get", "a", "b", "c", "--exit-status", "--retries", "0"])).code).toBe(5);
  });

  it("retries 503 and 429 honouring Retry-After, then succeeds", async () => {
    const pool = api.agent.get(ORIGIN);
    pool
      .intercept({ path: PATH("bc-1") })
      .reply(503, { error_code: "X", error_msg: "busy" }, { headers: { ...JSON_HEADERS, "retry-after": "7" } });
    pool.intercept({ path: PATH("bc-1") }).reply(429, "", { headers: { "retry-after": "2" } });
    pool.intercept({ path: PATH("bc-1") }).reply(200, apiBody(), { headers: JSON_HEADERS });
    const r = await run(["get", "bc-1", "--json", "-v"]);
    expect(r.code).toBe(0);
    expect(r.clock.sleeps).toEqual([7000, 2000]);
    expect(r.err).toContain("retry 1 of 3 in 7000 ms after HTTP 503");
    expect(r.err).toMatch(/GET https:\/\/bcs\.cn-north-4\.myhuaweicloud\.com\/v2\/proj-1\/blockchains\/bc-1\/status -> 200/);
    noSecret(r);
  });

  it("backs off with jitter when there is no Retry-After, and gives up after --retries", async () => {
    api.agent
      .get(ORIGIN)
      .intercept({ path: PATH("bc-1") })
      .reply(502, "<html>Bad Gateway</html>", { headers: { "content-type": "text/html" } })
      .times(3);
    const r = await run(["get", "bc-1", "--retries", "2"]);
    expect(r.code).toBe(5);
    expect(r.clock.sleeps).toHaveLength(2);
    expect(r.clock.sleeps[0]).toBeGreaterThanOrEqual(250);
    expect(r.clock.sleeps[0]).toBeLessThanOrEqual(500);
    expect(r.clock.sleeps[1]).toBeGreaterThanOrEqual(500);
    expect(r.clock.sleeps[1]).toBeLessThanOrEqual(1000);
    expect(r.err).toMatch(/HTTP 502 Bad Gateway/);
    expect(r.err.trim().split("\n")).toHaveLength(1);
  });

  it("survives a connection reset, then succeeds", async () => {
    const pool = api.agent.get(ORIGIN);
    pool.intercept({ path: PATH("bc-1") }).replyWithError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));
    pool.intercept({ path: PATH("bc-1") }).reply(200, apiBody(), { headers: JSON_HEADERS });
    const r = await run(["get", "bc-1", "--json"]);
    expect(r.code).toBe(0);
  });

  it.each([
    ["invalid JSON", "{not json", JSON_HEADERS, /not valid JSON/],
    ["a JSON array", "[1,2]", JSON_HEADERS, /not an object/],
    ["HTML with 200", "<html></html>", { "content-type": "text/html" }, /text\/html, not JSON/],
    ["a body over 1 MiB", `{"x":"${"a".repeat(1024 * 1024)}"}`, JSON_HEADERS, /exceeds the 1 MiB limit/],
  ])("%s → exit 5", async (_name, body, headers, message) => {
    api.agent
      .get(ORIGIN)
      .intercept({ path: PATH("bc-1") })
      .reply(200, body, { headers });
    const r = await run(["get", "bc-1"]);
    expect(r.code).toBe(5);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split("\n")).toHaveLength(1);
  });

  it("does not follow redirects", async () => {
    api.agent
      .get(ORIGIN)
      .intercept({ path: PATH("bc-1") })
      .reply(302, "", { headers: { location: "https://evil.example.net/steal" } });
    const r = await run(["get", "bc-1"]);
    expect(r.code).toBe(5);
    expect(r.err).toContain("redirect to evil.example.net not followed");
    api.agent.assertNoPendingInterceptors();
  });

  it("strips escape sequences from server text in the table", async () => {
    api.agent
      .get(ORIGIN)
      .intercept({ path: PATH("bc-1") })
      .reply(200, apiBody({ eip: { status: "failed", detail: "boom\u001b[2J\u001b]0;pwned\u0007\u009b31m end" } }), {
        headers: JSON_HEADERS,
      });
    const r = await run(["get", "bc-1"]);
    expect(r.out).toContain("boom");
    expect(r.out).toContain("end");
    expect(r.out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  it("prints a readable table without colour", async () => {
    api.agent
      .get(ORIGIN)
      .intercept({ path: PATH("bc-1") })
      .reply(200, apiBody({ kafka: { status: "waiting", start_time: "", end_time: "" } }), { headers: JSON_HEADERS });
    const r = await run(["get", "bc-1"]);
    expect(r.out).toContain("bc-1  ● deploying  3/4 finished");
    // Times of another day: the date once, in the header; the times in the rows.
    expect(r.out.split("\n")[0]).toMatch(/ {2}on 2020-10-15$/);
    expect(r.out).toMatch(/bcs\s+✓ finished\s+10:24:48\s+10:25:53\s+1m04s/);
    expect(r.out).toMatch(/kafka\s+○ waiting/);
  });

  it("--raw prints the body as received", async () => {
    api.agent
      .get(ORIGIN)
      .intercept({ path: PATH("bc-1") })
      .reply(200, '{"bcs":{"status":"finished","x":1}}', { headers: JSON_HEADERS });
    const r = await run(["get", "bc-1", "--raw"]);
    expect(r.out).toBe('{"bcs":{"status":"finished","x":1}}\n');
  });
});

describe("usage errors exit 2 before any request", () => {
  it.each([
    [["get", "../x"], /invalid blockchain id/],
    [["get", "a/b"], /invalid blockchain id/],
    [["get", "a".repeat(65)], /invalid blockchain id/],
    [["get", "bc-1", "--bogus"], /unknown option '--bogus'/],
    [["get"], /missing required argument/],
    [["get", "bc-1", "--endpoint", "http://bcs.example.com"], /plain http/],
    [["get", "bc-1", "--config", "/nonexistent/x.json"], /does not exist/],
    [["get", "bc-1", "--json", "--raw"], /cannot be used with/],
    [["get", "bc-1", "--retries", "x"], /whole number/],
  ])("%j", async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.out).toBe("");
    api.agent.assertNoPendingInterceptors();
  });

  it("missing credentials name the ways to give them", async () => {
    const r = await run(["get", "bc-1"], { BCS_TOKEN: "" });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no credentials: set BCS_TOKEN/);
  });

  it("missing project and region", async () => {
    expect((await run(["get", "bc-1"], { BCS_PROJECT_ID: "" })).err).toMatch(/no project id/);
    expect((await run(["get", "bc-1"], { BCS_REGION: "" })).err).toMatch(/no region or endpoint/);
  });
});

describe("get in CI", () => {
  it("on GitHub Actions a plain get annotates failed resources and failed queries, and appends the summary", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "bcs-gha-get-"));
    const summary = path.join(dir, "summary.md");
    const pool = api.agent.get(ORIGIN);
    pool
      .intercept({ path: PATH("bc-f") })
      .reply(200, apiBody({ cce: { cluster: { status: "failed", start_time: "", end_time: "", detail: "quota" } } }), {
        headers: JSON_HEADERS,
      });
    pool.intercept({ path: PATH("bc-gone") }).reply(404, { error_code: "BCS.4040404", error_msg: "Not Found" }, { headers: JSON_HEADERS });
    const r = await run(["get", "bc-f", "bc-gone"], { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summary });
    expect(r.code).toBe(4);
    expect(r.err).toContain("::error title=BCS bc-f cce.cluster failed::quota");
    expect(r.err).toContain("::error title=BCS bc-gone query failed::HTTP 404 BCS.4040404: Not Found");
    expect(readFileSync(summary, "utf8")).toContain("`bc-gone`: query failed");
  });

  it("a step summary that cannot be written is output that cannot be written: one line, exit 5 (the result is printed first)", async () => {
    api.agent
      .get(ORIGIN)
      .intercept({ path: PATH("bc-1") })
      .reply(200, apiBody(), { headers: JSON_HEADERS });
    const r = await run(["get", "bc-1", "--exit-status"], { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: "/nonexistent/dir/s.md" });
    expect(r.code).toBe(5);
    expect(r.out).toContain("bc-1");
    expect(r.err).toMatch(/^bcs-status: cannot write \$GITHUB_STEP_SUMMARY \/nonexistent\/dir\/s\.md: ENOENT$/m);
    expect(r.err).not.toMatch(/warning|internal error|\n\s+at /);
  });

  it.skipIf(!existsSync("/dev/full"))("a full disk for --summary-file or $GITHUB_STEP_SUMMARY is exit 5, as for stdout", async () => {
    for (const [args, env, what] of [
      [["--summary-file", "/dev/full"], {}, "--summary-file /dev/full"],
      [[], { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: "/dev/full" }, "$GITHUB_STEP_SUMMARY /dev/full"],
    ] as const) {
      api.agent
        .get(ORIGIN)
        .intercept({ path: PATH("bc-1") })
        .reply(200, apiBody(), { headers: JSON_HEADERS });
      const r = await run(["get", "bc-1", "--json", ...args], env);
      expect(r.code, what).toBe(5);
      expect(JSON.parse(r.out).blockchain_id).toBe("bc-1");
      expect(r.err).toBe(`bcs-status: cannot write ${what}: ENOSPC\n`);
    }
  });

  it("the step summary's 1 MiB counts what the file already holds: a nearly full one gets the cut note, never more than the limit", async () => {
    const summary = path.join(mkdtempSync(path.join(tmpdir(), "bcs-gha-full-")), "summary.md");
    const held = 1_040_000;
    writeFileSync(summary, `${"x".repeat(held - 1)}\n`);
    const failed = (detail: string) => ({ status: "failed", start_time: "", end_time: "", detail });
    const body = apiBody({
      bcs: failed("b".repeat(5_000)),
      eip: failed("e".repeat(5_000)),
      sfs: failed("s".repeat(5_000)),
      obs: failed("o".repeat(5_000)),
      kafka: failed("k".repeat(5_000)),
    });
    api.agent
      .get(ORIGIN)
      .intercept({ path: PATH("bc-1") })
      .reply(200, body, { headers: JSON_HEADERS });
    const r = await run(["get", "bc-1", "--json"], { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summary });
    expect(r.code).toBe(0);
    const size = statSync(summary).size;
    expect(size).toBeLessThanOrEqual(1_048_576);
    expect(size).toBeGreaterThan(held);
    expect(readFileSync(summary, "utf8").slice(held)).toMatch(
      /summary cut to stay under GitHub's 1 MiB step-summary limit: 1 of 1 blockchains not shown/,
    );
  });

  it("--summary-file under a file (not a folder) is a usage error before any request (a missing folder is made: hints.test.ts)", async () => {
    const blocker = path.join(mkdtempSync(path.join(tmpdir(), "bcs-get-")), "plain");
    writeFileSync(blocker, "x");
    const r = await run(["get", "bc-1", "--summary-file", path.join(blocker, "dir", "s.md")]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`bcs-status: cannot write --summary-file ${blocker}/dir/s.md: ${blocker} is not a folder\n`);
    api.agent.assertNoPendingInterceptors();
  });
});
