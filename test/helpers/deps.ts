import type { Dispatcher } from "undici";
import type { Deps } from "../../src/deps.js";
import { createTestIO, type TestIOOptions } from "../../src/io.js";

/** A clock that only moves when the code under test sleeps (or the test advances it). */
export function fakeClock(start = Date.parse("2026-11-28T10:00:00.000Z")) {
  let t = start;
  const sleeps: number[] = [];
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
    sleeps,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
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
  const io = createTestIO(o);
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
