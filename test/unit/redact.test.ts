import { describe, expect, it } from "vitest";
import { redact } from "../../src/util/redact.js";

describe("redact", () => {
  it("masks every occurrence of a secret", () => {
    expect(redact("a tok-SECRET-0123 b tok-SECRET-0123", ["tok-SECRET-0123"])).toBe("a **** b ****");
  });

  it("leaves short secrets alone: masking an ordinary word would reveal it", () => {
    const serverText = "The username or password is wrong.";
    expect(redact(serverText, ["wrong"])).toBe(serverText);
    expect(redact("HTTP 401", ["401"])).toBe("HTTP 401");
  });
});
