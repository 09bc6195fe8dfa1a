/**
 * The built binary against servers that misbehave on purpose (docs/RELIABILITY.md).
 * Each case checks the exit code, a one-line stderr message with no stack trace,
 * the elapsed time and, where it matters, the peak memory (GNU time's %M when
 * /usr/bin/time exists, else VmHWM sampled from /proc; skipped when neither).
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import {
  type AddressInfo,
  createConnection as createNetConnection,
  createServer as createNetServer,
  type Server as NetServer,
  type Socket,
} from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseEnv, CLI, cli, collect, SECRETS } from "../helpers/cli.js";
import { needsTool } from "../helpers/tools.js";

const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : null;
const PROC = existsSync("/proc/self/status");
/** openssl makes the self-signed certificates: locally its absence skips those cases (with a warning), under CI=true it fails them. */
const OPENSSL = needsTool("openssl", "openssl", ["version"]);
/** Peak RSS a single `get` may reach, whatever the server sends. */
const MEMORY_LIMIT_KB = 120 * 1024;

const dir = mkdtempSync(join(tmpdir(), "bcs-adversarial-"));
let runs = 0;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** Peak RSS in KiB, or null when it could not be measured. */
  peakKb: number | null;
}

/**
 * Runs the built binary in its own process group, killed (the whole group)
 * after `timeoutMs`; the output is checked for test secrets by collect().
 */
async function run(args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number; sigintAfterMs?: number } = {}): Promise<Run> {
  const timeFile = TIME ? join(dir, `time-${runs++}`) : null;
  const [cmd, argv] = timeFile ? [TIME as string, ["-f", "%M", "-o", timeFile, ...CLI, ...args]] : cli(args);
  const started = performance.now();
  const child = spawn(cmd, argv, { env: baseEnv(opts.env), stdio: ["pipe", "pipe", "pipe"], detached: true });
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const killer = setTimeout(() => {
    try {
      process.kill(-(child.pid as number), "SIGKILL");
    } catch {}
  }, timeoutMs);
  // Ctrl-C goes to the whole group, as a terminal sends it (GNU time ignores it and waits).
  const interrupt =
    opts.sigintAfterMs === undefined
      ? null
      : setTimeout(() => {
          try {
            process.kill(-(child.pid as number), "SIGINT");
          } catch {}
        }, opts.sigintAfterMs);
  // Without GNU time: the high-water mark from /proc, sampled until the process ends.
  let hwmKb = null as number | null;
  const sampler =
    !timeFile && PROC
      ? setInterval(() => {
          try {
            const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
            if (m) hwmKb = Math.max(hwmKb ?? 0, Number(m[1]));
          } catch {}
        }, 10)
      : null;
  const r = await collect(child, started, { timeoutMs: timeoutMs + 2000 });
  clearTimeout(killer);
  if (interrupt) clearTimeout(interrupt);
  if (sampler) clearInterval(sampler);
  let peakKb = hwmKb;
  if (timeFile && existsSync(timeFile)) {
    // GNU time adds "Command exited with non-zero status N" before the figure.
    const last = readFileSync(timeFile, "utf8").trim().split("\n").at(-1) ?? "";
    peakKb = /^\d+$/.test(last) ? Number(last) : null;
  }
  return { code: r.code, stdout: r.stdout, stderr: r.stderr, ms: r.ms, peakKb };
}

/** Measured figures, printed at the end for docs/RELIABILITY.md. */
const figures: string[] = [];
function note(name: string, r: Run) {
  figures.push(
    `${name}: exit ${r.code}, ${Math.round(r.ms)} ms, peak RSS ${r.peakKb === null ? "n/a" : `${(r.peakKb / 1024).toFixed(1)} MB`}`,
  );
}

/** A failure the tool expected: one line on stderr, no stack trace, no internal error. */
function expectOneLine(r: Run, message: RegExp) {
  const lines = r.stderr.trim().split("\n");
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^bcs-status: /);
  expect(lines[0]).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at |internal error|RangeError|TypeError/);
}

function expectBoundedMemory(r: Run) {
  if (r.peakKb === null) return; // neither GNU time nor /proc here: not measurable
  expect(r.peakKb).toBeLessThan(MEMORY_LIMIT_KB);
}

