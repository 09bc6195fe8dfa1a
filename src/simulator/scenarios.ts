import { RESOURCE_NAMES, type ResourceName } from "../status/model.js";
import { ID } from "../util/checks.js";
import { parseDuration } from "../util/duration.js";
import { UsageError } from "../util/errors.js";
import { readCappedFile } from "../util/files.js";
import { describeJsonError } from "../util/json-error.js";
import { quoteText, showText } from "../util/text.js";

/** One answer of the simulated API: a status body, or an error with its status code and headers. */
export interface SimAnswer {
  httpStatus: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Real milliseconds to wait before answering. */
  delayMs?: number;
}

/** What an id's timeline answers at `elapsedSec` simulated seconds after its first request (the nth request, from 1). */
export interface Scenario {
  name: string;
  answer(ctx: { elapsedSec: number; requestNo: number; toIso(simSec: number): string; id?: string; startMs?: number }): SimAnswer;
}

interface Phase {
  resource: ResourceName;
  start: number;
  end: number;
  failsWith?: string;
}

/** A realistic creation order: network pieces first, then storage, the CCE cluster, Kafka, and BCS itself last. */
const SUCCESS: Phase[] = [
  { resource: "eip", start: 2, end: 6 },
  { resource: "sfs", start: 2, end: 20 },
  { resource: "obs", start: 3, end: 12 },
  { resource: "cce.network", start: 6, end: 15 },
  { resource: "cce.security_group", start: 6, end: 10 },
  { resource: "cce.cluster", start: 15, end: 75 },
  { resource: "kafka", start: 20, end: 60 },
  { resource: "bcs", start: 75, end: 100 },
];

export const CLUSTER_FAILURE_DETAIL = "create CCE cluster failed: insufficient quota for ECS flavor c6.2xlarge.2 (CCE.01400001)";

const FAILURE: Phase[] = SUCCESS.map((p) => (p.resource === "cce.cluster" ? { ...p, end: 50, failsWith: CLUSTER_FAILURE_DETAIL } : p));

function detailOf(status: string, start: string, end: string, detail = "") {
  return { start_time: start, end_time: end, status, detail };
}

/** The API body for a set of phases at a moment: waiting before start, deploying, then finished (or failed). */
export function bodyAt(phases: readonly Phase[], t: number, toIso: (simSec: number) => string): Record<string, unknown> {
  const failedAt = Math.min(...phases.filter((p) => p.failsWith && t >= p.end).map((p) => p.end));
  const body: Record<string, unknown> = {};
  const cce: Record<string, unknown> = {};
  for (const p of phases) {
    // After a failure nothing new starts: resources that had not begun stay waiting.
    const blocked = Number.isFinite(failedAt) && p.start >= failedAt;
    let d: ReturnType<typeof detailOf>;
    if (t < p.start || blocked) d = detailOf("waiting", "", "");
    else if (t < p.end) d = detailOf("deploying", toIso(p.start), "");
    else d = detailOf(p.failsWith ? "failed" : "finished", toIso(p.start), toIso(p.end), p.failsWith ?? "");
    const [top, sub] = p.resource.split(".") as [string, string | undefined];
    if (sub) cce[sub] = d;
    else body[top] = d;
  }
  if (Object.keys(cce).length > 0) body.cce = cce;
  return body;
}

const ok = (body: unknown): SimAnswer => ({ httpStatus: 200, body });

/** FNV-1a of a string, as a number in [0, 1). */
function unitHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h / 2 ** 32;
}

/**
 * The success timeline with each resource's duration stretched or shrunk
 * (0.7x to 1.4x) by a hash of the blockchain id, its deployment's start and
 * the resource: each deployment takes its own time, as real ones do, so the
 * history (history/) has a spread to learn from. Deterministic for one id
 * and start.
 */
export function variedPhases(id: string, startMs = 0): Phase[] {
  return SUCCESS.map((p) => {
    const f = 0.7 + 0.7 * unitHash(`${id}\n${startMs}\n${p.resource}`);
    return { ...p, end: p.start + Math.max(1, Math.round((p.end - p.start) * f)) };
  });
}

