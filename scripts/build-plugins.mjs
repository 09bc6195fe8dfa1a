// esbuild plugins shared by the build (scripts/build.mjs) and the benchmark's bundled undici floor.
import path from "node:path";
import { transform } from "esbuild";

/**
 * `node:http2` resolves to a module that throws when it is loaded. undici's
 * client-h2.js already falls back when `require('node:http2')` fails, and
 * bcs-status never asks for HTTP/2 (allowH2 stays off), so loading http2 (and
 * with it tls and crypto, even for an http endpoint) is start-up time spent for
 * nothing. test/e2e/startup.e2e.test.ts proves a get works without it, and the
 * adversarial suite's CONNECT-proxy case that the proxy path does.
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
 * Modules that a dependency requires when it loads but uses only on a path
 * this tool rarely or never takes. Each becomes a stand-in that requires the
 * real module the first time it is called, constructed or read, so nothing
 * changes but when the cost is paid (measured: docs/PERFORMANCE.md):
 * - commander's `node:child_process`, for executable subcommands this tool does not have;
 * - undici's `node:assert`, called with a falsy value only when an invariant breaks;
 * - undici's HTTP/2 client (never: allowH2 stays off) and SOCKS5 proxy agent (a socks5:// proxy only).
 */
const LAZY = [
  { from: /[\\/]commander[\\/]/, request: /^(node:)?child_process$/ },
  // assert(value): only a falsy value needs the real one, which then throws its AssertionError.
  {
    from: /[\\/]undici[\\/]lib[\\/]/,
    request: /^(node:)?assert$/,
    apply: "argv.length > 0 && argv[0] ? undefined : Reflect.apply(load(), self, argv)",
  },
  { from: /[\\/]undici[\\/]lib[\\/]dispatcher[\\/]client\.js$/, request: /^\.\/client-h2\.js$/ },
  { from: /[\\/]undici[\\/]lib[\\/]dispatcher[\\/]proxy-agent\.js$/, request: /^\.\/socks5-proxy-agent$/ },
];

/**
 * The stand-in plugin, and `unmatched()`, which names the rules no import of the build matched: a
 * dependency that moved or renamed the module a rule is written for would otherwise
 * silently lose its stand-in, so the build (scripts/build.mjs) fails on any.
 */
export function lazyModulesPlugin() {
  const matched = new Set();
  const unmatched = () => LAZY.filter((l) => !matched.has(l)).map((l) => `${l.request} required from ${l.from}`);
  const plugin = {
    name: "lazy-modules",
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        const lazy = args.namespace === "bcs-lazy" ? undefined : LAZY.find((l) => l.from.test(args.importer) && l.request.test(args.path));
        if (!lazy) return null;
        matched.add(lazy);
        if (!args.path.startsWith("."))
          return { path: `node:${args.path.replace(/^node:/, "")}`, namespace: "bcs-lazy", pluginData: { lazy } };
        const real = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, namespace: "bcs-lazy" });
        // Named relative to the working folder: the build's output names no folder of the machine that built it.
        return { path: path.relative(process.cwd(), real.path), namespace: "bcs-lazy", pluginData: { lazy, real: real.path } };
      });
      build.onLoad({ filter: /.*/, namespace: "bcs-lazy" }, ({ path: name, pluginData: { lazy, real } }) => ({
        contents: `let real;
const load = () => (real ??= require(${JSON.stringify(real ? `./${path.basename(real)}` : name)}));
module.exports = new Proxy(function () {}, {
  apply: (_, self, argv) => ${lazy.apply ?? "Reflect.apply(load(), self, argv)"},
  construct: (_, argv) => Reflect.construct(load(), argv),
  get: (_, key) => load()[key],
  has: (_, key) => key in load(),
});`,
        loader: "js",
        resolveDir: real ? path.dirname(real) : process.cwd(),
      }));
    },
  };
  return { plugin, unmatched };
}

/** For builds that bundle only part of what the rules are written for (the benchmark's undici floor, tests). */
export const lazyModules = lazyModulesPlugin().plugin;

/**
 * esbuild's transform, failing on any warning: a warning there means the output
 * differs from what the source says (`import.meta.url` in CommonJS becomes undefined).
 */
export async function transformOrFail(code, options) {
  const result = await transform(code, { ...options, logLevel: "silent" });
  if (result.warnings.length > 0) {
    // The chunks are minified to a line or two: show the 80 characters around the spot.
    const near = (l) => l.lineText.slice(Math.max(0, l.column - 40), l.column + 40);
    const text = result.warnings.map((w) => `${w.text}${w.location ? ` (near: ${near(w.location)})` : ""}`);
    throw new Error(`esbuild transform warned:\n  ${text.join("\n  ")}`);
  }
  return result;
}