const urlOf = (s: Server | NetServer, scheme = "http") => `${scheme}://127.0.0.1:${(s.address() as AddressInfo).port}`;
const listen = async <S extends Server | NetServer>(s: S): Promise<S> => {
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  return s;
};
async function close(s: Server | NetServer | undefined, sockets?: Set<Socket>) {
  if (!s) return;
  for (const sock of sockets ?? []) sock.destroy();
  if ("closeAllConnections" in s) s.closeAllConnections();
  await new Promise((resolve) => s.close(resolve));
}

const JSON_TYPE = { "content-type": "application/json;charset=UTF-8" };
const FINISHED = JSON.stringify({ bcs: { start_time: "", end_time: "", status: "finished", detail: "" } });

// ---- the servers -------------------------------------------------------------

/** Timers and sockets the servers hold, so afterAll can stop everything. */
const timers = new Set<NodeJS.Timeout>();
const rawSockets = new Set<Socket>();
function every(ms: number, fn: () => void): NodeJS.Timeout {
  const t = setInterval(fn, ms);
  timers.add(t);
  return t;
}
function stop(t: NodeJS.Timeout) {
  clearInterval(t);
  timers.delete(t);
}

/** Where a redirect points: counts every request that reaches it, and any token. */
let elsewhere: Server;
let elsewhereHits = 0;
let elsewhereTokens = 0;

/** Requests per id to the main server, for "first a 503, then an answer". */
const hits = new Map<string, number>();

