/**
 * Secrets never leave the process: a server that echoes every secret it receives (the
 * token, the access key and security token of temporary AK/SK, the IAM
 * password and the token the IAM login issued) in error_msg, detail, status
 * strings, times and headers, spelled plainly, in part, `\u`-escaped, `\/`-
 * escaped and cut by escape sequences, drives the built binary through get,
 * watch (CI, --json, --raw, GitHub Actions, --summary-file, a pseudo-terminal),
 * config and --verbose. Nothing the process writes (stdout, stderr, the
 * summary file, the step summary) may hold an 8-character slice of a secret,
 * and terminal-bound output holds no ESC, C1 or bare CR (in the
 * pseudo-terminal: only cursor and colour sequences).
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, type ExpectStatic, it } from "vitest";
import { baseEnv, cliLine, collect, type RunResult, runCli } from "../helpers/cli.js";
import { CURSOR_OR_SGR, leaks, markdownAsShown, unclean, workflowCommandsAsShown } from "../helpers/leaks.js";
import { needsTool } from "../helpers/tools.js";

// ---- the secrets (each ≥ 16 characters, each with its own awkward characters) ----------

const SECRET = {
  /** URL-safe base64, like an IAM token: `-` and `_`. */
  token: "Tk9_aZ3-qW7xLp2_Rm8vN4cY6bH1dF5gJ0",
  accessKey: "AKX7QW2ERT9YUI3OPLKJ",
  /** `/`, `+`, `=`: JSON may spell `/` as `\/`, percent-encoding changes all three. */
  secretKey: "sK8/dF3+gH6=jK1_lZ4xC7vB0nM2qW5eR9tY",
  securityToken: "gQ2sTx+9Lp/Vm3Kd7Rz=Hn4Wc8Yb1Fj6Ae5Uo0IgXy7Tq",
  /**
   * JSON escapes (`"`, `\`), Markdown and HTML punctuation, and a `%` (which a
   * workflow command spells `%25`) at least every 7 characters: no escaped
   * spelling of it keeps 8 characters of it in a row.
   */
  password: 'P%a"s\\s_w%0<rd>#%Hu&n*t%!er|2~%Se[c]%ret',
  /** The password of an endpoint URL's userinfo (config only). */
  urlPassword: "UrlPass-9f8e7d6c5b4a3",
  /** A secret key in a config file that does not parse: the process never learns it, so it must never quote it. */
  brokenFileKey: "CfgSecret-1a2b3c4d5e6f",
} as const;

/** Sequences a hostile server puts into its text: a window title (OSC), clear screen, an 8-bit CSI, a bare CR. */
const EVIL = "\u001b]0;pwned\u0007 \u001b[2J \u009b31m red\r overwritten";

// ---- the echo server ------------------------------------------------------------------

/** What the server learned for one project (each test run has its own): the secrets it received and issued. */
interface Session {
  secrets: Set<string>;
  issued: string[];
  hits: Map<string, number>;
  logins: number;
}

const sessions = new Map<string, Session>();
function sessionFor(project: string): Session {
  let s = sessions.get(project);
  if (!s) {
    s = { secrets: new Set(), issued: [], hits: new Map(), logins: 0 };
    sessions.set(project, s);
  }
  return s;
}

/** A bound on all requests of the file: a client in a loop gets 500s, and the run's own limits end it. */
const MAX_REQUESTS = 5000;
let requests = 0;

