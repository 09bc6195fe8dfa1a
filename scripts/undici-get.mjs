// A second baseline for `npm run bench`: the same GET with only what bcs-status
// uses of undici (its proxy agent, retry interceptor and request(), loaded from
// their own files, WebAssembly on Liftoff as src/api/undici.ts does) and nothing
// else of the tool: no commander, settings, auth, rendering. It shows how much of
// `get` is undici's own floor.
import { createRequire } from "node:module";
import v8 from "node:v8";

const require = createRequire(import.meta.url);
v8.setFlagsFromString("--liftoff-only");
const EnvHttpProxyAgent = require("undici/lib/dispatcher/env-http-proxy-agent.js");
const retry = require("undici/lib/interceptor/retry.js");
const Dispatcher = require("undici/lib/dispatcher/dispatcher.js");
Object.assign(Dispatcher.prototype, { request: require("undici/lib/api/api-request.js") });

const [url, token] = process.argv.slice(2);
const { origin, pathname } = new URL(url);
const dispatcher = new EnvHttpProxyAgent().compose(retry({ maxRetries: 3 }));
try {
  const res = await dispatcher.request({
    origin,
    path: pathname,
    method: "GET",
    headers: { "x-auth-token": token, accept: "application/json" },
  });
  process.stdout.write(`${JSON.stringify(JSON.parse(await res.body.text()))}\n`);
} catch (e) {
  console.error(e.message);
  process.exitCode = 5;
} finally {
  await dispatcher.close();
}
