import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { parseRetryAfter } from "../../src/http/retry-policy.js";
import { testDeps } from "../helpers/deps.js";
import { API_ENV, throttleForever, useMockAgent } from "../helpers/mock-api.js";

const NOW = Date.parse("2026-11-28T10:00:00.000Z");

describe("Retry-After: whole seconds (digits only) or an HTTP-date, nothing else", () => {
  it.each([
    ["7", 7000],
    ["0", 0],
    [" 120 ", 120_000],
    ["Sat, 28 Nov 2026 10:00:30 GMT", 30_000],
    // RFC 850 and asctime, the obsolete forms a recipient must still read (asctime is GMT, not local time).
    ["Saturday, 28-Nov-26 10:00:30 GMT", 30_000],
    ["Sat Nov 28 10:00:30 2026", 30_000],
    ["Sun Dec  6 10:00:30 2026", Date.UTC(2026, 11, 6, 10, 0, 30) - NOW],
  ])("%j is %d ms", (value, ms) => {
    expect(parseRetryAfter(value, NOW)).toBe(Math.max(0, ms));
  });

  it("a past HTTP-date is valid and means now", () => {
    expect(parseRetryAfter("Sat, 28 Nov 2026 09:00:00 GMT", NOW)).toBe(0);
    expect(parseRetryAfter("Thu, 01 Jan 1970 00:00:00 GMT", NOW)).toBe(0);
  });

  it.each([
    "-1",
    "1.5",
    "1e3",
    "+5",
    "0x10",
    "garbage",
    "1.5 seconds",
    "2026-11-28T10:00:30Z",
    "Sat, 28 Nov 2026 10:00:30",
    "Sat, 31 Nov 2026 10:00:30 GMT",
    "Sat, 28 Nov 2026 25:00:30 GMT",
    "Sat, 28 Foo 2026 10:00:30 GMT",
    "28 Nov 2026",
    "",
    "   ",
  ])("%j is ignored (null)", (value) => {
    expect(parseRetryAfter(value, NOW)).toBeNull();
  });
});

describe("a 429 storm whose Retry-After does not parse, or lies in the past", () => {
  const api = useMockAgent();

  it.each(["-1", "1.5", "garbage", "Thu, 01 Jan 1970 00:00:00 GMT", "0"])(
    "Retry-After %j: the run's backoff applies, so a 4 s watch makes a bounded number of requests",
    async (value) => {
      const storm = throttleForever(api.agent, "bc-1", value, "APIGW.0308");
      const t = testDeps({ dispatcher: api.agent, env: API_ENV });
      const code = await main(["watch", "bc-1", "--timeout", "4s", "--interval", "1s", "-q"], t.deps);
      expect(code).toBe(5);
      // Per poll the first try and 3 retries after backoffs of at least 250, 500 and 1000 ms, then the
      // interval: at most 2 polls fit in 4 s. Read as 0 ms, the same storm was 16 requests.
      expect(storm.requests).toBeLessThanOrEqual(8);
    },
  );
});
