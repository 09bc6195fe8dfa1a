import { MockAgent } from "undici";
import { afterEach, beforeEach } from "vitest";

/** The API the unit tests fake: the default endpoint of cn-north-4, project proj-1. */
export const ORIGIN = "https://bcs.cn-north-4.myhuaweicloud.com";
export const PATH = (id: string) => `/v2/proj-1/blockchains/${id}/status`;
export const JSON_HEADERS = { "content-type": "application/json;charset=UTF-8" };
export const TOKEN = "tok-SECRET-0123456789";
export const API_ENV = { BCS_TOKEN: TOKEN, BCS_PROJECT_ID: "proj-1", BCS_REGION: "cn-north-4" };

/** A fresh MockAgent per test, refusing real network access; every interceptor a test sets up must be used by it. */
export function useMockAgent(): { readonly agent: MockAgent } {
  const box = { agent: new MockAgent() };
  beforeEach(() => {
    box.agent = new MockAgent();
    box.agent.disableNetConnect();
  });
  afterEach(async () => {
    try {
      box.agent.assertNoPendingInterceptors();
    } finally {
      await box.agent.close();
    }
  });
  return box;
}

/** Every request for `id` answered 429 with this Retry-After, for ever; the counter says how many came. */
export function throttleForever(agent: MockAgent, id: string, retryAfter: string, errorCode: string): { requests: number } {
  const seen = { requests: 0 };
  agent
    .get(ORIGIN)
    .intercept({ path: PATH(id) })
    .reply(() => {
      seen.requests++;
      return {
        statusCode: 429,
        data: { error_code: errorCode, error_msg: "throttled" },
        responseOptions: { headers: { ...JSON_HEADERS, "retry-after": retryAfter } },
      };
    })
    .persist();
  return seen;
}
