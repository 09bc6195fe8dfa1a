import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { fakeClock, testDeps } from "../helpers/deps.js";
import { API_ENV, JSON_HEADERS, ORIGIN, PATH, TOKEN, useMockAgent } from "../helpers/mock-api.js";

const T0 = "2026-11-28T18:00:00.000000000+08:00";
const T1 = "2026-11-28T18:01:05.250000000+08:00";
const waiting = { start_time: "", end_time: "", status: "waiting", detail: "" };
const deploying = { start_time: T0, end_time: "", status: "deploying", detail: "" };
const finished = { start_time: T0, end_time: T1, status: "finished", detail: "" };
const failed = { start_time: T0, end_time: T1, status: "failed", detail: "CCE cluster quota exceeded" };

const body = (bcs: object, cluster: object) => ({ bcs, cce: { cluster } });

const api = useMockAgent();

function script(id: string, steps: Array<[number, unknown, number?]>) {
  const pool = api.agent.get(ORIGIN);
  for (const [status, b, times = 1] of steps) {
    pool
      .intercept({ path: PATH(id) })
      .reply(status, b as object, { headers: status === 429 ? { ...JSON_HEADERS, "retry-after": "3" } : JSON_HEADERS })
      .times(times);
  }
}

async function watch(args: string[], env: NodeJS.ProcessEnv = {}) {
  const clock = fakeClock();
  const t = testDeps({ dispatcher: api.agent, clock, env: { ...API_ENV, ...env } });
  const started = clock.now();
  const code = await main(["watch", ...args], t.deps);
  const out = t.io.stdout.text();
  const err = t.io.stderr.text();
  expect(out + err).not.toContain(TOKEN);
  return { code, out, err, elapsed: clock.now() - started, sleeps: clock.sleeps };
}