const THROTTLED = {
  error_code: "APIGW.0308",
  error_msg: "The throttling threshold has been reached: policy user over ratelimit,limit:20,time:1 minute",
};
const UNAVAILABLE = { error_code: "BCS.5030503", error_msg: "Service Unavailable: the BCS service is busy, please try again later" };

export const BUILTIN: Record<string, Scenario> = {
  success: { name: "success", answer: ({ elapsedSec, toIso }) => ok(bodyAt(SUCCESS, elapsedSec, toIso)) },
  failure: { name: "failure", answer: ({ elapsedSec, toIso }) => ok(bodyAt(FAILURE, elapsedSec, toIso)) },
  flaky: {
    name: "flaky",
    answer: ({ elapsedSec, requestNo, toIso }) => {
      // Deterministic trouble: every 3rd request a 503, every 5th a 429, both with Retry-After.
      if (requestNo % 5 === 0) return { httpStatus: 429, body: THROTTLED, headers: { "Retry-After": "1" } };
      if (requestNo % 3 === 0) return { httpStatus: 503, body: UNAVAILABLE, headers: { "Retry-After": "1" } };
      return ok(bodyAt(SUCCESS, elapsedSec, toIso));
    },
  },
  slow: { name: "slow", answer: ({ elapsedSec, toIso }) => ({ ...ok(bodyAt(SUCCESS, elapsedSec, toIso)), delayMs: 1500 }) },
  varied: {
    name: "varied",
    answer: ({ elapsedSec, toIso, id, startMs }) => ok(bodyAt(variedPhases(id ?? "", startMs), elapsedSec, toIso)),
  },
};

/** A blockchain the scenario names, for the list API. */
export interface NamedBlockchain {
  id: string;
  name: string;
  /** Simulated seconds its timeline had already run at its first request (built-in scenarios: a project in several states). */
  headStartSec: number;
}

/**
 * The blockchains every built-in scenario names (ids as in the API reference's
 * example): on their first request `marbles` is 120 s into its timeline
 * (finished; failed under `failure`), `bcs-api` 40 s (deploying), and
 * `supply-chain` just starting (waiting).
 */
export const BUILTIN_BLOCKCHAINS: readonly NamedBlockchain[] = [
  { id: "b268e1ca-b5c2-28f1-1e57-f571e14ecdbd", name: "marbles", headStartSec: 120 },
  { id: "75022dfb-e186-539e-cbc7-14020c934dd0", name: "bcs-api", headStartSec: 40 },
  { id: "3c9e0f4a-7d21-4b8e-9a55-0e2f6c1d8b47", name: "supply-chain", headStartSec: 0 },
];

/** A step of a file scenario: from `at` on, this answer (until the next step). */
interface FileStep {
  at: number;
  answer: SimAnswer;
}

function fail(file: string, where: string, what: string): never {
  throw new UsageError(`scenario file ${file}: ${where}: ${what} (see docs/SIMULATOR.md)`);
}

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The API's resource keys: each top-level key, and the keys under `cce`. */
const TOP_KEYS = [...new Set(RESOURCE_NAMES.map((n) => n.split(".")[0] as string))];
const CCE_KEYS = RESOURCE_NAMES.filter((n) => n.startsWith("cce.")).map((n) => n.slice(4));

/**
 * A step's `status` holds only resources of the API, each where the API puts it
 * (`cce.cluster` under `"cce": {"cluster": …}`): a key the API never sends would
 * show the client something the real service cannot. A raw `body` is not checked.
 */
