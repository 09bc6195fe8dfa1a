/** The client hands an answer on only once no credential is being fetched (a server may echo a token just issued). */
import { describe, expect, it } from "vitest";
import { BcsClient } from "../../src/api/client.js";
import type { Authenticator } from "../../src/auth/authenticator.js";
import { Scheduler } from "../../src/http/scheduler.js";
import { testDeps } from "../helpers/deps.js";
import { JSON_HEADERS, ORIGIN, PATH, useMockAgent } from "../helpers/mock-api.js";

const mock = useMockAgent();

describe("BcsClient and an authenticator still fetching a credential", () => {
  it("an answer that came while a login was under way waits for the login to settle", async () => {
    const { deps } = testDeps();
    let finishLogin = () => {};
    const login = new Promise<void>((resolve) => {
      finishLogin = resolve;
    });
    const auth: Authenticator = {
      mode: "password",
      ready: async () => {},
      headers: () => ({ "x-auth-token": "tok" }),
      renew: async () => false,
      settled: () => login,
    };
    mock.agent
      .get(ORIGIN)
      .intercept({ path: PATH("bc-1"), method: "GET" })
      .reply(200, { bcs: { status: "finished" } }, { headers: JSON_HEADERS });
    const client = await BcsClient.create({
      endpoint: new URL(ORIGIN),
      projectId: "proj-1",
      auth,
      env: {},
      now: deps.now,
      sleep: deps.sleep,
      timers: deps.timers,
      scheduler: new Scheduler({ concurrency: 1, now: deps.now, sleep: deps.sleep }),
      concurrency: 1,
      requestTimeoutMs: 30_000,
      retries: 0,
      dispatcher: mock.agent,
    });
    let answered = false;
    const answer = client.getStatus("bc-1").then((r) => {
      answered = true;
      return r;
    });
    // Long enough for the mock answer to arrive: it is held while the login has not settled.
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(answered).toBe(false);
    finishLogin();
    expect((await answer).body).toEqual({ bcs: { status: "finished" } });
    await client.close();
  });
});
