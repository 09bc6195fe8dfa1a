/** Types for the undici modules loaded one by one (src/http/undici.ts); undici publishes types only for its index. */
declare module "undici/lib/dispatcher/env-http-proxy-agent.js" {
  const EnvHttpProxyAgent: typeof import("undici").EnvHttpProxyAgent;
  export default EnvHttpProxyAgent;
}
declare module "undici/lib/interceptor/retry.js" {
  const retry: typeof import("undici").interceptors.retry;
  export default retry;
}
declare module "undici/lib/dispatcher/dispatcher.js" {
  const Dispatcher: typeof import("undici").Dispatcher;
  export default Dispatcher;
}
declare module "undici/lib/api/api-request.js" {
  const request: (this: import("undici").Dispatcher, ...args: unknown[]) => unknown;
  export default request;
}
declare module "undici/lib/api/api-connect.js" {
  const connect: (this: import("undici").Dispatcher, ...args: unknown[]) => unknown;
  export default connect;
}
