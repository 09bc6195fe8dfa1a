/** A printer of results waits for each document to leave the process before it takes the next (bounded memory). */
import { describe, expect, it } from "vitest";
import { resultPrinter } from "../../src/commands/results.js";
import { normalize } from "../../src/status/normalize.js";
import { apiBody, testDeps } from "../helpers/deps.js";

describe("resultPrinter and a slow reader", () => {
  it("a document written, the printer returns only once stdout has drained", async () => {
    const { deps, io } = testDeps();
    let drain = () => {};
    const gate = new Promise<void>((resolve) => {
      drain = resolve;
    });
    let asked = 0;
    io.stdout.drained = () => {
      asked++;
      return gate;
    };
    const print = resultPrinter({ json: true, color: false }, deps, { ascii: false, now: deps.now() }, () => {});
    const status = normalize("bc-1", apiBody(), deps.now());
    let printed = false;
    const done = print({ ok: true, status, raw: "" }).then(() => {
      printed = true;
    });
    for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
    expect(io.stdout.text()).toContain('"blockchain_id":"bc-1"');
    expect(asked).toBe(1);
    expect(printed).toBe(false);
    drain();
    await done;
    expect(printed).toBe(true);
  });
});
