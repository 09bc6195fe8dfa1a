import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Dispatcher, MockAgent } from "undici";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { apiBody, fakeClock, testDeps } from "../helpers/deps.js";
import { JSON_HEADERS, ORIGIN, PATH } from "../helpers/mock-api.js";

/**
 * `watch --timeout` against an IAM login: the run has one deadline, and a
 * login, a poll or a wait in progress when it falls ends as a timeout (124),
 * never as an interrupt (130). All in simulated time.
 */
const PASSWORD = "s3cret-Passw0rd!-deadline";
const LOGIN_ENV = {
  BCS_USERNAME: "alice",
  BCS_PASSWORD: PASSWORD,
  BCS_DOMAIN_NAME: "acme",
  BCS_PROJECT_ID: "proj-1",
  BCS_REGION: "cn-north-4",
};

let agent: MockAgent;
let cacheHome: string;
beforeEach(async () => {
  agent = new MockAgent();
  agent.disableNetConnect();
  cacheHome = await mkdtemp(path.join(tmpdir(), "bcs-deadline-"));
});
afterEach(async () => {
  await agent.close();
  await rm(cacheHome, { recursive: true, force: true });
});

/**
 * A dispatcher in front of the MockAgent where `POST /v3/auth/tokens` is
 * accepted and answered after `ms` on the run's clock (never, for Infinity)
 * with a token valid for `validMs`; an abort (the deadline, Ctrl-C) ends it.
 */
function slowIam(counter: { logins: number }, o: { clock?: ReturnType<typeof fakeClock>; ms: number; validMs?: number }): Dispatcher {
  return agent.compose((dispatch) => (opts, handler) => {
    if (!opts.path.endsWith("/v3/auth/tokens")) return dispatch(opts, handler);
    const n = ++counter.logins;
    let ended = false;
    const answer = new AbortController();
    const controller = {
      abort(reason: Error) {
        if (ended) return;
        ended = true;
        answer.abort();
        handler.onResponseError?.(controller as unknown as Dispatcher.DispatchController, reason);
      },
      pause() {},
      resume() {},
      paused: false,
      aborted: false,
      reason: null,
    };
    const c = controller as unknown as Dispatcher.DispatchController;
    handler.onRequestStart?.(c, {});
    if (o.clock && Number.isFinite(o.ms)) {
      const clock = o.clock;
      void clock.sleep(o.ms, answer.signal).then(() => {
        if (ended) return;
        ended = true;
        const body = Buffer.from(JSON.stringify({ token: { expires_at: new Date(clock.now() + (o.validMs ?? 3_600_000)).toISOString() } }));
        handler.onResponseStart?.(
          c,
          201,
          { "x-subject-token": `tok-issued-${n}-ABCDEFGHIJKLMNOP`, "content-type": "application/json" },
          "Created",
        );
        handler.onResponseData?.(c, body);
        handler.onResponseEnd?.(c, {});
      });
    }
    return true;
  });
}

function deploying(id: string, times: number) {
  agent
    .get(ORIGIN)
    .intercept({ path: PATH(id) })
    .reply(200, apiBody({ cce: { cluster: { status: "deploying", start_time: "2020-10-15T18:26:00+08:00", end_time: "" } } }), {
      headers: JSON_HEADERS,
    })
    .times(times);
}

async function watch(args: string[], dispatcher: Dispatcher = agent, clock = fakeClock()) {
  const t = testDeps({ clock, dispatcher, env: { ...LOGIN_ENV, XDG_CACHE_HOME: cacheHome } });
  const started = clock.now();
  const code = await main(["watch", ...args], t.deps);
  return { code, err: t.io.stderr.text(), out: t.io.stdout.text(), elapsed: clock.now() - started, pending: clock.pending };
}

// Once before the tests: the commands' modules load lazily, in real time the clock cannot see.
beforeAll(async () => {
  agent = new MockAgent();
  agent.disableNetConnect();
  cacheHome = await mkdtemp(path.join(tmpdir(), "bcs-deadline-"));
  await watch(["bc-0", "--timeout", "1s", "-q"], slowIam({ logins: 0 }, { ms: Number.POSITIVE_INFINITY }));
  const clock = fakeClock();
  agent
    .get(ORIGIN)
    .intercept({ path: "/v2/proj-1/blockchains" })
    .reply(200, { blockchains: [{ id: "bc-0", name: "zero" }], count: 1 }, { headers: JSON_HEADERS });
  deploying("bc-0", 3);
  await watch(["--name", "zero", "--timeout", "2s", "--interval", "1s"], slowIam({ logins: 0 }, { clock, ms: 10 }), clock);
  await agent.close();
  await rm(cacheHome, { recursive: true, force: true });
});

