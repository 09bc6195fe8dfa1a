import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { apiErrorFromResponse } from "../../src/http/error-body.js";
import { nearestRegion } from "../../src/http/region-hint.js";
import { unreachable } from "../../src/http/unreachable.js";
import { apiBody, testDeps } from "../helpers/deps.js";
import { JSON_HEADERS, TOKEN, useMockAgent } from "../helpers/mock-api.js";

/** Each error a person meets carries the hint they need, on the error line itself. */

const api = useMockAgent();

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const t = testDeps({ dispatcher: api.agent, env: { BCS_TOKEN: TOKEN, BCS_PROJECT_ID: "proj-1", ...env } });
  return main(args, t.deps).then((code) => ({ code, out: t.io.stdout.text(), err: t.io.stderr.text(), clock: t.clock }));
}

const oneLine = (text: string) => expect(text.trim().split("\n"), text).toHaveLength(1);
const dnsError = (host: string) =>
  Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND", syscall: "getaddrinfo", hostname: host });

describe("a region typo", () => {
  it("nearestRegion: the closest known region, or none when nothing is close", () => {
    expect(nearestRegion("cn-nort-4")).toBe("cn-north-4");
    expect(nearestRegion("cn-north4")).toBe("cn-north-4");
    expect(nearestRegion("cn-nroth-1")).toBe("cn-north-1");
    expect(nearestRegion("cn-south1")).toBe("cn-south-1");
    expect(nearestRegion("CN-EAST-2")).toBe("cn-east-2");
    expect(nearestRegion("ap-southeast-1")).toBeNull();
  });

  it("get --region cn-nort-4: ENOTFOUND is not retried (that host cannot exist), and the line says which region was meant", async () => {
    api.agent
      .get("https://bcs.cn-nort-4.myhuaweicloud.com")
      .intercept({ path: "/v2/proj-1/blockchains/bc-1/status" })
      .replyWithError(dnsError("bcs.cn-nort-4.myhuaweicloud.com"));
    const r = await run(["get", "bc-1", "--region", "cn-nort-4"]);
    expect(r.code).toBe(5);
    expect(r.clock.sleeps).toEqual([]);
    oneLine(r.err);
    expect(r.err).toBe(
      "bcs-status: bc-1: cannot reach https://bcs.cn-nort-4.myhuaweicloud.com: ENOTFOUND (cn-nort-4 is not a known BCS region: did you mean cn-north-4?)\n",
    );
  });

  it("an unknown region with no near match lists the known ones", () => {
    const e = unreachable(dnsError("bcs.eu-west-9.myhuaweicloud.com"), "https://bcs.eu-west-9.myhuaweicloud.com", "--endpoint");
    expect(e.hint).toBe("eu-west-9 is not a known BCS region (cn-north-1, cn-north-4, cn-south-1, cn-east-2): check --region");
    const iam = unreachable(dnsError("iam.cn-nort-4.myhuaweicloud.com"), "https://iam.cn-nort-4.myhuaweicloud.com", "--iam-endpoint");
    expect(iam.hint).toBe("cn-nort-4 is not a known BCS region: did you mean cn-north-4?");
  });

  it("a DNS failure of a known region's host is still retried (a resolver can fail for a moment)", async () => {
    const pool = api.agent.get("https://bcs.cn-north-4.myhuaweicloud.com");
    pool.intercept({ path: "/v2/proj-1/blockchains/bc-1/status" }).replyWithError(dnsError("bcs.cn-north-4.myhuaweicloud.com"));
    pool.intercept({ path: "/v2/proj-1/blockchains/bc-1/status" }).reply(200, apiBody(), { headers: JSON_HEADERS });
    const r = await run(["get", "bc-1", "--region", "cn-north-4", "--json"]);
    expect(r.code).toBe(0);
    expect(r.clock.sleeps).toHaveLength(1);
  });
});

