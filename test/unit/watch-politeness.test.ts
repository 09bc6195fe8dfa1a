/** In simulated time: a server's number can lengthen a wait, never make it run away or a busy loop. */
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { fakeClock, testDeps } from "../helpers/deps.js";
import { API_ENV, JSON_HEADERS, ORIGIN, PATH, throttleForever, useMockAgent } from "../helpers/mock-api.js";

const api = useMockAgent();
const finished = { start_time: "2026-11-28T18:00:00Z", end_time: "2026-11-28T18:01:00Z", status: "finished", detail: "" };

async function run(args: string[]) {
  const clock = fakeClock();
  const t = testDeps({ dispatcher: api.agent, clock, env: API_ENV });
  const started = clock.now();
  const code = await main(args, t.deps);
  return { code, err: t.io.stderr.text(), out: t.io.stdout.text(), elapsed: clock.now() - started, sleeps: clock.sleeps };
}

describe("a Retry-After beyond every bound", () => {
  for (const retryAfter of ["9999999", "Fri, 31 Dec 2099 23:59:59 GMT"]) {
    it(`watch --timeout 0 against 429 Retry-After: ${retryAfter}: waits at most 10 minutes each time, a handful of requests, exit 5 at the outage limit`, async () => {
      const storm = throttleForever(api.agent, "bc-1", retryAfter, "BCS.4290429");
      const r = await run(["watch", "bc-1", "--timeout", "0", "--interval", "5s"]);
      expect(r.code).toBe(5);
      expect(Math.max(...r.sleeps)).toBeLessThanOrEqual(10 * 60_000);
      expect(storm.requests).toBeLessThanOrEqual(3);
      expect(r.err).toContain("429");
    });
  }

  it("with a --timeout, the wait ends at the deadline: exit 124 after exactly the timeout", async () => {
    let requests = 0;
    api.agent
      .get(ORIGIN)
      .intercept({ path: PATH("bc-1") })
      .reply<object>(() => {
        requests++;
        return requests === 1
          ? {
              statusCode: 200,
              data: { bcs: { ...finished, status: "deploying", end_time: "" } },
              responseOptions: { headers: JSON_HEADERS },
            }
          : { statusCode: 503, data: {}, responseOptions: { headers: { ...JSON_HEADERS, "retry-after": "9999999" } } };
      })
      .persist();
    const r = await run(["watch", "bc-1", "--timeout", "2m", "--interval", "10s"]);
    expect(r.code).toBe(124);
    expect(r.elapsed).toBe(120_000);
    expect(requests).toBe(2);
  });
});

describe("the API is shared", () => {
  it("a 429 with Retry-After holds back the next request of every id to that origin", async () => {
    const pool = api.agent.get(ORIGIN);
    pool
      .intercept({ path: PATH("bc-1") })
      .reply(429, { error_code: "BCS.4290429", error_msg: "slow down" }, { headers: { ...JSON_HEADERS, "retry-after": "30" } });
    pool.intercept({ path: PATH("bc-2") }).reply(200, { bcs: finished }, { headers: JSON_HEADERS });
    const r = await run(["get", "bc-1", "bc-2", "--concurrency", "1", "--retries", "0"]);
    expect(r.code).toBe(5);
    // bc-2 went only once the 30 s the server asked for had passed.
    expect(r.sleeps).toEqual([30_000]);
    expect(r.out).toContain("bc-2");
  });

  it("watch spreads its ids' first polls over the interval: each id waits its offset before its first request", async () => {
    const pool = api.agent.get(ORIGIN);
    for (const id of ["a-1", "a-2", "a-3", "a-4"])
      pool.intercept({ path: PATH(id) }).reply(200, { bcs: finished }, { headers: JSON_HEADERS });
    const r = await run(["watch", "a-1", "a-2", "a-3", "a-4", "--interval", "4s", "--quiet"]);
    expect(r.code).toBe(0);
    expect(r.sleeps.slice(0, 3).sort((x, y) => x - y)).toEqual([1000, 2000, 3000]);
  });
});
