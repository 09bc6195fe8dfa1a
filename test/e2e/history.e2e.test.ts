import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, runCli, SECRETS, startMockServer, stateHome } from "../helpers/cli.js";

const MIN = 60_000;
const NOW = Date.now();

/** An API time: `2026-12-07T10:00:00.000+00:00`. */
const at = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");
const done = (start: number, ms: number) => ({ start_time: at(start), end_time: at(start + ms), status: "finished", detail: "" });

/** Three finished deployments (cce.cluster took 5, 6 and 7 minutes) and one whose cluster started 2 minutes ago. */
function scenario(): string {
  const finished = (i: number, clusterMin: number) => {
    const start = NOW - (i + 1) * 3_600_000;
    return [{ at: 0, status: { eip: done(start, 20_000), cce: { cluster: done(start, clusterMin * MIN) } } }];
  };
  const file = path.join(mkdtempSync(path.join(tmpdir(), "bcs-hist-e2e-")), "scenario.json");
  const clusterStart = NOW - 2 * MIN;
  writeFileSync(
    file,
    JSON.stringify({
      ids: {
        "done-1": finished(1, 5),
        "done-2": finished(2, 6),
        "done-3": finished(3, 7),
        "deploy-1": [
          {
            at: 0,
            status: {
              eip: done(clusterStart - 30_000, 20_000),
              cce: { cluster: { start_time: at(clusterStart), end_time: "", status: "deploying", detail: "" } },
            },
          },
        ],
      },
    }),
  );
  return file;
}

let sim: MockServer;
beforeAll(async () => {
  sim = await startMockServer(["--scenario", scenario(), "--token", SECRETS.token]);
});
afterAll(async () => {
  await sim.stop();
});

describe("history: what usually happens (built binary)", () => {
  it("three gets of finished blockchains, then a deploying one shows `usually` and expected_ms", async () => {
    const state = stateHome();
    const env = { BCS_ENDPOINT: sim.url, BCS_PROJECT_ID: "proj-h", BCS_TOKEN: SECRETS.token, XDG_STATE_HOME: state, COLUMNS: "100" };
    for (const id of ["done-1", "done-2", "done-3"]) expect((await runCli(["get", id], { env })).code).toBe(0);
    const file = path.join(state, "bcs-status", "history.ndjson");
    const lines = readFileSync(file, "utf8").trimEnd().split("\n");
    expect(lines).toHaveLength(6);
    // No id, name, project or secret in the file.
    for (const word of ["done-1", "proj-h", SECRETS.token]) expect(readFileSync(file, "utf8")).not.toContain(word);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);

    const table = await runCli(["get", "deploy-1"], { env });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/cce\.cluster +● deploying .*usually 5m–7m/);
    expect(table.stdout).toMatch(/ETA ~\d\d:\d\d/);

    const json = JSON.parse((await runCli(["get", "deploy-1", "--json"], { env })).stdout);
    const cluster = json.resources.find((r: { name: string }) => r.name === "cce.cluster");
    expect(cluster.expected_ms).toEqual({ p25: 5 * MIN, p50: 6 * MIN, p75: 7 * MIN, p90: 7 * MIN, samples: 3 });
    // Ended resources carry no expectation.
    expect(json.resources.find((r: { name: string }) => r.name === "eip").expected_ms).toBeUndefined();
    // The cluster started 2 minutes ago and usually takes 6: about 4 minutes from now, in UTC.
    expect(json.eta).toMatch(/Z$/);
    expect(Math.abs(Date.parse(json.eta) - (NOW + 4 * MIN))).toBeLessThan(2_000);

    // --no-history and BCS_NO_HISTORY=1 neither read nor write.
    const off = JSON.parse((await runCli(["get", "deploy-1", "--json", "--no-history"], { env })).stdout);
    expect(off.eta).toBeUndefined();
    expect(off.resources[1].expected_ms).toBeUndefined();

    const rows = (await runCli(["history", "--json"], { env })).stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows.find((r) => r.resource === "cce.cluster")).toMatchObject({
      region: "127.0.0.1",
      samples: 3,
      p25: 5 * MIN,
      p50: 6 * MIN,
      p75: 7 * MIN,
      p90: 7 * MIN,
    });
    const human = await runCli(["history"], { env });
    expect(human.stdout).toMatch(/127\.0\.0\.1 +cce\.cluster +3 +5m00s +6m00s +7m00s +7m00s/);
    const cleared = await runCli(["history", "--clear"], { env });
    expect(cleared.code).toBe(0);
    expect((await runCli(["history", "--json"], { env })).stdout).toBe("");
  }, 60_000);

  it("a history that cannot be written leaves the run and its exit code alone; -v says why", async () => {
    const state = stateHome();
    // A file where the folder should be: nothing can be written under it.
    writeFileSync(path.join(state, "bcs-status"), "not a folder");
    const env = { BCS_ENDPOINT: sim.url, BCS_PROJECT_ID: "proj-h", BCS_TOKEN: SECRETS.token, XDG_STATE_HOME: state };
    const quiet = await runCli(["get", "done-1", "--json", "--exit-status"], { env });
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe("");
    const verbose = await runCli(["get", "done-1", "--json", "--exit-status", "-v"], { env });
    expect(verbose.code).toBe(0);
    expect(verbose.stderr).toMatch(/history: cannot write .*history\.ndjson/);
  });
});