describe("a connection refused on loopback", () => {
  it("says that nothing listens there", async () => {
    api.agent
      .get("http://127.0.0.1:9")
      .intercept({ path: "/v2/proj-1/blockchains/bc-1/status" })
      .replyWithError(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" }));
    const r = await run(["get", "bc-1", "--endpoint", "http://127.0.0.1:9", "--retries", "0"]);
    expect(r.code).toBe(5);
    oneLine(r.err);
    expect(r.err).toBe(
      "bcs-status: bc-1: cannot reach http://127.0.0.1:9: ECONNREFUSED (nothing listens on 127.0.0.1:9: is the mock-server started? check --endpoint)\n",
    );
    expect(unreachable(Object.assign(new Error("x"), { code: "ECONNREFUSED" }), "http://[::1]:8080", "--endpoint").hint).toBe(
      "nothing listens on [::1]:8080: is the mock-server started? check --endpoint",
    );
  });
});

describe("a 404 that is not the API's", () => {
  it("no BCS error body: the endpoint looks wrong (not the blockchain id)", () => {
    const html = apiErrorFromResponse(404, "<html><body>Not Found</body></html>", "token");
    expect(html.kind).toBe("notFound");
    expect(html.hint).toBe(
      "the answer is not the BCS API's: the endpoint looks wrong; check --endpoint (like https://bcs.cn-north-4.myhuaweicloud.com)",
    );
    const gateway = apiErrorFromResponse(404, '{"error_code":"APIGW.0101","error_msg":"The API does not exist"}', "token");
    expect(gateway.hint).toBe(html.hint);
  });

  it("the API's own 'url is not found' to an endpoint with a path: the path is the likely cause", () => {
    const body = '{"error_code":"BCS.4040404","error_msg":"Not Found:the url is not found"}';
    expect(apiErrorFromResponse(404, body, "token", null, { endpointPath: "/wrong" }).hint).toBe(
      "the endpoint looks wrong: its path /wrong comes before /v2/…; check --endpoint (like https://bcs.cn-north-4.myhuaweicloud.com)",
    );
    expect(apiErrorFromResponse(404, body, "token").hint).toBe("check the blockchain id, the project id and the region");
  });

  it("the blockchain that does not exist keeps its hint", () => {
    const e = apiErrorFromResponse(400, '{"error_code":"BCS.4001011","error_msg":"The blockchain does not exist"}', "token");
    expect(e.hint).toBe("check the blockchain id, the project id and the region");
  });

  it("get --endpoint http://127.0.0.1:PORT/wrong: one line naming the endpoint, exit 4", async () => {
    api.agent
      .get("http://127.0.0.1:8080")
      .intercept({ path: "/wrong/v2/proj-1/blockchains/bc-1/status" })
      .reply(404, "Cannot GET /wrong/v2/proj-1/blockchains/bc-1/status", { headers: { "content-type": "text/html" } });
    const r = await run(["get", "bc-1", "--endpoint", "http://127.0.0.1:8080/wrong"]);
    expect(r.code).toBe(4);
    oneLine(r.err);
    expect(r.err).toMatch(
      /^bcs-status: bc-1: HTTP 404 Not Found \(the answer is not the BCS API's: the endpoint looks wrong; check --endpoint/,
    );
    expect(r.err).not.toContain("check the blockchain id");
  });

  it("get --endpoint …/wrong answered by mock-server's own 404 (BCS.4040404): the endpoint's path is named", async () => {
    api.agent
      .get("http://127.0.0.1:8080")
      .intercept({ path: "/wrong/v2/proj-1/blockchains/bc-1/status" })
      .reply(404, { error_code: "BCS.4040404", error_msg: "Not Found:the url is not found" }, { headers: JSON_HEADERS });
    const r = await run(["get", "bc-1", "--endpoint", "http://127.0.0.1:8080/wrong"]);
    expect(r.code).toBe(4);
    expect(r.err).toBe(
      "bcs-status: bc-1: HTTP 404 BCS.4040404: Not Found:the url is not found (the endpoint looks wrong: its path /wrong comes before /v2/…; check --endpoint (like https://bcs.cn-north-4.myhuaweicloud.com))\n",
    );
  });
});

describe("an option of another command", () => {
  it.each([
    [["get", "bc-1", "--interval", "5s"], "bcs-status: unknown option '--interval' (--interval is an option of watch)\n"],
    [["get", "bc-1", "--timeout=5m"], "bcs-status: unknown option '--timeout=5m' (--timeout is an option of watch)\n"],
    [
      ["watch", "bc-1", "--exit-status"],
      /^bcs-status: unknown option '--exit-status' \(--exit-status is an option of (list and )?get\)\n$/,
    ],
    [["get", "bc-1", "-q"], "bcs-status: unknown option '-q' (-q is an option of watch)\n"],
  ])("%j names the command that has it", async (args, line) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    if (typeof line === "string") expect(r.err).toBe(line);
    else expect(r.err).toMatch(line);
  });
});

describe("kubectl habits", () => {
  it.each([
    [["get", "bc-1", "-o", "json"], "bcs-status: unknown option '-o' (for JSON use --json)\n"],
    [["get", "bc-1", "-ojson"], "bcs-status: unknown option '-ojson' (for JSON use --json)\n"],
    [["get", "bc-1", "--output=json"], "bcs-status: unknown option '--output=json' (for JSON use --json)\n"],
    [["get", "bc-1", "-o", "wide"], "bcs-status: unknown option '-o' (for every detail whole use --wide)\n"],
    [["watch", "bc-1", "--output", "wide"], "bcs-status: unknown option '--output' (for every detail whole use --wide)\n"],
    [["get", "bc-1", "-o", "yaml"], "bcs-status: unknown option '-o' (use --json for JSON, --wide for every detail whole)\n"],
    [["get", "bc-1", "-w"], "bcs-status: unknown option '-w' (to follow it until it ends use: bcs-status watch <id...>)\n"],
    [
      ["get", "bc-1", "bc-2", "--watch"],
      "bcs-status: unknown option '--watch' (to follow it until it ends use: bcs-status watch <id...>)\n",
    ],
  ])("%j: a hint to this tool's spelling", async (args, line) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.err).toBe(line);
  });

  it("an unknown option with no hint stays as it was (commander's own suggestion kept on the line)", async () => {
    const r = await run(["get", "bc-1", "--jsno"]);
    expect(r.code).toBe(2);
    expect(r.err).toBe("bcs-status: unknown option '--jsno' (did you mean --json?)\n");
  });
});