const hex4 = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
/** A JSON string literal, spelled plainly, with every character `\u`-escaped, or with `/` as `\/`. */
function lit(s: string, how: "plain" | "u" | "slash" = "plain"): string {
  if (how === "u") return `"${[...s].map(hex4).join("")}"`;
  const plain = JSON.stringify(s);
  return how === "slash" ? plain.replace(/\//g, "\\/") : plain;
}

/** The secret with an invisible character between every two of its letters. */
const between = (s: string, c: string) => [...s].join(c);
/** ASCII letters upper-cased, nothing else changed. */
const asciiUpper = (s: string) => s.replace(/[a-z]/g, (c) => c.toUpperCase());

/** Each secret, whole, in part, and cut in two by an escape sequence, a BEL and a CR. */
function echo(secrets: readonly string[], evil = true): string {
  const parts = secrets.flatMap((s) => [
    `full=${s}`,
    `head=${s.slice(0, 12)}`,
    `tail=${s.slice(-12)}`,
    `esc=${s.slice(0, 6)}\u001b[2J${s.slice(6)}`,
    `osc=${s.slice(0, 4)}\u001b]0;${s.slice(4, 10)}\u0007${s.slice(10)}`,
    `bel=${s.slice(0, 9)}\u0007${s.slice(9)}`,
    `c1=${s.slice(0, 5)}\u009b${s.slice(5)}`,
  ]);
  return evil ? `${EVIL} ${parts.join(" ")} ${EVIL}` : parts.join(" ");
}

/**
 * Each secret in the spellings a reader takes for the same letters: an
 * invisible character between every two letters (a tag character, a
 * variation selector, a Hangul filler, an Egyptian hieroglyph format
 * control), decomposed (NFD), and upper-cased. In one detail and one
 * error message of each answer (in every field, the bodies make the file slow).
 */
function unicodeEcho(secrets: readonly string[]): string {
  return secrets
    .flatMap((s) => [
      `tag=${between(s, "\u{E0020}")}`,
      `vs=${between(s, "\uFE0F")}`,
      `filler=${between(s, "\u3164")}`,
      `hiero=${between(s, "\u{13430}")}`,
      `nfd=${s.normalize("NFD")}`,
      `upper=${asciiUpper(s)}`,
    ])
    .join(" ");
}

const START = "2020-10-15T18:24:48.658236618+08:00";
const END = "2020-10-15T18:30:00.000000000+08:00";

/**
 * A status document echoing the secrets in every string the API has: details
 * (plain, `\u`-escaped, `\/`-escaped), an unknown status string, an end time.
 * Raw CR whitespace, a raw C1 and a raw DEL (all valid JSON) are in the text too.
 */
function statusBody(kind: "finished" | "deploying" | "deploying2" | "failed", secrets: readonly string[]): string {
  const e = echo(secrets);
  const weird = `st-${secrets.join("-")}${EVIL}`;
  const bcs = `{"start_time":"${START}","end_time":"${END}","status":"finished","detail":${lit(`${e} ${unicodeEcho(secrets)}`)}}`;
  const eipStatus = kind === "finished" ? "finished" : kind === "failed" ? "failed" : "deploying";
  const eip = `{"start_time":"${START}","end_time":"","status":"${eipStatus}",\r"detail":${lit(`${kind} ${e}`, "u")}}`;
  const sfs = `{"start_time":"${START}","end_time":${lit(secrets[0] ?? "")},"status":${kind === "finished" ? '"finished"' : lit(weird)},"detail":${lit(e, "slash")}}`;
  const obs = `{"start_time":"${START}","end_time":"${END}","status":"finished","detail":"raw \u009b31m c1 \u007f del ${kind === "deploying2" ? "again" : ""}"}`;
  const cce =
    kind === "failed"
      ? `,"cce":{"cluster":{"start_time":"${START}","end_time":"${END}","status":"failed","detail":${lit(`cluster ${e}`)}}}`
      : "";
  return `{"bcs":${bcs},\r"eip":${eip},"sfs":${sfs},"obs":${obs}${cce}}`;
}

const JSON_TYPE = "application/json;charset=UTF-8";

/** Headers that echo too: a custom one on every answer, and the content type of error answers. */
function echoHeaders(secrets: readonly string[], error: boolean): Record<string, string> {
  const all = secrets.join(" ");
  return {
    "x-echo": all || "none",
    "x-request-id": secrets.map((s) => s.slice(0, 12)).join(",") || "none",
    "content-type": error ? `application/json; charset=UTF-8; echo="${all.replace(/["\\]/g, "")}"` : JSON_TYPE,
  };
}

function errorBody(code: string, secrets: readonly string[]): string {
  return `{"error_code":"${code}","error_msg":${lit(`busy token=${echo(secrets)} ${unicodeEcho(secrets)}`)},"detail_u":${lit(echo(secrets, false), "u")}}`;
}

function answer(res: ServerResponse, status: number, headers: Record<string, string>, body: string) {
  res.writeHead(status, headers).end(body);
}

/** POST /v3/auth/tokens: learns the password; issues a long random token, or (project "*-loginfail*") answers 401 echoing it. */
function login(res: ServerResponse, body: string) {
  let doc: { auth?: { identity?: { password?: { user?: { password?: string } } }; scope?: { project?: { id?: string } } } } = {};
  try {
    doc = JSON.parse(body);
  } catch {}
  const project = doc.auth?.scope?.project?.id ?? "none";
  const session = sessionFor(project);
  session.logins++;
  const password = doc.auth?.identity?.password?.user?.password;
  if (password) session.secrets.add(password);
  const known = [...session.secrets];
  if (project.includes("loginfail")) {
    // The password echoed, also cut by a BEL (clean, then mask: `Hunt\u0007er2` must not reach --json whole).
    const msg = `The password ${known.map((s) => `${s} ${s.slice(0, 10)}\u0007${s.slice(10)} ${s.normalize("NFD")} ${between(s, "\u{E0020}")}`).join(" ")} is wrong ${EVIL}`;
    return answer(res, 401, echoHeaders(known, true), `{"error_msg":${lit(msg)},"error_code":"IAM.0101"}`);
  }
  const token = `MIIT${randomBytes(96).toString("base64url")}`;
  session.issued.push(token);
  session.secrets.add(token);
  const expires = new Date(Date.now() + 3600_000).toISOString();
  return answer(
    res,
    201,
    { ...echoHeaders([...session.secrets], false), "x-subject-token": token },
    `{"token":{"expires_at":"${expires}","echo":${lit(echo([...session.secrets]))}}}`,
  );
}

/**
 * GET /v2/{project}/blockchains/{id}/status: learns the X-Auth-Token, the
 * access key (from the signature) and X-Security-Token, then answers by id:
 * retry (a 503 with Retry-After 0, then finished), failed, e500, e401, ctype
 * (a 200 whose content type echoes), redirect (a 302 whose Location echoes),
 * flow (503, deploying, deploying, failed), ok (503, deploying, finished),
 * slow (deploying for ever).
 */
function status(req: IncomingMessage, res: ServerResponse, project: string, id: string) {
  const session = sessionFor(project);
  const token = req.headers["x-auth-token"];
  if (typeof token === "string") session.secrets.add(token);
  const access = /Access=([^,\s]+)/.exec(String(req.headers.authorization ?? ""))?.[1];
  if (access) session.secrets.add(access);
  const sts = req.headers["x-security-token"];
  if (typeof sts === "string") session.secrets.add(sts);
  const n = (session.hits.get(id) ?? 0) + 1;
  session.hits.set(id, n);
  const known = [...session.secrets];
  const ok = (kind: Parameters<typeof statusBody>[0]) => answer(res, 200, echoHeaders(known, false), statusBody(kind, known));
  const busy = () => answer(res, 503, { ...echoHeaders(known, true), "retry-after": "0" }, errorBody("BCS.5030503", known));
  switch (id) {
    case "retry":
      return n === 1 ? busy() : ok("finished");
    case "failed":
      return ok("failed");
    case "e500":
      return answer(res, 500, echoHeaders(known, true), errorBody("BCS.5000500", known));
    case "e401":
      return answer(res, 401, echoHeaders(known, true), errorBody("APIGW.0301", known));
    case "ctype": {
      const word = known.find((s) => /^[\w.-]+$/.test(s)) ?? "none";
      return answer(
        res,
        200,
        { ...echoHeaders(known, false), "content-type": `text/${word}; charset=${word}` },
        statusBody("finished", known),
      );
    }
    case "redirect": {
      const label = (known.find((s) => /^[\w-]+$/.test(s)) ?? "none").slice(0, 60);
      return answer(res, 302, { ...echoHeaders(known, true), location: `http://u:${label}@${label}.example.invalid/${label}` }, "");
    }
    case "flow":
      return n === 1 ? busy() : n === 2 ? ok("deploying") : n === 3 ? ok("deploying2") : ok("failed");
    case "ok":
      return n === 1 ? busy() : n === 2 ? ok("deploying") : ok("finished");
    case "slow":
      return ok("deploying");
    default:
      return answer(res, 404, echoHeaders(known, true), errorBody("BCS.4040404", known));
  }
}

function handler(req: IncomingMessage, res: ServerResponse) {
  res.on("error", () => {});
  if (++requests > MAX_REQUESTS) return void res.writeHead(500).end();
  let body = "";
  req.setEncoding("utf8");
  req.on("data", (c: string) => {
    if (body.length < 64 * 1024) body += c;
  });
  req.on("end", () => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (req.method === "POST" && path === "/v3/auth/tokens") return login(res, body);
    const m = /^\/v2\/([^/]+)\/blockchains\/([^/]+)\/status$/.exec(path);
    if (req.method === "GET" && m) return status(req, res, decodeURIComponent(m[1] as string), decodeURIComponent(m[2] as string));
    return answer(res, 404, echoHeaders([], true), '{"error_code":"BCS.4040404","error_msg":"no such path"}');
  });
}