function checkStatusKeys(file: string, where: string, status: unknown): void {
  if (typeof status !== "object" || status === null || Array.isArray(status))
    fail(file, `${where}.status`, "expected an object of resources");
  for (const [key, value] of Object.entries(status)) {
    const here = `${where}.status.${showText(key, 64)}`;
    if (key.startsWith("cce.") && CCE_KEYS.includes(key.slice(4)))
      fail(file, here, `a resource at the wrong level: the API nests it as "cce": {"${key.slice(4)}": {...}}`);
    if (CCE_KEYS.includes(key)) fail(file, here, `a resource at the wrong level: the API nests it as "cce": {"${key}": {...}}`);
    if (!TOP_KEYS.includes(key)) fail(file, here, `not a resource of the API: expected ${TOP_KEYS.join(", ")}`);
    if (key !== "cce") continue;
    if (typeof value !== "object" || value === null || Array.isArray(value)) fail(file, here, `expected {"cluster": {...}, ...}`);
    for (const sub of Object.keys(value)) {
      const inner = `${here}.${showText(sub, 64)}`;
      if (TOP_KEYS.includes(sub)) fail(file, inner, `a resource at the wrong level: the API sends "${sub}" at the top of the status`);
      if (!CCE_KEYS.includes(sub)) fail(file, inner, `not a resource of the API under "cce": expected ${CCE_KEYS.join(", ")}`);
    }
  }
}

function parseSteps(file: string, where: string, raw: unknown): FileStep[] {
  if (!Array.isArray(raw) || raw.length === 0) fail(file, where, "expected a non-empty array of steps");
  let last = -1;
  return raw.map((s, i) => {
    const here = `${where}[${i}]`;
    if (typeof s !== "object" || s === null || Array.isArray(s)) fail(file, here, "a step must be an object");
    const step = s as Record<string, unknown>;
    const at = typeof step.at === "number" ? step.at * 1000 : typeof step.at === "string" ? parseDuration(step.at) : null;
    if (at === null || at < 0) fail(file, here, `"at" must be a duration like "30s" or a number of seconds`);
    if (at < last) fail(file, here, `steps must be in order of "at"`);
    last = at;
    const httpStatus = step.http_status ?? 200;
    if (typeof httpStatus !== "number" || !Number.isInteger(httpStatus) || httpStatus < 100 || httpStatus > 599)
      fail(file, here, `"http_status" must be an HTTP status code (a whole number from 100 to 599)`);
    const body = step.status ?? step.body;
    if (body === undefined) fail(file, here, `give "status" (a status body) or "body"`);
    if (step.status !== undefined) checkStatusKeys(file, here, step.status);
    const headers = step.headers;
    if (
      headers !== undefined &&
      (typeof headers !== "object" ||
        headers === null ||
        Array.isArray(headers) ||
        Object.entries(headers).some(([k, v]) => !HEADER_NAME.test(k) || typeof v !== "string" || /[\r\n\0]/.test(v)))
    ) {
      fail(file, here, `"headers" must map header names (letters, digits, - …) to one-line strings`);
    }
    const delay =
      step.delay === undefined
        ? 0
        : typeof step.delay === "string"
          ? parseDuration(step.delay)
          : typeof step.delay === "number"
            ? step.delay * 1000
            : null;
    if (delay === null || delay < 0) fail(file, here, `"delay" must be a duration`);
    return {
      at: at / 1000,
      answer: {
        httpStatus,
        body,
        ...(headers ? { headers: headers as Record<string, string> } : {}),
        ...(delay ? { delayMs: delay } : {}),
      },
    };
  });
}

/** `"names": {"<id>": "<name>"}`: the names the list API gives (optional; an id without one is listed under its id). */
function parseNames(file: string, raw: unknown): Map<string, string> {
  const names = new Map<string, string>();
  if (raw === undefined) return names;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) fail(file, "names", "expected an object of id → name");
  for (const [id, name] of Object.entries(raw)) {
    if (!ID.test(id))
      fail(file, `names.${showText(id, 64)}`, "not a blockchain id (1-64 letters, digits, '-' or '_'): it could never be requested");
    if (typeof name !== "string" || name === "" || name.length > 256)
      fail(file, `names.${id}`, "a name must be a string of 1-256 characters");
    names.set(id, name);
  }
  return names;
}

/** A scenario file is text a person wrote, capped like a config file: more is a usage error. */
export const SCENARIO_FILE_MAX_BYTES = 1024 * 1024;