function handler(req: IncomingMessage, res: ServerResponse) {
  const id = req.url?.split("/")[4] ?? "";
  const n = (hits.get(id) ?? 0) + 1;
  hits.set(id, n);
  res.on("error", () => {});
  const path = req.url ?? "/";
  if (id.startsWith("deploying-")) {
    return void res
      .writeHead(200, JSON_TYPE)
      .end(JSON.stringify({ bcs: { start_time: "", end_time: "", status: "deploying", detail: "" } }));
  }
  switch (id) {
    case "body-trickle": {
      // Headers at once, then a 100-byte body at one byte every 200 ms.
      res.writeHead(200, { ...JSON_TYPE, "content-length": "100" });
      const t = every(200, () => (res.destroyed ? stop(t) : res.write(" ")));
      res.on("close", () => stop(t));
      return;
    }
    case "huge-chunked":
    case "huge-declared": {
      // 50 MB as fast as the client takes it: chunked, or with its Content-Length declared.
      const total = 50 * 1024 * 1024;
      res.writeHead(200, id === "huge-declared" ? { ...JSON_TYPE, "content-length": String(total) } : JSON_TYPE);
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      chunk[0] = 0x5b; // "["
      let sent = 0;
      const pump = () => {
        while (sent < total && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        if (!res.destroyed) res.end();
      };
      pump();
      return;
    }
    case "chunked-forever": {
      // A chunked body that starts like a status document and never ends.
      res.writeHead(200, { ...JSON_TYPE, "transfer-encoding": "chunked" });
      res.write('{"bcs": ');
      const t = every(100, () => (res.destroyed ? stop(t) : res.write(" ")));
      res.on("close", () => stop(t));
      return;
    }
    case "bad-utf8":
      res.writeHead(200, JSON_TYPE);
      res.end(
        Buffer.concat([Buffer.from('{"bcs":{"status":"finished","detail":"'), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from('"}}')]),
      );
      return;
    case "array":
      return void res.writeHead(200, JSON_TYPE).end(`[${FINISHED}]`);
    case "string":
      return void res.writeHead(200, JSON_TYPE).end(JSON.stringify(FINISHED));
    case "null":
      return void res.writeHead(200, JSON_TYPE).end("null");
    case "number":
      return void res.writeHead(200, JSON_TYPE).end("42");
    case "dup-keys":
      // Last wins, as JSON.parse: bcs is the second object, whose status is its last one.
      return void res
        .writeHead(200, JSON_TYPE)
        .end('{"bcs":{"status":"deploying"},"eip":{"status":"finished"},"bcs":{"status":"finished","status":"failed","detail":"second"}}');
    case "deep-object":
      return void res.writeHead(200, JSON_TYPE).end(`${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}`);
    case "deep-array":
      return void res.writeHead(200, JSON_TYPE).end(`${"[".repeat(10_000)}${"]".repeat(10_000)}`);
    case "deep-in-resource":
      // 100,000 levels inside a resource's detail (about 200 KB, under the 1 MiB cap).
      return void res.writeHead(200, JSON_TYPE).end(`{"bcs":{"status":"deploying","detail":${"[".repeat(100_000)}${"]".repeat(100_000)}}}`);
    case "deep-error":
      return void res.writeHead(500, JSON_TYPE).end(`{"error_msg":${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}}`);
    case "html":
      return void res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(FINISHED);
    case "redirect-301":
    case "redirect-302":
    case "redirect-307":
    case "redirect-308":
      return void res.writeHead(Number(id.slice(-3)), { location: `${urlOf(elsewhere)}${path}` }).end();
    case "retry-date": {
      // First a 503 whose Retry-After is an HTTP date 3 s ahead, then the answer.
      if (n === 1) {
        const at = new Date(Date.now() + 3000).toUTCString();
        return void res.writeHead(503, { ...JSON_TYPE, "retry-after": at }).end('{"error_code":"BCS.5030503","error_msg":"busy"}');
      }
      return void res.writeHead(200, JSON_TYPE).end(FINISHED);
    }
    case "retry-absurd":
    case "retry-absurd-watch":
      return void res.writeHead(503, { ...JSON_TYPE, "retry-after": "999999" }).end('{"error_code":"BCS.5030503","error_msg":"busy"}');
    case "retry-far-date":
      return void res
        .writeHead(429, { ...JSON_TYPE, "retry-after": "Fri, 31 Dec 2099 23:59:59 GMT" })
        .end('{"error_code":"APIGW.0308","error_msg":"throttled"}');
    default:
      return void res.writeHead(200, JSON_TYPE).end(FINISHED);
  }
}

let api: Server;
/** Writes a status line and headers one byte a second. */
let trickleHeaders: NetServer;
/** Accepts connections and never writes a byte. */
let silent: NetServer;
/** A port nothing listens on. */
let refusedUrl = "";

beforeAll(async () => {
  elsewhere = await listen(
    createHttpServer((req, res) => {
      elsewhereHits++;
      if (req.headers["x-auth-token"]) elsewhereTokens++;
      res.writeHead(200, JSON_TYPE).end(FINISHED);
    }),
  );
  api = await listen(createHttpServer(handler));
  trickleHeaders = await listen(
    createNetServer((sock) => {
      rawSockets.add(sock);
      sock.on("error", () => {});
      sock.on("close", () => rawSockets.delete(sock));
      const text = `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${FINISHED.length}\r\n\r\n${FINISHED}`;
      let i = 0;
      const t = every(1000, () => (sock.destroyed || i >= text.length ? stop(t) : sock.write(text.charAt(i++))));
    }),
  );
  silent = await listen(
    createNetServer((sock) => {
      rawSockets.add(sock);
      sock.on("error", () => {});
      sock.on("close", () => rawSockets.delete(sock));
    }),
  );
  const closed = await listen(createNetServer());
  refusedUrl = urlOf(closed);
  await close(closed);
});

afterAll(async () => {
  for (const t of timers) clearInterval(t);
  await Promise.all([close(api), close(elsewhere), close(trickleHeaders, rawSockets), close(silent, rawSockets)]);
  rmSync(dir, { recursive: true, force: true });
  console.log(`adversarial figures (memory by ${TIME ? "GNU time %M" : PROC ? "/proc VmHWM" : "nothing"}):\n  ${figures.join("\n  ")}`);
});

const envFor = (endpoint: string, extra: NodeJS.ProcessEnv = {}) => ({
  BCS_ENDPOINT: endpoint,
  BCS_PROJECT_ID: "proj-adv",
  BCS_TOKEN: SECRETS.token,
  ...extra,
});
const get = (id: string, extra: string[] = [], endpoint = urlOf(api), env: NodeJS.ProcessEnv = {}) =>
  run(["get", id, ...extra], { env: envFor(endpoint, env) });

// ---- the cases -----------------------------------------------------------------

describe("slow and endless responses are cut off by --request-timeout", () => {
  it("headers that trickle in one byte a second: exit 5 in under 3 s", async () => {
    const r = await get("bc-1", ["--request-timeout", "1s"], urlOf(trickleHeaders));
    note("headers trickle (1 B/s), --request-timeout 1s", r);
    expect(r.code).toBe(5);
    expectOneLine(r, /timed out after 1000 ms \(raise --request-timeout/);
    expect(r.ms).toBeLessThan(3000);
  });

  it("a body that trickles past the timeout: exit 5 in under 3 s", async () => {
    const r = await get("body-trickle", ["--request-timeout", "1s"]);
    note("body trickle (5 B/s), --request-timeout 1s", r);
    expect(r.code).toBe(5);
    expectOneLine(r, /timed out after 1000 ms/);
    expect(r.ms).toBeLessThan(3000);
  });

  it("a chunked body that never ends: exit 5 in under 3 s, memory bounded", async () => {
    const r = await get("chunked-forever", ["--request-timeout", "1s"]);
    note("chunked body that never ends, --request-timeout 1s", r);
    expect(r.code).toBe(5);
    expectOneLine(r, /timed out after 1000 ms/);
    expect(r.ms).toBeLessThan(3000);
    expectBoundedMemory(r);
  });

  it("a server that accepts and never answers: get exits 5 in under 3 s", async () => {
    const r = await get("bc-1", ["--request-timeout", "1s"], urlOf(silent));
    note("accepts, never answers (get), --request-timeout 1s", r);
    expect(r.code).toBe(5);
    expectOneLine(r, /timed out after 1000 ms/);
    expect(r.ms).toBeLessThan(3000);
  });

  it("... and watch --timeout 2s ends with 124 at its deadline, not after the 30 s request timeout", async () => {
    const r = await run(["watch", "bc-1", "-q", "--timeout", "2s"], { env: envFor(urlOf(silent)) });
    note("accepts, never answers (watch -q --timeout 2s)", r);
    expect(r.code).toBe(124);
    expectOneLine(r, /bc-1: timed out after 2s; still pending \(no answer yet\)/);
    expect(r.ms).toBeLessThan(4000);
  });
});

describe("oversized bodies are capped at 1 MiB and memory stays bounded", () => {
  it.each([
    ["huge-chunked", /response body exceeds the 1 MiB limit/],
    ["huge-declared", /response body of 52428800 bytes exceeds the 1 MiB limit/],
  ])("%s: 50 MB → exit 5 under 3 s and under 120 MB RSS", async (id, message) => {
    const r = await get(id);
    note(`50 MB body (${id === "huge-chunked" ? "chunked" : "Content-Length"})`, r);
    expect(r.code).toBe(5);
    expectOneLine(r, message);
    expect(r.ms).toBeLessThan(3000);
    expectBoundedMemory(r);
  });
});

describe("bodies that are not the documented JSON object", () => {
  it("invalid UTF-8: exit 5", async () => {
    const r = await get("bad-utf8");
    note("invalid UTF-8", r);
    expect(r.code).toBe(5);
    expectOneLine(r, /response is not valid UTF-8 \(HTTP 200\)/);
  });

  it.each(["array", "string", "null", "number"])("a JSON %s instead of an object: exit 5", async (id) => {
    const r = await get(id, ["--json"]);
    note(`JSON ${id} instead of an object`, r);
    expect(r.code).toBe(5);
    expectOneLine(r, /response is JSON but not an object \(HTTP 200\)/);
    // --json still gives the id's error document on stdout.
    expect(JSON.parse(r.stdout)).toMatchObject({ blockchain_id: id, error: { http_status: 200 } });
  });

  it("duplicate keys: the last one wins, as JSON.parse", async () => {
    const r = await get("dup-keys", ["--json"]);
    note("duplicate keys", r);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const doc = JSON.parse(r.stdout);
    expect(doc.overall).toBe("failed");
    expect(doc.resources.map((x: { name: string; status: string }) => `${x.name}=${x.status}`)).toEqual(["bcs=failed", "eip=finished"]);
    expect(doc.resources[0].detail).toBe("second");
    expect((await get("dup-keys", ["--exit-status"])).code).toBe(1);
  });

  it("10,000 levels of nested objects: no crash, exit 0 with state unknown", async () => {
    const r = await get("deep-object", ["--json"]);
    note("10,000 nested objects", r);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toMatchObject({ overall: "unknown", resources: [] });
    expectBoundedMemory(r);
    const raw = await get("deep-object", ["--raw"]);
    expect(raw.code).toBe(0);
    expect(raw.stdout.length).toBe(10_000 * 6 + 1 + 1);
  });

  it("10,000 levels of nested arrays: exit 5, one line", async () => {
    const r = await get("deep-array");
    note("10,000 nested arrays", r);
    expect(r.code).toBe(5);
    expectOneLine(r, /response is JSON but not an object/);
  });

  it("100,000 levels inside a resource's detail: the resource still shows, no crash", async () => {
    const r = await get("deep-in-resource", ["--json"]);
    note("100,000 nested arrays in a detail", r);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ overall: "deploying", resources: [{ name: "bcs", status: "deploying", detail: "" }] });
    expectBoundedMemory(r);
  });

  it("10,000 levels in an error body: exit 5 with the status, one line", async () => {
    const r = await get("deep-error", ["--retries", "0"]);
    note("10,000 nested objects in a 500 error body", r);
    expect(r.code).toBe(5);
    expectOneLine(r, /HTTP 500 Internal Server Error/);
  });

  it("Content-Type text/html with a JSON-looking body: exit 5", async () => {
    const r = await get("html");
    note("200 text/html with a JSON body", r);
    expect(r.code).toBe(5);
    expectOneLine(r, /response is text\/html, not JSON \(HTTP 200\)/);
  });
});