let server: Server;
let url = "";
const dir = mkdtempSync(join(tmpdir(), "bcs-secret-echo-"));

beforeAll(async () => {
  server = createServer(handler);
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  if (!process.env.SECRET_ECHO_KEEP) rmSync(dir, { recursive: true, force: true });
});

// ---- running the binary ---------------------------------------------------------------------

type Auth = "token" | "aksk" | "iam";

let runs = 0;
/** A fresh project id (the server keeps one session per project) and scratch folder per run. */
function scratch(label: string): { project: string; folder: string } {
  const n = runs++;
  const folder = join(dir, `${label}-${n}`);
  mkdirSync(folder, { recursive: true });
  return { project: `p-${label}-${n}`.slice(0, 64), folder };
}

function authEnv(auth: Auth, folder: string): NodeJS.ProcessEnv {
  switch (auth) {
    case "token":
      return { BCS_TOKEN: SECRET.token };
    case "aksk":
      return { BCS_ACCESS_KEY: SECRET.accessKey, BCS_SECRET_KEY: SECRET.secretKey, BCS_SECURITY_TOKEN: SECRET.securityToken };
    case "iam":
      return {
        BCS_USERNAME: "e2e-user",
        BCS_PASSWORD: SECRET.password,
        BCS_DOMAIN_NAME: "e2e-domain",
        BCS_IAM_ENDPOINT: url,
        XDG_CACHE_HOME: join(folder, "cache"),
      };
  }
}

