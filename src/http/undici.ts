import v8 from "node:v8";
import type { Dispatcher, EnvHttpProxyAgent, interceptors } from "undici";
import connect from "undici/lib/api/api-connect.js";
import request from "undici/lib/api/api-request.js";
import DispatcherClass from "undici/lib/dispatcher/dispatcher.js";
import Agent from "undici/lib/dispatcher/env-http-proxy-agent.js";
import retry from "undici/lib/interceptor/retry.js";

export interface UndiciParts {
  EnvHttpProxyAgent: typeof EnvHttpProxyAgent;
  interceptors: { retry: typeof interceptors.retry };
}

let loaded: Promise<UndiciParts> | null = null;

/**
 * The parts of undici the tool uses, loaded on first use. Two start-up costs
 * are avoided here, both measured (docs/PERFORMANCE.md):
 * - undici's index.js loads all of undici (fetch, WebSocket, caches…): about
 *   190 ms on the reference machine, against about 60 ms for the agent, the
 *   retry interceptor and request() loaded from their own files;
 * - V8 tiers undici's WebAssembly HTTP parser up with TurboFan on background
 *   threads, and the process then waits ~200 ms at exit for that work.
 *   Liftoff's baseline code parses a few KiB of JSON status just as well, so
 *   TurboFan is switched off for WebAssembly before the parser is compiled.
 */
export function loadUndici(): Promise<UndiciParts> {
  loaded ??= (async () => {
    v8.setFlagsFromString("--liftoff-only");
    // What undici's index.js does for all its APIs, for the two used here: request() by the
    // client, and connect() by the ProxyAgent behind HTTPS_PROXY (its CONNECT tunnel).
    Object.assign(DispatcherClass.prototype, { request, connect });
    return { EnvHttpProxyAgent: Agent, interceptors: { retry } };
  })();
  return loaded;
}

export type { Dispatcher };