describe("watch with an injected clock", () => {
  it("waiting → deploying → finished exits 0 with one line per change and the final table", async () => {
    script("bc-1", [
      [200, body(waiting, waiting), 3],
      [200, body(waiting, deploying), 4],
      [200, body(deploying, finished), 2],
      [200, body(finished, finished)],
    ]);
    const r = await watch(["bc-1", "--interval", "10s"]);
    expect(r.code).toBe(0);
    expect(r.elapsed).toBe(90_000);
    const lines = r.err.trim().split("\n");
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/bc-1 {2}waiting · 0\/2 finished/);
    // One id: the first line names it, the change lines do not repeat it.
    expect(lines[1]).toMatch(/^\d\d:\d\d:\d\d {2}cce\.cluster\s+waiting → ● deploying/);
    for (const line of lines.slice(1)) expect(line).not.toContain("bc-1");
    expect(lines[2]).toMatch(/bcs\s+waiting → ● deploying/);
    expect(lines[3]).toMatch(/cce\.cluster\s+deploying → ✓ finished {2}1m05s/);
    expect(lines[4]).toMatch(/bcs\s+deploying → ✓ finished/);
    expect(r.out).toContain("bc-1  ✓ finished  2/2 finished");
    api.agent.assertNoPendingInterceptors();
  });

  it("a failure mid-way ends the id at once with exit 1", async () => {
    script("bc-1", [
      [200, body(waiting, deploying), 2],
      [200, body(waiting, failed)],
    ]);
    const r = await watch(["bc-1", "--interval", "5s"]);
    expect(r.code).toBe(1);
    expect(r.sleeps).toEqual([5000, 5000]);
    expect(r.err).toContain("deploying → ✗ failed  1m05s  CCE cluster quota exceeded");
    api.agent.assertNoPendingInterceptors();
  });

  it("times out with 124 and says what was pending", async () => {
    script("bc-1", [[200, body(deploying, waiting), 5]]); // polls at 0, 1, 2, 3 and 4 min
    const r = await watch(["bc-1", "--interval", "1m", "--timeout", "5m"]);
    expect(r.code).toBe(124);
    expect(r.elapsed).toBe(300_000);
    expect(r.err).toMatch(/bc-1: timed out after 5m00s; still pending \(deploying · 0\/2 finished · bcs deploying/);
  });

  it("two ids with different outcomes: the most severe code wins", async () => {
    script("ok-1", [[200, body(finished, finished)]]);
    script("bad-1", [
      [200, body(deploying, deploying)],
      [200, body(finished, failed)],
    ]);
    const r = await watch(["ok-1", "bad-1", "--interval", "2s"]);
    expect(r.code).toBe(1);
    expect(r.out.indexOf("ok-1")).toBeLessThan(r.out.indexOf("bad-1"));
  });

  it("failed beats timeout across ids; timeout beats in-progress (--no-fail-fast)", async () => {
    script("slow-1", [[200, body(deploying, waiting), 3]]); // polls at 0, 1 and 2 min
    script("bad-1", [[200, body(finished, failed)]]);
    expect((await watch(["slow-1", "bad-1", "--interval", "1m", "--timeout", "3m", "--no-fail-fast"])).code).toBe(1);
  });

  it("survives transient 503 and 429 (Retry-After honoured) during a watch", async () => {
    script("bc-1", [
      [200, body(deploying, deploying)],
      [503, { error_code: "APIGW.0308", error_msg: "busy" }, 4],
      [429, { error_code: "APIGW.0308", error_msg: "throttled" }],
      [200, body(finished, finished)],
    ]);
    const r = await watch(["bc-1", "--interval", "10s", "--retries", "3"]);
    expect(r.code).toBe(0);
    expect(r.sleeps).toContain(3000);
    expect(r.err).toMatch(/bc-1: HTTP 503 APIGW.0308: busy; retrying/);
    expect(r.err.match(/retrying/g)).toHaveLength(1);
  });

  it("a 401 mid-watch ends it at once with exit 3", async () => {
    script("bc-1", [
      [200, body(deploying, deploying), 2],
      [401, { error_code: "BCS.4010401", error_msg: "Incorrect token or token resolution failed" }],
    ]);
    const r = await watch(["bc-1", "--interval", "5s"]);
    expect(r.code).toBe(3);
    expect(r.sleeps).toEqual([5000, 5000]);
    expect(r.err).toMatch(/bc-1: HTTP 401 BCS.4010401: Incorrect token.*expired/);
    api.agent.assertNoPendingInterceptors();
  });

  it("a 404 ends it with exit 4", async () => {
    script("bc-1", [[404, { error_code: "BCS.4040404", error_msg: "Not Found" }]]);
    expect((await watch(["bc-1"])).code).toBe(4);
  });

  it("an unchanged state over many polls prints no new line; a heartbeat after 5 minutes", async () => {
    script("bc-1", [
      [200, body(deploying, deploying), 29],
      [200, body(finished, finished)],
    ]);
    const r = await watch(["bc-1", "--interval", "5s"]);
    expect(r.code).toBe(0);
    // 30 polls, 145 s: the first-state line and the two finishing transitions only.
    expect(r.err.trim().split("\n")).toHaveLength(3);

    script("bc-2", [
      [200, body(deploying, deploying), 70],
      [200, body(finished, finished)],
    ]);
    const long = await watch(["bc-2", "--interval", "10s"]);
    const heartbeats = long.err.split("\n").filter((l) => l.includes("still deploying"));
    expect(heartbeats).toHaveLength(2);
    expect(heartbeats[0]).toMatch(/still deploying · bc-2: deploying · 0\/2 finished · .* · elapsed 5m00s/);
    expect(long.err).not.toContain("\u001b");
  });

  it("--json prints one line per distinct state per id and nothing else on stdout", async () => {
    script("bc-1", [
      [200, body(waiting, waiting), 3],
      [200, body(waiting, deploying), 3],
      [200, body(finished, finished)],
    ]);
    script("bc-2", [
      [200, body(deploying, deploying), 5],
      [200, body(finished, failed)],
    ]);
    const r = await watch(["bc-1", "bc-2", "--json", "--interval", "1s", "--no-fail-fast"]);
    const lines = r.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.blockchain_id === "bc-1").map((l) => l.overall)).toEqual(["waiting", "deploying", "finished"]);
    expect(lines.filter((l) => l.blockchain_id === "bc-2").map((l) => l.overall)).toEqual(["deploying", "failed"]);
    expect(r.code).toBe(1);
    expect(r.err).toBe("");
  });

  it("-q prints only the result", async () => {
    script("bc-1", [
      [200, body(deploying, deploying), 3],
      [200, body(finished, finished)],
    ]);
    const r = await watch(["bc-1", "-q", "--interval", "1s"]);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    expect(r.out).toContain("✓ finished");
  });

  it("stops at once on an interrupt and prints the last known state (130)", async () => {
    script("bc-1", [[200, body(deploying, deploying), 2]]); // at 0 and 5 s; the wait to 10 s is interrupted
    const controller = new AbortController();
    const clock = fakeClock();
    const t = testDeps({
      dispatcher: api.agent,
      clock,
      signal: controller.signal,
      env: API_ENV,
    });
    t.deps.sleep = async (ms: number) => {
      clock.advance(ms);
      if (clock.now() - Date.parse("2026-11-28T10:00:00Z") >= 10_000) controller.abort();
    };
    const code = await main(["watch", "bc-1", "--interval", "5s"], t.deps);
    expect(code).toBe(130);
    expect(t.io.stdout.text()).toContain("bc-1  ● deploying  0/2 finished");
    expect(t.io.stderr.text()).toContain("interrupted");
  });

  it("refuses intervals under 1s for a non-loopback endpoint", async () => {
    const r = await watch(["bc-1", "--interval", "500ms"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/too short/);
  });
});

