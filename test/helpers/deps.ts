import { setMaxListeners } from "node:events";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Dispatcher } from "undici";
import { clampWait, type Deps, type Timers } from "../../src/deps/deps.js";
import { createTestIO, type TestIOOptions } from "../../src/deps/io.js";
import "./preload.js";

/**
 * A discrete-event clock: time stands still while the code under test works,
 * and moves to the next due sleep or timer only when everything is waiting
 * (no microtask or file operation pending). Real timers are not waited for:
 * a test that needs a slow answer makes it slow on this clock. Two
 * sleeps that run side by side end together, as on a real clock, so a
 * deadline racing a login or a retry wait is decided in simulated time.
 * Sleeps and timers are clamped as the real ones are (system.ts). A test may
 * also move time itself with advance(ms).
 */
export function fakeClock(start = Date.parse("2026-11-28T10:00:00.000Z")) {
  let t = start;
  let seq = 0;
  const sleeps: number[] = [];
  interface Entry {
    at: number;
    seq: number;
    fn: () => void;
    every: number | null;
  }
  let entries: Entry[] = [];
  let activity = 0;
  let driving = false;

  const add = (at: number, fn: () => void, every: number | null): Entry => {
    const entry = { at, seq: seq++, fn, every };
    entries.push(entry);
    activity++;
    drive();
    return entry;
  };
  const remove = (entry: Entry) => {
    const before = entries.length;
    entries = entries.filter((x) => x !== entry);
    if (entries.length !== before) activity++;
  };
  const next = (): Entry | undefined => {
    let best: Entry | undefined;
    for (const e of entries) if (!best || e.at < best.at || (e.at === best.at && e.seq < best.seq)) best = e;
    return best;
  };
  const fireOne = (e: Entry) => {
    // An interval fires once however long the jump, then waits its period from now.
    if (e.every === null) remove(e);
    else {
      e.at = t + e.every;
      e.seq = seq++;
    }
    activity++;
    e.fn();
  };
  /** Fires every entry due by now, in order (an entry added while firing fires too if it is due). */
  const fireDue = () => {
    for (let e = next(); e && e.at <= t; e = next()) fireOne(e);
  };
  /** Whether the code under test could still do something without time passing. */
  const quiet = async (): Promise<boolean> => {
    for (let turns = 0; turns < 4; turns++) {
      const before = activity;
      await new Promise<void>((r) => setImmediate(r));
      if (activity !== before || fileWork()) return false;
    }
    return true;
  };
  /** Moves time to the next due entry whenever everything waits; only intervals left keep nothing going. */
  function drive() {
    if (driving) return;
    driving = true;
    void (async () => {
      try {
        while (entries.some((e) => e.every === null)) {
          if (!(await quiet())) continue;
          const e = next();
          if (!e) break;
          if (e.at > t) t = e.at;
          fireOne(e);
        }
      } finally {
        driving = false;
      }
    })();
  }
  const schedule = (fn: () => void, ms: number, every: number | null) => {
    const entry = add(t + clampWait(ms), fn, every);
    return () => remove(entry);
  };
  return {
    now: () => t,
    /** Moves time forward by ms at once, firing what falls due on the way. */
    advance: (ms: number) => {
      const until = t + clampWait(ms);
      for (let e = next(); e && e.at <= until; e = next()) {
        if (e.at > t) t = e.at;
        fireOne(e);
      }
      t = until;
      fireDue();
    },
    /** Every sleep asked for, in ms, in the order asked. */
    sleeps,
    /** Like the real sleep: resolves after ms of clock time, or at once (without throwing) when its signal aborts. */
    sleep: (ms: number, signal?: AbortSignal) =>
      new Promise<void>((resolve) => {
        sleeps.push(ms);
        if (signal?.aborted) return resolve();
        const done = () => {
          signal?.removeEventListener("abort", abort);
          resolve();
        };
        const entry = add(t + clampWait(ms), done, null);
        const abort = () => {
          remove(entry);
          resolve();
        };
        signal?.addEventListener("abort", abort, { once: true });
      }),
    timers: {
      setTimeout: (fn: () => void, ms: number) => schedule(fn, ms, null),
      setInterval: (fn: () => void, ms: number) => schedule(fn, Math.max(1, clampWait(ms)), Math.max(1, clampWait(ms))),
    } satisfies Timers,
    /** Timers and sleeps not yet fired (or cancelled). */
    pending: () => entries.length,
  };
}

/** libuv's requests for file operations (opening, reading, closing a file handle) and DNS and crypto work. */
const WORK_IN_FLIGHT = /^(FSReq|CloseReq|FileHandle|GetAddrInfo|RANDOMBYTES|PBKDF2|SCRYPT)/;

/** A file operation in flight (the token cache, history, a summary file): its answer is still to come. */
function fileWork(): boolean {
  return process.getActiveResourcesInfo().some((r) => WORK_IN_FLIGHT.test(r));
}

export interface TestDepsOptions extends TestIOOptions {
  env?: NodeJS.ProcessEnv;
  dispatcher?: Dispatcher;
  clock?: ReturnType<typeof fakeClock>;
  signal?: AbortSignal;
  homedir?: string;
}

/** The run's signal (a test's own or a fresh one), as systemDeps() makes it: every request and sleep listens to it, so many listeners are no leak. */
function runSignal(signal = new AbortController().signal): AbortSignal {
  setMaxListeners(0, signal);
  return signal;
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
      // A fresh history per test: none writes to the real home, none sees another's durations.
      XDG_STATE_HOME: mkdtempSync(path.join(tmpdir(), "bcs-state-")),
      HUAWEICLOUD_SDK_CREDENTIALS_FILE: "/nonexistent/creds",
      ...o.env,
    },
    now: clock.now,
    sleep: clock.sleep,
    timers: clock.timers,
    signal: runSignal(o.signal),
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
