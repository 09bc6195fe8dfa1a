import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import { renderTransition } from "../../src/render/progress.js";
import { formatState } from "../../src/render/states.js";
import { renderStatusTable } from "../../src/render/table.js";
import * as f from "./render-fixtures.js";

const plain = new Chalk({ level: 0 });
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const EVIL = "\u001b]0;TITLE\u0007\u001b[2Jdeploying\u001b[31m";

describe("a status string is server text too", () => {
  it("formatState shows an unknown status as it is, minus escape sequences and controls", () => {
    expect(formatState(EVIL, plain)).toBe("? deploying");
    expect(formatState("finished\u001b[2J", plain)).toBe("? finished");
    expect(formatState("Provisioning", plain)).toBe("? Provisioning");
    expect(formatState("\u001b[0m", plain)).toBe("? unknown");
  });

  it("the table and a transition line carry no control character from it", () => {
    const s = f.chain("bc-esc", "unknown", [f.res("bcs", EVIL, "2020-10-15T18:25:10.000000000+08:00")]);
    const table = renderStatusTable(s, { chalk: plain, ascii: false, now: f.NOW, timeZone: "UTC", width: undefined });
    expect(table).not.toMatch(CONTROL);
    expect(table).toContain("? deploying");
    const line = renderTransition(
      { blockchain_id: "bc-esc", resource: "bcs", from: "\u001b[2Jwaiting", to: EVIL, at: f.NOW, duration_ms: null, detail: "" },
      { chalk: plain, ascii: false, now: f.NOW, timeZone: "UTC" },
    );
    expect(line).not.toMatch(CONTROL);
    expect(line).toContain("waiting → ? deploying");
  });
});