describe("watch --timeout during an IAM login", () => {
  it("a login that never answers: exit 124 at the deadline, not 130", async () => {
    const counter = { logins: 0 };
    const r = await watch(["bc-1", "--timeout", "2s", "-q"], slowIam(counter, { ms: Number.POSITIVE_INFINITY }));
    expect(r.code).toBe(124);
    expect(r.elapsed).toBe(2000);
    expect(counter.logins).toBe(1);
    expect(r.err).toContain("timed out after 2s");
    expect(r.err).not.toContain("interrupted");
    expect(r.err + r.out).not.toContain(PASSWORD);
  });

  it("with two ids: exit 124", async () => {
    const counter = { logins: 0 };
    const r = await watch(["bc-1", "bc-2", "--timeout", "2s", "-q"], slowIam(counter, { ms: Number.POSITIVE_INFINITY }));
    expect(r.code).toBe(124);
    expect(r.elapsed).toBe(2000);
    // The two ids share the one login.
    expect(counter.logins).toBe(1);
    expect(r.err).not.toContain("interrupted");
  });

  it("with --json, no document claims an interrupt, and every id is reported timed out", async () => {
    const counter = { logins: 0 };
    const r = await watch(["bc-1", "bc-2", "--timeout", "2s", "--json"], slowIam(counter, { ms: Number.POSITIVE_INFINITY }));
    expect(r.code).toBe(124);
    expect(r.err.match(/timed out after 2s/g)).toHaveLength(2);
  });

  it("a deadline that falls while a token expiring within the renewal margin is renewed: exit 124", async () => {
    // Tokens valid for 1 s (far under the 5-minute margin), each login 500 ms: every poll finds its token
    // expired and renews it first. Polls at 0, 1.5 s, 3 s, 4.5 s, 6 s; the deadline at 6.25 s falls inside a login.
    const counter = { logins: 0 };
    const clock = fakeClock();
    deploying("bc-1", 10);
    const r = await watch(
      ["bc-1", "--timeout", "6250ms", "--interval", "1s", "-q"],
      slowIam(counter, { clock, ms: 500, validMs: 1000 }),
      clock,
    );
    expect(r.code).toBe(124);
    expect(r.elapsed).toBe(6250);
    expect(counter.logins).toBe(5);
    expect(r.err).not.toContain("interrupted");
  });
});

describe("watch --timeout counts from the start of the run, whatever came before the first poll", () => {
  const LIST = "/v2/proj-1/blockchains";
  const project = { blockchains: [{ id: "b268e1ca", name: "marbles" }], count: 1 };

  it("--name whose list call waits on a login that never answers: exit 124 at the deadline", async () => {
    const counter = { logins: 0 };
    const r = await watch(["--name", "marbles", "--timeout", "2s", "-q"], slowIam(counter, { ms: Number.POSITIVE_INFINITY }));
    expect(r.code).toBe(124);
    expect(r.elapsed).toBe(2000);
    expect(r.err).toContain("timed out after 2s");
    expect(r.err).not.toContain("interrupted");
  });

  it("a login and a name lookup before the first poll, short tokens, the deadline during a login: exit 124 at the deadline", async () => {
    // Login 0-0.5 s, list call, poll: login 0.5-1 s, status; next poll at 2 s: login 2-2.5 s, cut off at 2.2 s.
    const counter = { logins: 0 };
    const clock = fakeClock();
    agent.get(ORIGIN).intercept({ path: LIST }).reply(200, project, { headers: JSON_HEADERS });
    deploying("b268e1ca", 5);
    const r = await watch(
      ["--name", "marbles", "--timeout", "2200ms", "--interval", "1s", "-q"],
      slowIam(counter, { clock, ms: 500, validMs: 60_000 }),
      clock,
    );
    expect(r.code).toBe(124);
    expect(r.elapsed).toBe(2200);
    expect(r.err).toContain("marbles (b268e1ca): timed out after 2s");
    expect(r.err).not.toContain("interrupted");
  });

  it("the same with two ids: exit 124 at the deadline", async () => {
    const counter = { logins: 0 };
    const clock = fakeClock();
    agent.get(ORIGIN).intercept({ path: LIST }).reply(200, project, { headers: JSON_HEADERS });
    deploying("b268e1ca", 5);
    deploying("bc-2", 5);
    const r = await watch(
      ["bc-2", "--name", "marbles", "--timeout", "2200ms", "--interval", "1s", "-q"],
      slowIam(counter, { clock, ms: 500, validMs: 60_000 }),
      clock,
    );
    expect(r.code).toBe(124);
    expect(r.elapsed).toBe(2200);
    expect(r.err).not.toContain("interrupted");
  });
});

describe("IAM tokens that expire within the renewal margin (5 minutes)", () => {
  it("one login per renewal window, not one per poll; a token that really expired renews", async () => {
    // Tokens valid for 1 minute, a poll every 5 s for 355 s: 71 polls. Each token is used until it expires.
    const counter = { logins: 0 };
    const clock = fakeClock();
    deploying("bc-1", 71);
    const r = await watch(
      ["bc-1", "--timeout", "355s", "--interval", "5s", "-q"],
      slowIam(counter, { clock, ms: 100, validMs: 60_000 }),
      clock,
    );
    expect(r.code).toBe(124);
    // Logins at 0, 60, 120, 180, 240 and 300 s (each as the token in use expires).
    expect(counter.logins).toBeGreaterThanOrEqual(6);
    expect(counter.logins).toBeLessThanOrEqual(7);
  });

  it("tokens of 4 minutes: renewed when each expires, at most one login per window", async () => {
    const counter = { logins: 0 };
    const clock = fakeClock();
    deploying("bc-1", 200);
    const r = await watch(
      ["bc-1", "--timeout", "16m", "--interval", "5s", "-q"],
      slowIam(counter, { clock, ms: 100, validMs: 240_000 }),
      clock,
    );
    expect(r.code).toBe(124);
    expect(counter.logins).toBe(4);
  });
});
