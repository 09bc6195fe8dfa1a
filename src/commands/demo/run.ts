import type { Deps } from "../../deps/deps.js";
import { wrapDiagnostic } from "../../render/fit.js";
import { startSimulator } from "../../simulator/server.js";
import { lineWidth } from "../../util/width.js";
import type { WatchOptions } from "../watch/command.js";
import { runWatch } from "../watch/run.js";
import type { DemoOptions } from "./command.js";

/** The simulator runs 5x real time, so its ~100 s success timeline takes about 20 s. */
export const DEMO_SPEED = 5;

/** Only what shapes the terminal output reaches the demo: no credentials, profiles or config from the user. */
function demoEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const keep = [
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
    "TZ",
    "TERM",
    "COLUMNS",
    "NO_COLOR",
    "FORCE_COLOR",
    "GITHUB_ACTIONS",
    "GITHUB_STEP_SUMMARY",
    "XDG_STATE_HOME",
    "BCS_NO_HISTORY",
  ];
  const out: NodeJS.ProcessEnv = Object.fromEntries(keep.filter((k) => env[k] !== undefined).map((k) => [k, env[k]]));
  // Point the config lookup at a directory that cannot exist, so no user profile applies.
  out.XDG_CONFIG_HOME = "/nonexistent/bcs-status-demo";
  out.HUAWEICLOUD_SDK_CREDENTIALS_FILE = "/nonexistent/bcs-status-demo/credentials";
  return out;
}

/** `demo`: start the simulator in-process on loopback and watch one simulated blockchain to the end. */
export async function runDemo(flags: DemoOptions, deps: Deps): Promise<number> {
  const sim = await startSimulator({
    host: "127.0.0.1",
    port: 0,
    // A success that takes its own time on each run, so the history has a spread to learn from.
    scenario: flags.scenario === "success" ? "varied" : flags.scenario,
    speed: DEMO_SPEED,
    sleep: (ms) => deps.sleep(ms),
  });
  const id = flags.scenario === "failure" ? "demo-failure" : "demo-chain";
  const intro = `Simulated BCS API at ${sim.url} (scenario ${flags.scenario}, ${DEMO_SPEED}x speed); watching ${id}…`;
  deps.io.stderr.write(`${wrapDiagnostic(intro, lineWidth(deps.io.stderr, deps.env))}\n`);
  const watchFlags: WatchOptions = {
    ids: [id],
    endpoint: sim.url,
    projectId: "demo-project",
    token: "demo-token",
    interval: 1000,
    timeout: 5 * 60_000,
    requestTimeout: 10_000,
    retries: 3,
    concurrency: 10,
    color: flags.color,
    failFast: true,
    history: true,
    ...(flags.timeline ? { timeline: true } : {}),
  };
  try {
    return await runWatch(watchFlags, { ...deps, env: demoEnv(deps.env) });
  } finally {
    await sim.close();
  }
}