/** Every secret a run might meet: the fixed ones, and every token the server issued in its session. */
function secretsOf(project: string): Record<string, string> {
  const all: Record<string, string> = { ...SECRET };
  for (const [i, t] of (sessions.get(project)?.issued ?? []).entries()) all[`issuedToken${i}`] = t;
  return all;
}

interface Case {
  name: string;
  args: string[];
  code: number;
  /** GITHUB_ACTIONS=true with a step summary file, and --summary-file. */
  github?: boolean;
  summaryFile?: boolean;
  /** Run in a pseudo-terminal (script), COLUMNS=100. */
  pty?: boolean;
  /** The auth modes it runs with (all three when absent): the full set with a token, the main paths with the others. */
  auths?: readonly Auth[];
  /** Text that shows the echo reached the output, masked (where to look, what to find). */
  shows?: Array<[where: "stdout" | "stderr" | "files", text: string | RegExp]>;
}

const SCRIPT = needsTool("script", "bsdutils");
const WATCH = ["--interval", "100ms", "--retries", "0"];
const ALL_IDS = ["retry", "failed", "e500", "e401", "ctype", "redirect"];

const CASES: Case[] = [
  {
    name: "get (table)",
    args: ["get", ...ALL_IDS],
    code: 3,
    shows: [
      ["stdout", "full=****"],
      ["stderr", "busy token="],
    ],
  },
  {
    name: "get --json",
    args: ["get", ...ALL_IDS, "--json"],
    code: 3,
    shows: [
      ["stdout", "full=****"],
      ["stdout", "busy token="],
    ],
  },
  {
    name: "get --raw",
    args: ["get", ...ALL_IDS, "--raw"],
    code: 3,
    shows: [
      ["stdout", "full=****"],
      ["stdout", "busy token="],
    ],
  },
  { name: "get --verbose", args: ["get", ...ALL_IDS, "--verbose"], code: 3, shows: [["stderr", /\* GET /]] },
  {
    name: "get --exit-status",
    auths: ["token"],
    args: ["get", "retry", "failed", "--exit-status"],
    code: 1,
    shows: [["stdout", "full=****"]],
  },
  {
    name: "get, GitHub Actions, --summary-file",
    auths: ["token", "iam"],
    args: ["get", "retry", "failed", "e500"],
    code: 5,
    github: true,
    summaryFile: true,
    shows: [
      ["stderr", "::error "],
      ["files", "full="],
    ],
  },
  {
    name: "watch (CI: plain lines)",
    args: ["watch", "flow", ...WATCH],
    code: 1,
    shows: [
      ["stderr", "retrying"],
      ["stdout", "full=****"],
    ],
  },
  { name: "watch --json", auths: ["token", "iam"], args: ["watch", "flow", ...WATCH, "--json"], code: 1, shows: [["stdout", "full=****"]] },
  { name: "watch --raw", auths: ["token"], args: ["watch", "flow", ...WATCH, "--raw"], code: 1, shows: [["stdout", "full=****"]] },
  {
    name: "watch --verbose, an error that ends it",
    auths: ["token", "iam"],
    args: ["watch", "flow", "e500", ...WATCH, "--verbose"],
    code: 5,
    shows: [["stderr", "busy token="]],
  },
  {
    name: "watch, GitHub Actions, --summary-file",
    args: ["watch", "flow", "ok", ...WATCH],
    code: 1,
    github: true,
    summaryFile: true,
    shows: [
      ["stderr", "::error "],
      ["stderr", "::group::"],
      ["files", "full="],
    ],
  },
  {
    name: "watch, GitHub Actions, --summary-file, a timeout",
    auths: ["token"],
    args: ["watch", "ok", "slow", ...WATCH, "--timeout", "1500ms"],
    code: 124,
    github: true,
    summaryFile: true,
    shows: [
      ["stderr", "::warning"],
      ["files", "full="],
    ],
  },
  {
    name: "watch in a terminal",
    args: ["watch", "flow", "ok", "slow", ...WATCH, "--timeout", "3s"],
    code: 1,
    pty: true,
    shows: [["stdout", "full=****"]],
  },
  {
    name: "get in a terminal",
    auths: ["token"],
    args: ["get", "retry", "failed", "e500", "e401"],
    code: 3,
    pty: true,
    shows: [["stdout", "full=****"]],
  },
];

