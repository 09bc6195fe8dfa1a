import { describe, expect, it } from "vitest";
import { unreachable } from "../../src/http/unreachable.js";

const withCode = (code: string, message = "boom") => Object.assign(new Error(message), { code });
const FLAGS = ["--endpoint", "--iam-endpoint"] as const;

describe("unreachable", () => {
  it("names the code, and for an unknown host the flag that sets it", () => {
    const bcs = unreachable(withCode("ENOTFOUND"), "https://bcs.x.example", "--endpoint");
    expect(bcs).toMatchObject({
      kind: "network",
      message: "cannot reach https://bcs.x.example: ENOTFOUND",
      hint: "check --region / --endpoint",
    });
    expect(unreachable(withCode("ENOTFOUND"), "https://iam.x.example", "--iam-endpoint").hint).toBe("check --region / --iam-endpoint");
  });

  it.each([
    ["DEPTH_ZERO_SELF_SIGNED_CERT", "not trusted; for a private CA set NODE_EXTRA_CA_CERTS"],
    ["SELF_SIGNED_CERT_IN_CHAIN", "not trusted; for a private CA set NODE_EXTRA_CA_CERTS"],
    ["UNABLE_TO_VERIFY_LEAF_SIGNATURE", "not trusted; for a private CA set NODE_EXTRA_CA_CERTS"],
    ["UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "not trusted; for a private CA set NODE_EXTRA_CA_CERTS"],
    ["ERR_TLS_CERT_ALTNAME_INVALID", "for another host name; check FLAG"],
    ["CERT_HAS_EXPIRED", "expired or not yet valid; check this machine's clock"],
    ["ERR_SSL_WRONG_VERSION_NUMBER", "TLS handshake failed; does FLAG name an https port?"],
    ["CERT_REVOKED", "certificate was refused"],
  ])("%s: a hint for that TLS failure, for the status API and IAM alike", (code, hint) => {
    for (const flag of FLAGS) {
      expect(unreachable(withCode(code), "https://h", flag).hint).toContain(hint.replace("FLAG", flag));
    }
  });

  it("no hint for a reset connection, nor a refused one elsewhere than on loopback (see hints.test.ts)", () => {
    expect(unreachable(withCode("ECONNREFUSED"), "https://bcs.x.example:8443", "--endpoint").hint).toBeNull();
    expect(unreachable(withCode("ECONNRESET"), "http://127.0.0.1:1", "--endpoint").hint).toBeNull();
  });

  it("without a code, shows the message sanitised (clean first: the boundary then masks the secret it reveals)", () => {
    const err = new Error("socket said \u001b[31mhunter2-pass\u001b[0m\u0007 twice");
    const e = unreachable(err, "https://iam.x.example", "--iam-endpoint");
    expect(e.message).toContain("socket said hunter2-pass twice");
    expect(e.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(e.message).toMatch(/^cannot reach https:\/\/iam\.x\.example: socket said /);
    expect(e.hint).toBeNull();
  });

  it("a plain TypeError says nothing by its name: its message is shown", () => {
    const err = new TypeError("fetch failed: proxy refused");
    expect(unreachable(err, "http://127.0.0.1:1", "--endpoint").message).toBe(
      "cannot reach http://127.0.0.1:1: fetch failed: proxy refused",
    );
  });

  it("uses a named error's name when it has no code", () => {
    const err = new Error("x");
    err.name = "SocketError";
    expect(unreachable(err, "http://127.0.0.1:1", "--endpoint").message).toBe("cannot reach http://127.0.0.1:1: SocketError");
  });
});
