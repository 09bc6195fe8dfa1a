import type { Dispatcher } from "undici";
import { clampWait, type Deps, type Timers } from "../../src/deps/deps.js";
import { createTestIO, type TestIOOptions } from "../../src/deps/io.js";

/**
 * A clock that only moves when the code under test sleeps (or the test
 * advances it), with timers on the same clock: a due timer fires as time
 * passes it, so deadlines and per-attempt timeouts run in simulated time.
 * Sleeps and timers are clamped as the real ones are (system.ts).
 */
export function fakeClock(start = Date.parse("2026-11-28T10:00:00.000Z")) {
  let t = start;
  const sleeps: number[] = [];
  let timers: Array<{ at: number; fn: () => void; every: number | null }> = [];
  const fire = () => {
    for (;;) {
      const next = timers.filter((x) => x.at <= t).sort((a, b) => a.at - b.at)[0];
      if (!next) return;
      // An interval fires once however long the jump, then waits its period from now.
      if (next.every === null) timers = timers.filter((x) => x !== next);
      else next.at = t + next.every;
      next.fn();
    }
  };
  const advance = (ms: number) => {
    t += clampWait(ms);
    fire();
  };
  const schedule = (fn: () => void, ms: number, every: number | null) => {
    const entry = { at: t + clampWait(ms), fn, every };
    timers.push(entry);
    return () => {
      timers = timers.filter((x) => x !== entry);
    };
  };
  return {
    now: () => t,
    advance,
    sleeps,
    /** Like the real sleep, one whose signal has already aborted returns at once. */
    sleep: async (ms: number, signal?: AbortSignal) => {
      sleeps.push(ms);
      if (!signal?.aborted) advance(ms);
    },
    timers: {
      setTimeout: (fn: () => void, ms: number) => schedule(fn, ms, null),
      setInterval: (fn: () => void, ms: number) => schedule(fn, Math.max(1, clampWait(ms)), Math.max(1, clampWait(ms))),
    } satisfies Timers,
    /** Timers not yet fired (or cancelled). */
    pending: () => timers.length,
  };
}

export interface TestDepsOptions extends TestIOOptions {
  env?: NodeJS.ProcessEnv;
  dispatcher?: Dispatcher;
  clock?: ReturnType<typeof fakeClock>;
  signal?: AbortSignal;
  homedir?: string;
}

/** Deps for a command under test: recorded IO, an explicit env, a fake clock and sleep. */
export function testDeps(o: TestDepsOptions = {}) {
  const clock = o.clock ?? fakeClock();
  const io = createTestIO({ workflowCommands: o.env?.GITHUB_ACTIONS === "true", ...o });
  const deps: Deps & { io: typeof io } = {
    io,
    env: {
      LANG: "C.UTF-8",
      TZ: "UTC",
      XDG_CONFIG_HOME: "/nonexistent/xdg",
      HUAWEICLOUD_SDK_CREDENTIALS_FILE: "/nonexistent/creds",
      ...o.env,
    },
    now: clock.now,
    sleep: clock.sleep,
    timers: clock.timers,
    signal: o.signal ?? new AbortController().signal,
    homedir: o.homedir ?? "/nonexistent/home",
    uid: process.getuid?.(),
    ...(o.dispatcher ? { dispatcher: o.dispatcher } : {}),
  };
  return { deps, io, clock };
}

/** A realistic API body: the example from the API reference plus CCE. */
export function apiBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    bcs: {
      start_time: "2020-10-15T18:24:48.658236618+08:00",
      end_time: "2020-10-15T18:25:53.552512674+08:00",
      status: "finished",
      detail: "",
    },
    eip: {
      start_time: "2020-10-15T18:24:31.957780831+08:00",
      end_time: "2020-10-15T18:24:33.810699517+08:00",
      status: "finished",
      detail: "",
    },
    sfs: {
      start_time: "2020-10-15T18:24:31.957781285+08:00",
      end_time: "2020-10-15T18:24:48.611812564+08:00",
      status: "finished",
      detail: "",
    },
    ...overrides,
  };
}