describe("watch tells the process it will run long", () => {
  it("calls deps.longRunning once, before the first request; get never does", async () => {
    const events: string[] = [];
    const pool = api.agent.get(ORIGIN);
    pool
      .intercept({ path: PATH("bc-1") })
      .reply(() => {
        events.push("request");
        return { statusCode: 200, data: body(finished, finished), responseOptions: { headers: JSON_HEADERS } };
      })
      .times(2);
    const w = testDeps({ dispatcher: api.agent, env: API_ENV });
    w.deps.longRunning = async () => {
      events.push("longRunning");
    };
    expect(await main(["watch", "bc-1"], w.deps)).toBe(0);
    expect(events).toEqual(["longRunning", "request"]);

    const g = testDeps({ dispatcher: api.agent, env: API_ENV });
    g.deps.longRunning = async () => {
      events.push("longRunning (get)");
    };
    expect(await main(["get", "bc-1"], g.deps)).toBe(0);
    expect(events).toEqual(["longRunning", "request", "request"]);
  });

  it("a usage error comes first: nothing is tuned and nothing requested", async () => {
    const t = testDeps({ dispatcher: api.agent, env: { ...API_ENV, BCS_ENDPOINT: "https://bcs.example.com" } });
    let tuned = false;
    t.deps.longRunning = async () => {
      tuned = true;
    };
    expect(await main(["watch", "bc-1", "--interval", "200ms"], t.deps)).toBe(2);
    expect(tuned).toBe(false);
  });
});