describe("--token-file naming a folder", () => {
  it("is one plain line, exit 2", async () => {
    const r = await run(["get", "bc-1", "--region", "cn-north-4", "--token-file", tmpdir()], { BCS_TOKEN: "" });
    expect(r.code).toBe(2);
    expect(r.err).toBe(`bcs-status: token file ${tmpdir()} (--token-file) is a directory\n`);
  });
});

describe("the retry line of a watch", () => {
  it("carries the bcs-status: prefix the other lines have", async () => {
    const pool = api.agent.get("https://bcs.cn-north-4.myhuaweicloud.com");
    const path = "/v2/proj-1/blockchains/bc-1/status";
    pool.intercept({ path }).reply(503, { error_code: "APIGW.0308", error_msg: "busy" }, { headers: JSON_HEADERS }).times(4);
    pool.intercept({ path }).reply(200, apiBody(), { headers: JSON_HEADERS });
    const r = await run(["watch", "bc-1", "--region", "cn-north-4", "--retries", "3"]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^bcs-status: bc-1: HTTP 503 APIGW\.0308: busy; retrying$/m);
  });
});

describe("config reports a problem", () => {
  it("exits 2, as text and as JSON (which still prints)", async () => {
    const text = await run(["config"], { BCS_PROJECT_ID: "" });
    expect(text.out).toContain("problem: no project id");
    expect(text.code).toBe(2);
    const json = await run(["config", "--json"], { BCS_PROJECT_ID: "" });
    expect(JSON.parse(json.out).problem).toMatch(/^no project id/);
    expect(json.code).toBe(2);
  });

  it("no credentials at all is a problem too (shown as the auth mode)", async () => {
    const r = await run(["config", "--region", "cn-north-4"], { BCS_TOKEN: "" });
    expect(r.out).toMatch(/auth mode: none: no credentials/);
    expect(r.code).toBe(2);
  });

  it("usable settings: exit 0", async () => {
    const r = await run(["config", "--region", "cn-north-4"]);
    expect(r.out).not.toContain("problem");
    expect(r.code).toBe(0);
  });
});

describe("--summary-file", () => {
  const scratch = () => mkdtempSync(path.join(tmpdir(), "bcs-summary-"));
  const answer = () =>
    api.agent
      .get("https://bcs.cn-north-4.myhuaweicloud.com")
      .intercept({ path: "/v2/proj-1/blockchains/bc-1/status" })
      .reply(200, apiBody(), { headers: JSON_HEADERS });

  it("creates the missing parent folders (as eslint -o and vitest --outputFile do)", async () => {
    const file = path.join(scratch(), "out", "deep", "s.md");
    answer();
    const r = await run(["get", "bc-1", "--json", "--region", "cn-north-4", "--summary-file", file]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(readFileSync(file, "utf8")).toContain("bc-1");
  });

  it("a folder as the file, or a file where a folder should be: refused before any request", async () => {
    const dir = scratch();
    const r = await run(["get", "bc-1", "--region", "cn-north-4", "--summary-file", dir]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`bcs-status: cannot write --summary-file ${dir}: it is a directory\n`);
    const blocker = path.join(dir, "plain");
    writeFileSync(blocker, "x");
    const under = path.join(blocker, "out", "s.md");
    const f = await run(["get", "bc-1", "--region", "cn-north-4", "--summary-file", under]);
    expect(f.code).toBe(2);
    expect(f.err).toBe(`bcs-status: cannot write --summary-file ${under}: ${blocker} is not a folder\n`);
    expect(existsSync(path.join(blocker, "out"))).toBe(false);
  });

  it.skipIf(process.getuid?.() === 0)("a nearest existing folder that cannot be written: refused before any request", async () => {
    const dir = scratch();
    const locked = path.join(dir, "locked");
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    const file = path.join(locked, "out", "s.md");
    const r = await run(["get", "bc-1", "--region", "cn-north-4", "--summary-file", file]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`bcs-status: cannot write --summary-file ${file}: EACCES\n`);
  });
});
