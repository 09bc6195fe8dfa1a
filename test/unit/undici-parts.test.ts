import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { loadUndici } from "../../src/http/undici.js";

/**
 * src/http/undici.ts loads undici's parts from their own files in undici's lib/
 * (a start-up cost, see there), and sets on Dispatcher.prototype what undici's
 * index.js would: request() and connect(). Those are undici's internals, not its
 * API: any release may move them. These tests say so plainly on an upgrade,
 * before a proxied request fails in the field (it did once: the ProxyAgent's
 * CONNECT tunnel needed connect(), which the lazily loaded parts lacked).
 */

const require = createRequire(import.meta.url);
const PKG = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
  devDependencies: Record<string, string>;
};
const INSTALLED = (require("undici/package.json") as { version: string }).version;

/** The files src/http/undici.ts imports, as it names them. */
const PARTS = [
  "undici/lib/dispatcher/env-http-proxy-agent.js",
  "undici/lib/interceptor/retry.js",
  "undici/lib/dispatcher/dispatcher.js",
  "undici/lib/api/api-request.js",
  "undici/lib/api/api-connect.js",
];

/** The start of every failure message: what changed, and where to mend it. */
const UPGRADE = `undici ${INSTALLED} does not match what src/http/undici.ts loads from undici's lib/ (check its imports against undici's index.js)`;
/** What undici's index.js sets on Dispatcher.prototype, and the part of it src/http/undici.ts sets. */
const API_METHODS = ["connect", "pipeline", "request", "stream", "upgrade"];
const SET_BY_THE_TOOL = ["connect", "request"];

describe("undici is pinned exactly", () => {
  it("package.json names one undici release, with no range", () => {
    const wanted = PKG.devDependencies.undici;
    expect(
      wanted,
      `package.json: "undici": "${wanted}" is a range; pin the exact release (src/http/undici.ts loads its internals)`,
    ).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("the installed undici is the release package.json names", () => {
    expect(INSTALLED, `node_modules has undici ${INSTALLED}, package.json names ${PKG.devDependencies.undici}: run npm install`).toBe(
      PKG.devDependencies.undici,
    );
  });
});

describe(`the parts of undici ${INSTALLED} that src/http/undici.ts loads`, () => {
  it("every file it imports from undici's lib/ exists", () => {
    const missing = PARTS.filter((p) => {
      try {
        require.resolve(p);
        return false;
      } catch {
        return true;
      }
    });
    expect(missing, `${UPGRADE}; missing: ${missing.join(", ")}`).toEqual([]);
  });

  it("each file exports what the tool uses: constructors and functions", async () => {
    const [agent, retry, dispatcher, request, connect] = await Promise.all(PARTS.map((p) => import(p)));
    expect(typeof agent.default, `${UPGRADE}; env-http-proxy-agent.js no longer exports the EnvHttpProxyAgent class`).toBe("function");
    expect(typeof retry.default, `${UPGRADE}; interceptor/retry.js no longer exports the retry interceptor`).toBe("function");
    expect(typeof dispatcher.default, `${UPGRADE}; dispatcher/dispatcher.js no longer exports the Dispatcher class`).toBe("function");
    expect(typeof request.default, `${UPGRADE}; api/api-request.js no longer exports request()`).toBe("function");
    expect(typeof connect.default, `${UPGRADE}; api/api-connect.js no longer exports connect()`).toBe("function");
  });

  it("undici's index.js sets on Dispatcher.prototype only the API methods it had (request and connect are the ones the tool sets)", () => {
    // If index.js starts adding other methods to the Dispatcher, the lazily loaded parts lack them:
    // the ProxyAgent's CONNECT tunnel needed connect() and failed without it, once.
    const index = readFileSync(require.resolve("undici"), "utf8");
    expect(index, `${UPGRADE}; index.js no longer does Object.assign(Dispatcher.prototype, api)`).toContain(
      "Object.assign(Dispatcher.prototype, api)",
    );
    const api = require("undici/lib/api/index.js") as Record<string, unknown>;
    expect(Object.keys(api).sort(), `${UPGRADE}; lib/api/index.js exports other methods`).toEqual(API_METHODS);
  });

  it("after loadUndici(), the Dispatcher has request() and connect(), and the agent and the proxy's client inherit them", async () => {
    const parts = await loadUndici();
    const { default: Dispatcher } = await import("undici/lib/dispatcher/dispatcher.js");
    expect(typeof Dispatcher.prototype.request, `${UPGRADE}; Dispatcher.prototype.request is missing`).toBe("function");
    expect(typeof Dispatcher.prototype.connect, `${UPGRADE}; Dispatcher.prototype.connect is missing`).toBe("function");

    const agent = new parts.EnvHttpProxyAgent({ httpsProxy: "http://127.0.0.1:9", noProxy: "" });
    try {
      expect(agent, `${UPGRADE}; EnvHttpProxyAgent no longer extends the Dispatcher in dispatcher/dispatcher.js`).toBeInstanceOf(
        Dispatcher,
      );
      for (const m of ["dispatch", "close", "destroy", "compose", "request"] as const) {
        expect(typeof agent[m], `${UPGRADE}; EnvHttpProxyAgent has no ${m}()`).toBe("function");
      }
    } finally {
      await agent.close();
    }

    // The ProxyAgent behind HTTPS_PROXY opens its CONNECT tunnel with its Client's connect().
    const Client = require("undici/lib/dispatcher/client.js") as new (origin: string) => { connect?: unknown; close(): Promise<void> };
    const client = new Client("http://127.0.0.1:9");
    try {
      expect(client, `${UPGRADE}; Client no longer extends the Dispatcher in dispatcher/dispatcher.js`).toBeInstanceOf(Dispatcher);
      expect(typeof client.connect, `${UPGRADE}; the proxy's Client has no connect() for the CONNECT tunnel`).toBe("function");
    } finally {
      await client.close();
    }
    const proxySource = readFileSync(require.resolve("undici/lib/dispatcher/proxy-agent.js"), "utf8");
    const called = [...proxySource.matchAll(/\[kClient\]\.(\w+)\(/g)].map((m) => m[1] ?? "");
    const unset = [...new Set(called)].filter((m) => API_METHODS.includes(m) && !SET_BY_THE_TOOL.includes(m));
    expect(called, `${UPGRADE}; ProxyAgent no longer opens its tunnel with its client's connect()`).toContain("connect");
    expect(unset, `${UPGRADE}; ProxyAgent calls API methods that src/http/undici.ts does not set on Dispatcher.prototype`).toEqual([]);
  });

  it("the retry interceptor, given options, is an interceptor: a function of dispatch", async () => {
    const { interceptors } = await loadUndici();
    const retry = interceptors.retry({ throwOnError: false });
    expect(typeof retry, `${UPGRADE}; interceptors.retry(options) is no longer a function`).toBe("function");
    expect(typeof retry(() => true), `${UPGRADE}; the retry interceptor no longer returns a dispatch function`).toBe("function");
  });
});