/**
 * Loads a JSON file of timelines: `{"default": [steps], "ids": {"<id>": [steps]}, "names": {"<id>": "<name>"}}`.
 * Read like any file the user names (util/files.ts): within the cap, and a
 * FIFO or pipe under the signal, which ends the read with InterruptedError.
 */
export async function loadScenarioFile(file: string, o: { signal?: AbortSignal | undefined } = {}): Promise<ScenarioSource> {
  const text = await readCappedFile(file, { maxBytes: SCENARIO_FILE_MAX_BYTES, what: "scenario file", signal: o.signal });
  if (text === null) throw new UsageError(`cannot load scenario file ${showText(file)}: ENOENT`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // Where, not JSON.parse's message, which quotes the file's text.
    throw new UsageError(`cannot load scenario file ${file}: not valid JSON${describeJsonError(text)}`);
  }
  if (typeof data !== "object" || data === null || Array.isArray(data))
    fail(file, "top level", `expected {"default": [...], "ids": {...}}`);
  const obj = data as Record<string, unknown>;
  const def = obj.default === undefined ? null : parseSteps(file, "default", obj.default);
  const ids = new Map<string, FileStep[]>();
  if (obj.ids !== undefined) {
    if (typeof obj.ids !== "object" || obj.ids === null || Array.isArray(obj.ids)) fail(file, "ids", "expected an object of id → steps");
    for (const [id, steps] of Object.entries(obj.ids)) {
      if (!ID.test(id))
        fail(file, `ids.${showText(id, 64)}`, "not a blockchain id (1-64 letters, digits, '-' or '_'): it could never be requested");
      ids.set(id, parseSteps(file, `ids.${id}`, steps));
    }
  }
  if (!def && ids.size === 0) fail(file, "top level", `give "default" or "ids"`);
  for (const key of Object.keys(obj))
    if (key !== "default" && key !== "ids" && key !== "names")
      fail(file, showText(key, 64), `unknown key: expected "default", "ids" or "names"`);
  const names = parseNames(file, obj.names);
  // Listed: every id with steps, then every other id given a name.
  const named = [...new Set([...ids.keys(), ...names.keys()])].map((id) => ({ id, name: names.get(id) ?? id, headStartSec: 0 }));
  const notFound: SimAnswer = {
    httpStatus: 400,
    body: { error_code: "BCS.4001011", error_msg: "The blockchain does not exist or has been deleted" },
  };
  const source = (id: string): Scenario => {
    const steps = ids.get(id) ?? def;
    return {
      name: file,
      answer: ({ elapsedSec }) => {
        if (!steps) return notFound;
        let current = steps[0] as FileStep;
        for (const s of steps) if (s.at <= elapsedSec) current = s;
        return current.answer;
      },
    };
  };
  return Object.assign(source, { knows: (id: string) => ids.has(id), named: () => named });
}

/**
 * Where each id's timeline comes from; `knows` says whether a file gives the
 * id steps of its own; `named` lists the blockchains the scenario names.
 */
export type ScenarioSource = ((id: string) => Scenario) & { knows(id: string): boolean; named(): readonly NamedBlockchain[] };

/** A scenario name or a file path, as `--scenario` takes it. Names are BUILTIN's own keys: `constructor` is unknown. */
export async function resolveScenario(nameOrFile: string, o: { signal?: AbortSignal | undefined } = {}): Promise<ScenarioSource> {
  const builtin = Object.hasOwn(BUILTIN, nameOrFile) ? BUILTIN[nameOrFile] : undefined;
  if (builtin) return Object.assign(() => builtin, { knows: () => false, named: () => BUILTIN_BLOCKCHAINS });
  if (!nameOrFile.includes("/") && !nameOrFile.endsWith(".json")) {
    throw new UsageError(`unknown scenario ${quoteText(nameOrFile)}: use ${Object.keys(BUILTIN).join(", ")}, or a JSON file of timelines`);
  }
  return loadScenarioFile(nameOrFile, o);
}