describe("redirects are not followed, and the token never goes elsewhere", () => {
  it.each(["301", "302", "307", "308"])("%s to another host: exit 5, nothing reaches the other host", async (code) => {
    elsewhereHits = 0;
    elsewhereTokens = 0;
    const r = await get(`redirect-${code}`, ["-v"]);
    note(`${code} redirect to another host`, r);
    expect(r.code).toBe(5);
    const lines = r.stderr.trim().split("\n");
    expect(lines.filter((l) => !l.startsWith("* "))).toEqual([
      `bcs-status: redirect-${code}: HTTP ${code} redirect to ${new URL(urlOf(elsewhere)).host} not followed (check --endpoint: it should be the BCS API endpoint itself)`,
    ]);
    expect(elsewhereHits).toBe(0);
    expect(elsewhereTokens).toBe(0);
  });

  it("watch stops at a redirect too (it is not transient): exit 5 at once", async () => {
    elsewhereHits = 0;
    const r = await run(["watch", "redirect-302", "-q", "--interval", "200ms", "--timeout", "10s"], { env: envFor(urlOf(api)) });
    note("302 redirect in watch", r);
    expect(r.code).toBe(5);
    expectOneLine(r, /redirect-302: HTTP 302 redirect to .* not followed/);
    expect(r.ms).toBeLessThan(3000);
    expect(elsewhereHits).toBe(0);
  });
});

