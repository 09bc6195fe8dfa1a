import { describe, expect, it } from "vitest";
import { HttpStack } from "../../src/http/http.js";
import { Scheduler } from "../../src/http/scheduler.js";
import { ApiError } from "../../src/util/errors.js";
import { fakeClock } from "../helpers/deps.js";
import { JSON_HEADERS, ORIGIN, useMockAgent } from "../helpers/mock-api.js";

const api = useMockAgent();

function stack(
  clock: ReturnType<typeof fakeClock>,
  headers: () => Record<string, string>,
  extra: Partial<Parameters<typeof HttpStack.create>[0]> = {},
) {
  return HttpStack.create({
    endpoint: new URL(ORIGIN),
    endpointFlag: "--endpoint",
    env: {},
    now: clock.now,
    sleep: clock.sleep,
    timers: clock.timers,
    scheduler: new Scheduler({ concurrency: 2, now: clock.now, sleep: clock.sleep }),
    connections: 2,
    requestTimeoutMs: 30_000,
    retries: 0,
    dispatcher: api.agent,
    headers,
    ...extra,
  });
}

describe("the shared HTTP stack", () => {
  it("credentials that cannot be made fail the request as an error, leave no timer armed, and nothing unhandled", async () => {
    const clock = fakeClock();
    const http = await stack(clock, () => {
      throw new Error("no credentials yet");
    });
    await expect(http.send({ path: "/v2/p/blockchains/bc-1/status", method: "GET" })).rejects.toBeInstanceOf(ApiError);
    expect(clock.pending()).toBe(0);
  });

  it("a server's pause past what the caller would wait is held to that budget for the others", async () => {
    const clock = fakeClock();
    const scheduler = new Scheduler({ concurrency: 2, now: clock.now, sleep: clock.sleep });
    api.agent
      .get(ORIGIN)
      .intercept({ path: "/a" })
      .reply(429, {}, { headers: { ...JSON_HEADERS, "retry-after": "9999999" } });
    const http = await stack(clock, () => ({}), { scheduler, maxRetryAfterMs: () => 60_000 });
    const answer = await http.send({ path: "/a", method: "GET" });
    expect(answer.status).toBe(429);
    expect(scheduler.pausedFor(ORIGIN)).toBe(60_000);
  });
});