/** Runs the built binary (in a pseudo-terminal for `pty`), each run bounded by a kill timer. */
async function runCase(c: Case, env: NodeJS.ProcessEnv): Promise<RunResult> {
  if (!c.pty) return runCli(c.args, { env, timeoutMs: 15_000 });
  const cmd = `stty cols 100 rows 30; exec ${cliLine(c.args)}`;
  const child = spawn("script", ["-qfec", cmd, "/dev/null"], {
    env: baseEnv({ ...env, TERM: "xterm-256color", COLUMNS: "100", LINES: "30" }),
    stdio: ["pipe", "pipe", "pipe"],
  });
  return collect(child, performance.now(), { timeoutMs: 15_000 });
}

/** The sequences a live view may send to a terminal: colour, cursor moves, erase in line or below, cursor show/hide, synchronised output. */
const LIVE_VIEW_SEQUENCE = /^\u001b\[(?:[0-9;]*m|\d*(?:;\d*)?[ABCDEFGHK]|0?J|\?(?:25|2026)[hl])$/;

/** Text as a terminal draws it: no character it draws as nothing, in NFC. */
const asDrawn = (t: string) => t.replace(/[\p{Default_Ignorable_Code_Point}\p{Cf}]/gu, "").normalize("NFC");
const drawnSecrets = (secrets: Record<string, string>) => Object.fromEntries(Object.entries(secrets).map(([k, v]) => [k, asDrawn(v)]));

/** Asserts no secret slice anywhere (as written, in another letter case, as shown), and clean terminal-bound output. */
function checkOutput(
  expect: ExpectStatic,
  label: string,
  r: RunResult,
  files: Record<string, string>,
  secrets: Record<string, string>,
  o: { pty?: boolean },
) {
  const streams: Record<string, string> = { stdout: r.stdout, stderr: r.stderr, ...files };
  for (const [where, text] of Object.entries(streams)) {
    expect(leaks(text, secrets), `${label}: a secret in ${where}`).toEqual([]);
    // A URL's host is lower-cased on the way (a redirect's Location): a secret in another letter case is still a secret.
    expect(leaks(text, secrets, { ignoreCase: true }), `${label}: a secret in ${where}, in another letter case`).toEqual([]);
    // As a person sees it: a Markdown file rendered, a workflow command decoded by the runner.
    const shown = where in files ? markdownAsShown(text) : workflowCommandsAsShown(text);
    expect(leaks(shown, secrets), `${label}: a secret in ${where}, as shown (Markdown rendered, workflow commands decoded)`).toEqual([]);
    // As a terminal draws it: invisible characters drawn as nothing, NFC and NFD the same letters.
    expect(leaks(asDrawn(shown), drawnSecrets(secrets)), `${label}: a secret in ${where}, as drawn (invisible characters, NFD)`).toEqual(
      [],
    );
    expect(
      leaks(asDrawn(shown), drawnSecrets(secrets), { ignoreCase: true }),
      `${label}: a secret in ${where}, as drawn, any case`,
    ).toEqual([]);
  }
  for (const [where, text] of Object.entries(streams)) {
    let visible = text;
    if (o.pty) {
      // The line discipline turns \n into \r\n; the live view redraws with cursor codes, and no others (no screen clear).
      const foreign = (visible.match(CURSOR_OR_SGR) ?? []).filter((q) => !LIVE_VIEW_SEQUENCE.test(q));
      expect([...new Set(foreign)], `${label}: escape sequences in ${where} that are not a live view's`).toEqual([]);
      visible = visible.replace(CURSOR_OR_SGR, "").replace(/\r/g, "");
    }
    expect(unclean(visible), `${label}: control characters in ${where}`).toEqual([]);
  }
}

describe.concurrent.each(["token", "aksk", "iam"] as const)("a server echoing every secret, %s auth (built binary)", (auth) => {
  beforeAll(() => {
    if (CASES.some((c) => c.pty)) SCRIPT.check();
  });

  for (const c of CASES.filter((x) => (x.auths ?? [auth]).includes(auth))) {
    it.skipIf(c.pty === true && SCRIPT.skip)(`${c.name}${c.pty ? SCRIPT.note : ""}`, async ({ expect }) => {
      const { project, folder } = scratch(`${auth}-${c.name.replace(/[^a-z]+/gi, "-")}`.slice(0, 40));
      const stepSummary = join(folder, "step-summary.md");
      const summary = join(folder, "summary.md");
      const env: NodeJS.ProcessEnv = {
        BCS_ENDPOINT: url,
        BCS_PROJECT_ID: project,
        ...authEnv(auth, folder),
        ...(c.github ? { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: stepSummary } : {}),
      };
      const args = c.summaryFile ? [...c.args, "--summary-file", summary] : c.args;
      const r = await runCase({ ...c, args }, env);
      // Kept with SECRET_ECHO_KEEP=1 (see afterAll), to look at what the process wrote.
      writeFileSync(join(folder, "stdout.txt"), r.stdout);
      writeFileSync(join(folder, "stderr.txt"), r.stderr);
      const files: Record<string, string> = {};
      if (c.github) files.stepSummary = existsSync(stepSummary) ? readFileSync(stepSummary, "utf8") : "";
      if (c.summaryFile) files.summaryFile = existsSync(summary) ? readFileSync(summary, "utf8") : "";
      const label = `${auth}: ${c.name}`;
      const session = sessions.get(project);
      // The server got the secrets and echoed them (else this test proves nothing).
      expect(session?.secrets.size ?? 0, `${label}: the server learned no secret\n${r.stderr}`).toBeGreaterThan(0);
      if (auth === "iam") expect(session?.issued.length).toBeGreaterThan(0);
      checkOutput(expect, label, r, files, secretsOf(project), c.pty ? { pty: true } : {});
      expect(r.code, `${label}: exit code\n${r.stderr}`).toBe(c.code);
      const plain = (s: string) => (c.pty ? s.replace(CURSOR_OR_SGR, "").replace(/\r/g, "") : s);
      for (const [where, text] of c.shows ?? []) {
        const hay = where === "files" ? Object.values(files).join("\n") : plain(where === "stdout" ? r.stdout : r.stderr);
        if (typeof text === "string") expect(hay, `${label}: ${where}`).toContain(text);
        else expect(hay, `${label}: ${where}`).toMatch(text);
      }
    });
  }
});

describe.concurrent("IAM login: the password and issued tokens echoed", () => {
  it("a 401 from the login that echoes the password (also cut by a BEL): --verbose and --json", async ({ expect }) => {
    for (const extra of [["--verbose"], ["--json"]]) {
      const { project, folder } = scratch("iam-loginfail");
      const env = { BCS_ENDPOINT: url, BCS_PROJECT_ID: project, ...authEnv("iam", folder) };
      const r = await runCli(["get", "retry", "failed", ...extra], { env, timeoutMs: 15_000 });
      expect(sessions.get(project)?.logins).toBeGreaterThan(0);
      checkOutput(expect, `loginfail ${extra.join(" ")}`, r, {}, secretsOf(project), {});
      expect(r.code).toBe(3);
      expect(r.stdout + r.stderr).toContain("The password ****");
    }
  });

  it("an NFC password echoed in NFD and with invisible characters (table and --json)", async ({ expect }) => {
    const password = "Pässwörd-Ünïcödé-Kéy-2026".normalize("NFC");
    for (const extra of [[], ["--json"]]) {
      const { project, folder } = scratch("iam-loginfail-nfd");
      const env = { BCS_ENDPOINT: url, BCS_PROJECT_ID: project, ...authEnv("iam", folder), BCS_PASSWORD: password };
      const r = await runCli(["get", "retry", ...extra], { env, timeoutMs: 15_000 });
      expect(sessions.get(project)?.secrets.has(password), "the server learned the password").toBe(true);
      checkOutput(expect, `loginfail NFD ${extra.join(" ")}`, r, {}, { ...secretsOf(project), password }, {});
      expect(r.code).toBe(3);
      expect(r.stdout + r.stderr).toContain("The password ****");
    }
  });

  it("a token read from the cache is masked too (a second run, no login)", async ({ expect }) => {
    const { project, folder } = scratch("iam-cache");
    const env = { BCS_ENDPOINT: url, BCS_PROJECT_ID: project, ...authEnv("iam", folder) };
    const first = await runCli(["get", "failed", "--json"], { env, timeoutMs: 15_000 });
    const second = await runCli(["get", "failed", "--json"], { env, timeoutMs: 15_000 });
    const session = sessions.get(project);
    expect(session?.logins, "the second run used the cached token").toBe(1);
    expect(session?.issued).toHaveLength(1);
    for (const [i, r] of [first, second].entries()) {
      checkOutput(expect, `cached token, run ${i + 1}`, r, {}, secretsOf(project), {});
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("full=****");
    }
  });
});

describe.concurrent("config shows every secret masked", () => {
  for (const auth of ["token", "aksk", "iam"] as const) {
    it(`${auth} auth: config and config --json`, async ({ expect }) => {
      const { project, folder } = scratch(`config-${auth}`);
      const endpoint = url.replace("http://", `http://admin:${SECRET.urlPassword}@`);
      const env = { BCS_ENDPOINT: endpoint, BCS_PROJECT_ID: project, ...authEnv(auth, folder) };
      for (const extra of [[], ["--json"]]) {
        const r = await runCli(["config", ...extra], { env, timeoutMs: 15_000 });
        checkOutput(expect, `config ${auth} ${extra.join(" ")}`, r, {}, SECRET, {});
        expect(r.stdout).toContain("****");
      }
    });
  }

  it("a config file that does not parse: the error never quotes it", async ({ expect }) => {
    const { folder } = scratch("config-broken");
    const file = join(folder, "config.json");
    writeFileSync(file, `{"profiles": {"p": {"secret_key": "${SECRET.brokenFileKey}" "region": "x"}}}`, { mode: 0o600 });
    for (const args of [["config"], ["get", "retry", "--json"]]) {
      const r = await runCli(args, { env: { BCS_CONFIG: file, BCS_ENDPOINT: url, BCS_PROJECT_ID: "p-broken" }, timeoutMs: 15_000 });
      checkOutput(expect, `broken config file: ${args.join(" ")}`, r, {}, SECRET, {});
      expect(r.stderr).toContain("config.json");
    }
  });
});