describe("many ids at once", () => {
  it("watch of 25 ids: no listener-leak warning or other noise on stderr, just one timeout line per id", async () => {
    const ids = Array.from({ length: 25 }, (_, i) => `deploying-${i + 1}`);
    const r = await run(["watch", ...ids, "--json", "--interval", "100ms", "--timeout", "1500ms"], { env: envFor(urlOf(api)) });
    note("watch of 25 ids (--json --interval 100ms --timeout 1500ms)", r);
    expect(r.code).toBe(124);
    expect(r.stderr).not.toMatch(/Warning|leak/i);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(25);
    for (const line of lines) expect(line).toMatch(/^bcs-status: deploying-\d+: timed out after 1s; still pending/);
    expect(r.stdout.trim().split("\n")).toHaveLength(25);
    expect(r.ms).toBeLessThan(4000);
  });
});

/** A self-signed certificate and its key for the given names, made by openssl. */
function selfSigned(name: string, subjectAltName: string): { key: string; cert: string } {
  const key = join(dir, `${name}-key.pem`);
  const cert = join(dir, `${name}-cert.pem`);
  execFileSync(
    "openssl",
    [
      ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2"],
      ...["-subj", `/CN=${name}`, "-addext", `subjectAltName=${subjectAltName}`],
    ],
    { stdio: "ignore" },
  );
  return { key, cert };
}

