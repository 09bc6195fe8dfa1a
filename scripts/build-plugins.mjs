// esbuild plugins shared by the build (scripts/build.mjs) and the benchmark's bundled undici floor.

/**
 * `node:http2` resolves to a module that throws when it is loaded. undici's
 * client-h2.js already falls back when `require('node:http2')` fails, and
 * bcs-status never asks for HTTP/2 (allowH2 stays off), so loading http2 (and
 * with it tls and crypto, even for an http endpoint) is start-up time spent for
 * nothing. test/unit/build-aliases.test.ts proves requests, and the proxy, work without it.
 */
export const http2Stub = {
  name: "no-http2",
  setup(build) {
    build.onResolve({ filter: /^(node:)?http2$/ }, () => ({ path: "node:http2", namespace: "bcs-stub" }));
    build.onLoad({ filter: /^node:http2$/, namespace: "bcs-stub" }, () => ({
      contents: 'throw Object.assign(new Error("bcs-status does not use HTTP/2"), { code: "ERR_BCS_NO_HTTP2" });',
      loader: "js",
    }));
  },
};

/**
 * commander requires `node:child_process` at load time, for executable
 * subcommands this tool does not have; loading it (and dgram, net's helpers)
 * costs a few ms of every start. Inside commander it becomes a proxy that
 * loads the real module on first use, which never comes.
 */
export const lazyChildProcess = {
  name: "lazy-child-process",
  setup(build) {
    build.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer) ? { path: "node:child_process", namespace: "bcs-lazy" } : null,
    );
    build.onLoad({ filter: /^node:child_process$/, namespace: "bcs-lazy" }, () => ({
      contents:
        'let real; const load = () => (real ??= require("node:child_process")); module.exports = new Proxy({}, { get: (_, key) => load()[key] });',
      loader: "js",
    }));
  },
};