describe("watch and errors that do not go away", () => {
  const busy = { error_code: "BCS.5030503", error_msg: "busy" };

  it("a 500 is not transient: the id ends at once with exit 5 and, with --json, its error document", async () => {
    script("bc-1", [
      [200, body(deploying, deploying)],
      [500, { error_code: "BCS.5000500", error_msg: "Internal Server Error" }],
    ]);
    const r = await watch(["bc-1", "--interval", "5s", "--json"]);
    expect(r.code).toBe(5);
    const lines = r.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[1]).toEqual({
      blockchain_id: "bc-1",
      error: { http_status: 500, error_code: "BCS.5000500", error_msg: "Internal Server Error" },
    });
    api.agent.assertNoPendingInterceptors();
  });

  it("no answer at all until the timeout: the error it kept getting (exit 5), not a slow deployment (124)", async () => {
    api.agent
      .get(ORIGIN)
      .intercept({ path: PATH("bc-1") })
      .replyWithError(new Error("connection refused"))
      .times(3); // at 0, 10 and 20 s
    const r = await watch(["bc-1", "--interval", "10s", "--timeout", "30s", "--retries", "0", "--json"]);
    expect(r.code).toBe(5);
    expect(JSON.parse(r.out.trim())).toMatchObject({ blockchain_id: "bc-1", error: { http_status: null } });
    expect(r.err).toMatch(/bc-1: cannot reach https:\/\/bcs\.cn-north-4\.myhuaweicloud\.com: connection refused/);
  });

  it("after an answer, a timeout during an outage is still a timeout", async () => {
    script("bc-1", [
      [200, body(deploying, deploying)],
      [503, busy, 3], // at 10, 20 and 30 s
    ]);
    const r = await watch(["bc-1", "--interval", "10s", "--timeout", "40s", "--retries", "0"]);
    expect(r.code).toBe(124);
  });

  it("an outage of 5 minutes in a row ends the id with its last error (exit 5)", async () => {
    script("bc-1", [
      [200, body(deploying, deploying)],
      [503, busy, 11],
    ]);
    const r = await watch(["bc-1", "--interval", "30s", "--retries", "0"]);
    expect(r.code).toBe(5);
    expect(r.elapsed).toBe(330_000); // the first answer, then 503s from 30 s to 330 s
    expect(r.err).toMatch(/bc-1: HTTP 503 BCS\.5030503: busy$/m);
  });

  it("Retry-After longer than the interval is honoured between polls", async () => {
    const pool = api.agent.get(ORIGIN);
    pool.intercept({ path: PATH("bc-1") }).reply(200, body(deploying, deploying), { headers: JSON_HEADERS });
    pool.intercept({ path: PATH("bc-1") }).reply(503, busy, { headers: { ...JSON_HEADERS, "retry-after": "120" } });
    pool.intercept({ path: PATH("bc-1") }).reply(200, body(finished, finished), { headers: JSON_HEADERS });
    const r = await watch(["bc-1", "--interval", "5s", "--retries", "0"]);
    expect(r.code).toBe(0);
    expect(r.sleeps).toEqual([5000, 120_000]);
  });

  it("--raw: the body as received at each change, and nothing more at the end", async () => {
    script("bc-1", [
      [200, body(deploying, deploying), 2],
      [200, body(finished, finished)],
    ]);
    const r = await watch(["bc-1", "--interval", "5s", "--raw"]);
    expect(r.code).toBe(0);
    expect(
      r.out
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l)),
    ).toEqual([body(deploying, deploying), body(finished, finished)]);
    expect(r.err).toBe("");
  });

  it("the heartbeat lists only the ids still being watched (--no-fail-fast)", async () => {
    script("bad-1", [[200, body(finished, failed)]]);
    script("slow-1", [
      [200, body(deploying, deploying), 70],
      [200, body(finished, finished)],
    ]);
    const r = await watch(["bad-1", "slow-1", "--interval", "5s", "--no-fail-fast"]);
    expect(r.code).toBe(1);
    const beats = r.err.split("\n").filter((l) => l.includes("still deploying"));
    expect(beats.length).toBeGreaterThan(0);
    for (const b of beats) expect(b).not.toContain("bad-1");
  });
});

describe("an id that ends in an error while others go on (--no-fail-fast)", () => {
  it("says so at once: its error document comes before the other id's later lines", async () => {
    script("bad-1", [[500, { error_code: "BCS.5000500", error_msg: "Internal Server Error" }]]);
    script("slow-1", [
      [200, body(waiting, waiting), 3],
      [200, body(deploying, deploying)],
      [200, body(finished, finished)],
    ]);
    // slow-1 polls first (at once), bad-1 half an interval later.
    const r = await watch(["slow-1", "bad-1", "--interval", "5s", "--json", "--no-fail-fast"]);
    expect(r.code).toBe(5);
    const docs = r.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const at = docs.findIndex((d) => d.blockchain_id === "bad-1");
    expect(docs[at].error.http_status).toBe(500);
    expect(docs.slice(at + 1).map((d) => d.overall)).toEqual(["deploying", "finished"]);
    expect(r.err.match(/bad-1: HTTP 500/g)).toHaveLength(1);
  });
});

