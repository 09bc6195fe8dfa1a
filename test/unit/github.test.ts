import { describe, expect, it } from "vitest";
import {
  errorCommand,
  escapeData,
  escapeProperty,
  failureAnnotations,
  groupEnd,
  groupStart,
  warningCommand,
} from "../../src/render/github.js";
import * as f from "./render-fixtures.js";

const DECODE: Record<string, string> = { "%25": "%", "%0D": "\r", "%0A": "\n", "%3A": ":", "%2C": "," };
const decode = (s: string) => s.replace(/%(25|0D|0A|3A|2C)/g, (m) => DECODE[m] ?? m);

interface Parsed {
  command: string;
  properties: Record<string, string>;
  message: string;
}

/**
 * Reads output the way the Actions runner does (ActionCommand.TryParseV2): line by
 * line; a line starting with `::` is a command whose name and properties end at
 * the next `::`.
 */
function runnerCommands(output: string): Parsed[] {
  return output.split(/\r?\n|\r/).flatMap((line) => {
    const text = line.trimStart();
    if (!text.startsWith("::")) return [];
    const end = text.indexOf("::", 2);
    if (end < 0) return [];
    const info = text.slice(2, end);
    const space = info.indexOf(" ");
    const command = space < 0 ? info : info.slice(0, space);
    const properties: Record<string, string> = {};
    if (space >= 0) {
      for (const pair of info.slice(space + 1).split(",")) {
        const eq = pair.indexOf("=");
        if (eq > 0) properties[pair.slice(0, eq)] = decode(pair.slice(eq + 1));
      }
    }
    return [{ command, properties, message: decode(text.slice(end + 2)) }];
  });
}

function failedWith(detail: string, id = "bc-9a8b7c") {
  return f.chain(id, "failed", [
    f.res("cce.cluster", "failed", "2020-10-15T18:24:34.102938475+08:00", "2020-10-15T18:25:41.771234981+08:00", detail),
  ]);
}

describe("escaping, as actions/toolkit does it", () => {
  it("escapeData: % CR LF", () => {
    expect(escapeData("100% done\r\nnext")).toBe("100%25 done%0D%0Anext");
    expect(escapeData("%0A")).toBe("%250A");
    expect(escapeData("a:b,c")).toBe("a:b,c");
  });

  it("escapeProperty: also : and ,", () => {
    expect(escapeProperty("BCS a:b,c 50%\n")).toBe("BCS a%3Ab%2Cc 50%25%0A");
  });

  it("escaping and the runner's decoding are inverses", () => {
    for (const s of ["", "plain", "%", "%25", "%0A", "a\r\nb", "::error::x", "k=v,w=x:y"]) {
      expect(decode(escapeData(s))).toBe(s);
      expect(decode(escapeProperty(s))).toBe(s);
    }
  });
});

describe("workflow commands", () => {
  it("error, warning, group", () => {
    expect(errorCommand("BCS bc-1 eip failed", "no quota")).toBe("::error title=BCS bc-1 eip failed::no quota");
    expect(errorCommand("a: b, c", "x\ny")).toBe("::error title=a%3A b%2C c::x%0Ay");
    expect(warningCommand("timed out after 30m00s")).toBe("::warning::timed out after 30m00s");
    expect(warningCommand("timed out", "BCS bc-1")).toBe("::warning title=BCS bc-1::timed out");
    expect(groupStart("bc-1 transitions")).toBe("::group::bc-1 transitions");
    expect(groupEnd()).toBe("::endgroup::");
  });
});

describe("failureAnnotations", () => {
  it("one ::error per failed resource, in order", () => {
    expect(failureAnnotations(f.failed)).toEqual([
      "::error title=BCS bc-9a8b7c cce.cluster failed::create cluster failed: quota exceeded | ECS.0521 retry later",
      "::error title=BCS bc-9a8b7c cce.network failed::Creating cce.network failed; the service gave no detail.",
    ]);
  });

  it("nothing for a blockchain without failures", () => {
    expect(failureAnnotations(f.finished)).toEqual([]);
    expect(failureAnnotations(f.deploying)).toEqual([]);
    expect(failureAnnotations(f.empty)).toEqual([]);
  });

  it("a blank detail gets a sensible message", () => {
    expect(failureAnnotations(failedWith(" \n\t"))).toEqual([
      "::error title=BCS bc-9a8b7c cce.cluster failed::Creating cce.cluster failed; the service gave no detail.",
    ]);
  });

  const injections = [
    "x%0A::error::y",
    "x\n::error::y",
    "x\r::error::y",
    "x\r\n::error title=pwned::y",
    "x%0D%0A::add-mask::secret",
    "x\u001b[2K\n::stop-commands::token",
    "::error::starts like one",
  ];

  for (const detail of injections) {
    it(`server text cannot start another command: ${JSON.stringify(detail)}`, () => {
      const lines = failureAnnotations(failedWith(detail));
      expect(lines).toHaveLength(1);
      const line = lines[0] ?? "";
      expect(line).not.toMatch(/[\r\n]/);
      expect(line).not.toContain("\u001b");
      const commands = runnerCommands(line);
      expect(commands).toHaveLength(1);
      expect(commands[0]?.command).toBe("error");
      expect(commands[0]?.properties).toEqual({ title: "BCS bc-9a8b7c cce.cluster failed" });
      // The runner hands back the text, control characters already gone: nothing else.
      expect(commands[0]?.message).not.toMatch(/[\r\n]/);
    });
  }

  it("percent-encoded text arrives as literal text, not as a newline", () => {
    const [line] = failureAnnotations(failedWith("x%0A::error::y"));
    expect(line).toBe("::error title=BCS bc-9a8b7c cce.cluster failed::x%250A::error::y");
    expect(runnerCommands(line ?? "")[0]?.message).toBe("x%0A::error::y");
  });

  it("a raw newline becomes a space", () => {
    const [line] = failureAnnotations(failedWith("x\n::error::y"));
    expect(line).toBe("::error title=BCS bc-9a8b7c cce.cluster failed::x ::error::y");
  });

  it("the title cannot be cut short by : or , in an id", () => {
    const [line] = failureAnnotations(failedWith("boom", "a::b,c=d"));
    expect(line).toBe("::error title=BCS a%3A%3Ab%2Cc=d cce.cluster failed::boom");
    expect(runnerCommands(line ?? "")[0]?.properties).toEqual({ title: "BCS a::b,c=d cce.cluster failed" });
  });
});