describe.skipIf(OPENSSL.skip)(`TLS with a self-signed certificate${OPENSSL.note}`, () => {
  let tls: Server;
  let otherName: Server;
  let cert = "";
  let otherCert = "";
  beforeAll(async () => {
    OPENSSL.check();
    const own = selfSigned("localhost", "IP:127.0.0.1,DNS:localhost");
    cert = own.cert;
    tls = await listen(createHttpsServer({ key: readFileSync(own.key), cert: readFileSync(cert) }, handler));
    const other = selfSigned("other.example", "DNS:other.example");
    otherCert = other.cert;
    otherName = await listen(createHttpsServer({ key: readFileSync(other.key), cert: readFileSync(otherCert) }, handler));
  });
  afterAll(async () => {
    await close(tls);
    await close(otherName);
  });

  it("HTTPS_PROXY: the request goes through the proxy's CONNECT tunnel, and the token only inside TLS", async () => {
    const host = "bcs.proxy-test.invalid";
    const own = selfSigned(host, `DNS:${host}`);
    const target = await listen(createHttpsServer({ key: readFileSync(own.key), cert: readFileSync(own.cert) }, handler));
    const seen: string[] = [];
    const proxy = createHttpServer((_req, res) => res.writeHead(405).end());
    proxy.on("connect", (req: IncomingMessage, client: Socket) => {
      seen.push(`${req.method} ${req.url} token:${req.headers["x-auth-token"] ?? "none"}`);
      const upstream = createNetConnection((target.address() as AddressInfo).port, "127.0.0.1", () => {
        client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on("error", () => client.destroy());
      client.on("error", () => upstream.destroy());
    });
    await listen(proxy);
    try {
      const r = await get("bc-proxied", ["--json", "--retries", "0"], `https://${host}`, {
        HTTPS_PROXY: urlOf(proxy),
        NODE_EXTRA_CA_CERTS: own.cert,
      });
      note("HTTPS_PROXY with a CONNECT tunnel", r);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).overall).toBe("finished");
      expect(seen).toEqual([`CONNECT ${host}:443 token:none`]);
    } finally {
      await close(proxy);
      await close(target);
    }
  });

  it("a trusted certificate for another host name: refused, and the hint says so", async () => {
    const r = await get("bc-tls", [], urlOf(otherName, "https"), { NODE_EXTRA_CA_CERTS: otherCert });
    note("TLS certificate for another host name (trusted CA)", r);
    expect(r.code).toBe(5);
    expectOneLine(r, /cannot reach https:\/\/127\.0\.0\.1:\d+: ERR_TLS_CERT_ALTNAME_INVALID \(.*another host name; check --endpoint\)/);
    expect(r.ms).toBeLessThan(3000);
  });

  it("https to a plain-http port: a failed handshake, and the hint asks whether it is https", async () => {
    const r = await get("bc-tls", [], urlOf(api, "https"));
    note("https endpoint on a plain-http port", r);
    expect(r.code).toBe(5);
    expectOneLine(r, /cannot reach https:\/\/127\.0\.0\.1:\d+: \S+ \(TLS handshake failed; does --endpoint name an https port\?\)/);
    expect(r.ms).toBeLessThan(3000);
  });

  it("is refused clearly: exit 5 with a hint naming NODE_EXTRA_CA_CERTS", async () => {
    const r = await get("bc-tls", [], urlOf(tls, "https"));
    note("self-signed TLS certificate", r);
    expect(r.code).toBe(5);
    expectOneLine(r, /cannot reach https:\/\/127\.0\.0\.1:\d+: DEPTH_ZERO_SELF_SIGNED_CERT \(.*NODE_EXTRA_CA_CERTS\)/);
    expect(r.ms).toBeLessThan(3000);
  });

  it("works with NODE_EXTRA_CA_CERTS pointing to the certificate", async () => {
    const r = await get("bc-tls", ["--json"], urlOf(tls, "https"), { NODE_EXTRA_CA_CERTS: cert });
    note("self-signed TLS certificate with NODE_EXTRA_CA_CERTS", r);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout).overall).toBe("finished");
  });
});

