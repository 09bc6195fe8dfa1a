// A baseline for `npm run bench`: the same GET with only what bcs-status uses
// of undici (its proxy agent, retry interceptor and request(), loaded from
// their own files, WebAssembly on Liftoff as src/http/undici.ts does) and nothing
// else of the tool: no commander, settings, auth, rendering. It shows how much of
// `get` is undici's own floor. bench.mjs runs it as it is (from node_modules) and
// bundled into one CommonJS file, as the tool's build bundles undici.
import v8 from "node:v8";
import request from "undici/lib/api/api-request.js";
import Dispatcher from "undici/lib/dispatcher/dispatcher.js";
import EnvHttpProxyAgent from "undici/lib/dispatcher/env-http-proxy-agent.js";
import retry from "undici/lib/interceptor/retry.js";

v8.setFlagsFromString("--liftoff-only");
Object.assign(Dispatcher.prototype, { request });

const [url, token] = process.argv.slice(2);
const { origin, pathname } = new URL(url);
const dispatcher = new EnvHttpProxyAgent().compose(retry({ maxRetries: 3 }));
dispatcher
  .request({ origin, path: pathname, method: "GET", headers: { "x-auth-token": token, accept: "application/json" } })
  .then((res) => res.body.text())
  .then((text) => process.stdout.write(`${JSON.stringify(JSON.parse(text))}\n`))
  .catch((e) => {
    console.error(e.message);
    process.exitCode = 5;
  })
  .finally(() => dispatcher.close());