describe("fail fast with several ids (the default), and --no-fail-fast", () => {
  const scenario = () => {
    script("bad-1", [[200, body(finished, failed)]]);
    script("slow-1", [[200, body(deploying, deploying)]]);
  };

  it("by default the first failure ends the watch at once: exit 1, every id's last state printed", async () => {
    scenario();
    const r = await watch(["slow-1", "bad-1", "--interval", "10s"]);
    expect(r.code).toBe(1);
    // slow-1 made its one poll (at once; bad-1's came at half the interval) and was stopped there: a second poll would find no
    // scripted answer (an error, exit 5), and --no-fail-fast below runs 35 s where this ends within one wait.
    expect(r.elapsed).toBeLessThanOrEqual(15_000);
    expect(r.out).toContain("bad-1  ✗ failed");
    expect(r.out).toContain("slow-1  ● deploying");
    expect(r.err).toContain("bcs-status: stopped watching slow-1: bad-1 failed (--no-fail-fast keeps watching the others)");
  });

  it("--no-fail-fast keeps watching the others to their end; the exit code is still 1", async () => {
    script("bad-1", [[200, body(finished, failed)]]);
    script("slow-1", [
      [200, body(deploying, deploying), 3],
      [200, body(finished, finished)],
    ]);
    const r = await watch(["bad-1", "slow-1", "--interval", "10s", "--no-fail-fast"]);
    expect(r.code).toBe(1);
    expect(r.elapsed).toBe(35_000);
    expect(r.out).toContain("slow-1  ✓ finished");
    expect(r.err).not.toContain("stopped watching");
  });

  it("an id that ends in an error stops the others too, with its own code", async () => {
    script("bad-1", [[404, { error_code: "BCS.4040404", error_msg: "Not Found" }]]);
    script("slow-1", [[200, body(deploying, deploying)]]);
    const r = await watch(["slow-1", "bad-1", "--interval", "10s"]);
    expect(r.code).toBe(4);
    expect(r.err).toContain("stopped watching slow-1: bad-1 ended in an error");
  });
});

describe("watch --for", () => {
  it("ends 0 as soon as the resources waited for are finished, the rest still deploying", async () => {
    script("bc-1", [
      [200, body(waiting, deploying), 2],
      [200, body(deploying, finished)],
    ]);
    const r = await watch(["bc-1", "--for", "cce.cluster", "--interval", "5s"]);
    expect(r.code).toBe(0);
    expect(r.elapsed).toBe(10_000);
    expect(r.out).toContain("bc-1  ● deploying");
  });

  it("a failure of any resource still ends 1", async () => {
    script("bc-1", [
      [200, body(deploying, waiting)],
      [200, { bcs: failed, cce: { cluster: deploying } }],
    ]);
    const r = await watch(["bc-1", "--for", "cce.cluster", "--interval", "5s"]);
    expect(r.code).toBe(1);
  });

  it("several --for: all of them; a resource the answer does not report is not finished", async () => {
    script("bc-1", [
      [200, body(deploying, finished)],
      [200, body(finished, finished)],
    ]);
    const r = await watch(["bc-1", "--for", "cce.cluster", "--for", "bcs", "--interval", "5s"]);
    expect(r.code).toBe(0);
    expect(r.elapsed).toBe(5_000);
  });

  it("a name the contract does not know is waited for; when the answer has no such resource, one warning names the nearest", async () => {
    script("bc-1", [
      [200, body(deploying, finished)],
      [200, body(finished, finished)],
    ]);
    const r = await watch(["bc-1", "--for", "cce.clutser", "--interval", "5s"]);
    expect(r.code).toBe(0);
    expect(r.elapsed).toBe(5_000);
    expect(r.err.match(/--for cce\.clutser: bc-1 has no resource of that name \(did you mean cce\.cluster\?\)/g)).toHaveLength(1);
  });

  it("a name that is not one line of text is a usage error", async () => {
    const r = await watch(["bc-1", "--for", "a\u0007b"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("expected a resource name");
  });
});

describe("watch --for: the final table", () => {
  it("marks the resources waited for, and says what the mark means", async () => {
    script("bc-1", [[200, body(deploying, finished)]]);
    const r = await watch(["bc-1", "--for", "cce.cluster"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^\s+▸ cce\.cluster\s+✓ finished/m);
    expect(r.out).toMatch(/^\s+ {2}bcs\s+● deploying/m);
    expect(r.out).toContain("▸ waited for (--for)");
  });
});

describe("an interrupt before any answer", () => {
  it("says so, instead of pointing at a state above that is not there", async () => {
    script("bc-1", [[503, { error_code: "APIGW.0308", error_msg: "busy" }]]);
    const controller = new AbortController();
    const t = testDeps({ dispatcher: api.agent, signal: controller.signal, env: API_ENV });
    // Ctrl-C during the wait after the first (failed) poll.
    t.deps.sleep = async () => controller.abort(new Error("SIGINT"));
    const code = await main(["watch", "bc-1", "--interval", "5s", "--retries", "0"], t.deps);
    expect(code).toBe(130);
    expect(t.io.stdout.text()).toBe("");
    expect(t.io.stderr.text()).toContain("bcs-status: interrupted before any answer came");
    expect(t.io.stderr.text()).not.toContain("the state above");
  });
});
