import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import { booleanInput, input, listInput, readInputs } from "../../src/action/inputs.js";
import { outputFileText, worstState } from "../../src/action/outputs.js";
import { guardedIO, type RawStream } from "../../src/output/boundary.js";
import { nodeFiles } from "../../src/output/node-files.js";
import { Secrets } from "../../src/output/secrets.js";
import type { Overall, QueryResult } from "../../src/status/model.js";
import { UsageError } from "../../src/util/errors.js";

describe("the Action's inputs", () => {
  it("are read as the runner names them: INPUT_ and the name upper-cased, spaces as _, a - kept, the value trimmed", () => {
    const env = { "INPUT_PROJECT-ID": "  p1 \n", INPUT_MY_INPUT: "x", INPUT_EMPTY: "   " };
    expect(input(env, "project-id")).toBe("p1");
    expect(input(env, "my input")).toBe("x");
    expect(input(env, "empty")).toBeUndefined();
    expect(input(env, "absent")).toBeUndefined();
  });

  it("ids, names and for: separated by commas or newlines, blanks dropped", () => {
    expect(listInput({ INPUT_IDS: "a, b\nc,,\n\n d \r\n" }, "ids")).toEqual(["a", "b", "c", "d"]);
    expect(readInputs({ INPUT_FOR: "eip\ncce.cluster, eip" }).for).toEqual(["eip", "cce.cluster"]);
  });

  it("booleans in the YAML core spellings; anything else is a usage error naming the input", () => {
    expect(booleanInput({ INPUT_ALL: "True" }, "all", false)).toBe(true);
    expect(booleanInput({ "INPUT_FAIL-FAST": "FALSE" }, "fail-fast", true)).toBe(false);
    expect(booleanInput({}, "fail-fast", true)).toBe(true);
    expect(() => booleanInput({ INPUT_ALL: "yes" }, "all", false)).toThrow(UsageError);
  });

  it("defaults as action.yml: timeout 30m, interval 5s, fail-fast on; durations parsed as the CLI parses them", () => {
    expect(readInputs({})).toMatchObject({ timeoutMs: 30 * 60_000, intervalMs: 5000, failFast: true, all: false, ids: [], names: [] });
    expect(readInputs({ INPUT_TIMEOUT: "1h30m", INPUT_INTERVAL: "500ms" })).toMatchObject({ timeoutMs: 90 * 60_000, intervalMs: 500 });
    expect(() => readInputs({ INPUT_INTERVAL: "0" })).toThrow(/input interval/);
    expect(() => readInputs({ INPUT_TIMEOUT: "soon" })).toThrow(/input timeout/);
  });
});

describe("the Action's outputs", () => {
  it("use the heredoc form, each with its own delimiter, drawn again while the value holds it", () => {
    const delims = ["D1", "x", "D2", "D3"];
    const text = outputFileText({ overall: "finished", result: 'a\nx\n{"b":1}' }, () => delims.shift() as string);
    expect(text).toBe('overall<<D1\nfinished\nD1\nresult<<D2\na\nx\n{"b":1}\nD2\n');
    expect(() => outputFileText({ result: "DDD" }, () => "D")).toThrow(/no delimiter/);
  });

  it("overall is the worst state: failed, unknown (or an id whose query failed), waiting, deploying, finished", () => {
    const ok = (overall: Overall): QueryResult => ({
      ok: true,
      raw: "",
      status: { blockchain_id: "b", overall, checkedAt: 0, resources: [] },
    });
    const failure: QueryResult = {
      ok: false,
      failure: { blockchain_id: "b", checkedAt: 0, message: "", error: { http_status: 404, error_code: null, error_msg: "" }, cause: null },
    };
    expect(worstState([ok("finished"), ok("deploying")])).toBe("deploying");
    expect(worstState([ok("waiting"), ok("deploying"), ok("finished")])).toBe("waiting");
    expect(worstState([ok("finished"), failure])).toBe("unknown");
    expect(worstState([ok("unknown"), ok("failed")])).toBe("failed");
    expect(worstState([])).toBe("unknown");
  });
});

function recorder(): RawStream & { text(): string } {
  let buf = "";
  return {
    write: (t: string) => {
      buf += t;
    },
    isTTY: false,
    columns: undefined,
    rows: undefined,
    chalk: new Chalk({ level: 0 }),
    colorOn: false,
    text: () => buf,
  };
}

describe("the boundary's ::add-mask:: channel (maskCommands)", () => {
  const make = (maskCommands: boolean) => {
    const out = recorder();
    const err = recorder();
    const io = guardedIO(
      { stdout: out, stderr: err, files: nodeFiles, readStdin: async () => "", prepare: async () => {} },
      new Secrets(),
      { workflowCommands: true, maskCommands },
    );
    return { io, out, err };
  };

  it("announces each secret once, on a line of its own on stdout, escaped as workflow data, short ones too", () => {
    const { io, out, err } = make(true);
    io.secrets.add("first-secret-value");
    io.stdout.write("half a line ");
    io.secrets.add("a%b\nc-second-secret");
    io.secrets.add("first-secret-value");
    io.secrets.add("short");
    io.stdout.write("first-secret-value\n");
    expect(out.text()).toBe("::add-mask::first-secret-value\nhalf a line \n::add-mask::a%25b%0Ac-second-secret\n::add-mask::short\n****\n");
    expect(err.text()).toBe("");
  });

  it("is silent without maskCommands (the CLI on GitHub Actions never writes a secret, not even to mask it)", () => {
    const { io, out } = make(false);
    io.secrets.add("first-secret-value");
    io.stdout.write("first-secret-value\n");
    expect(out.text()).toBe("****\n");
  });

  it("is no way out for text: a command written as text that starts ::add-mask:: is neutralised", () => {
    const { io, out } = make(true);
    io.stdout.write("::add-mask::x\n");
    io.stdout.command("::add-mask::x");
    expect(out.text()).not.toMatch(/^::add-mask::/m);
  });
});