describe("network failures", () => {
  it("connection refused: retried with backoff, then exit 5 in under 6 s", async () => {
    const r = await get("bc-1", [], refusedUrl);
    note("connection refused (3 retries)", r);
    expect(r.code).toBe(5);
    expectOneLine(r, /cannot reach http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/);
    expect(r.ms).toBeLessThan(6000);
    const once = await get("bc-1", ["--retries", "0"], refusedUrl);
    note("connection refused (--retries 0)", once);
    expect(once.code).toBe(5);
    expect(once.ms).toBeLessThan(2000);
  });

  it("connection refused in watch --timeout 2s with --retries 10: no backoff outlasts the deadline, and the error is the result (5 in under 3.5 s)", async () => {
    const r = await run(["watch", "bc-1", "-q", "--timeout", "2s", "--retries", "10"], { env: envFor(refusedUrl) });
    note("connection refused (watch -q --timeout 2s --retries 10)", r);
    expect(r.code).toBe(5);
    expectOneLine(r, /bc-1: cannot reach http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/);
    expect(r.ms).toBeLessThan(3500);
  });

  it("Ctrl-C during the backoff between retries: exit 130 at once, no more tries", async () => {
    const r = await run(["get", "bc-1", "--retries", "10", "-v"], { env: envFor(refusedUrl), sigintAfterMs: 1500 });
    note("connection refused, Ctrl-C after 1.5 s (get --retries 10)", r);
    expect(r.code).toBe(130);
    expect(r.ms).toBeLessThan(2500);
    const lines = r.stderr.trim().split("\n");
    expect(lines.at(-1)).toBe("bcs-status: interrupted");
    // At most one attempt after the signal (one already waiting to start), never the remaining ones.
    expect(lines.filter((l) => / -> ECONNREFUSED /.test(l)).length).toBeLessThanOrEqual(5);
  });
});

describe("Retry-After", () => {
  it("an HTTP date is honoured", async () => {
    const r = await get("retry-date", ["-v", "--json"]);
    note("Retry-After: HTTP date 3 s ahead", r);
    expect(r.code).toBe(0);
    const m = /retry 1 of 3 in (\d+) ms after HTTP 503/.exec(r.stderr);
    expect(m, r.stderr).not.toBeNull();
    // The date has whole seconds: the wait is between 2 and 3 s.
    expect(Number(m?.[1])).toBeGreaterThan(1000);
    expect(Number(m?.[1])).toBeLessThanOrEqual(3000);
    expect(r.ms).toBeGreaterThan(1000);
    expect(r.ms).toBeLessThan(6000);
    expect(hits.get("retry-date")).toBe(2);
  });

  it("an absurd delta (999999 s) makes get give up at once: exit 5 after one request", async () => {
    const r = await get("retry-absurd");
    note("Retry-After: 999999 (get)", r);
    expect(r.code).toBe(5);
    expectOneLine(r, /HTTP 503 BCS\.5030503: busy/);
    expect(r.ms).toBeLessThan(2000);
    expect(hits.get("retry-absurd")).toBe(1);
  });

  it("a date in 2099 likewise", async () => {
    const r = await get("retry-far-date");
    note("Retry-After: a date in 2099 (get)", r);
    expect(r.code).toBe(5);
    expectOneLine(r, /HTTP 429 APIGW\.0308: throttled/);
    expect(r.ms).toBeLessThan(2000);
  });

  it("in watch, an absurd delta is capped by the watch timeout: --timeout 3s ends within a few seconds, with the 503 as the result", async () => {
    const r = await run(["watch", "retry-absurd-watch", "-q", "--timeout", "3s"], { env: envFor(urlOf(api)) });
    note("Retry-After: 999999 (watch -q --timeout 3s)", r);
    expect(r.code).toBe(5);
    expectOneLine(r, /retry-absurd-watch: HTTP 503 BCS\.5030503: busy/);
    expect(r.ms).toBeGreaterThan(2900);
    expect(r.ms).toBeLessThan(5000);
  });
});
