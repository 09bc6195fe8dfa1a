import { truncate } from "../util/cells.js";
import { sanitize } from "../util/clean.js";
import { type BlockchainStatus, type Overall, RESOURCE_NAMES, type Resource, type ShownName, UNKNOWN_NAME_CELLS } from "./model.js";
import { instantDiffMs, instantMs, parseApiInstant } from "./time.js";

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Server text, cleaned where it enters: no control character or escape sequence (CR, LF, TAB become spaces). */
function clean(v: unknown): string {
  return typeof v === "string" ? sanitize(v) : "";
}

function text(v: unknown): string | null {
  const s = clean(v);
  return s.trim() !== "" ? s : null;
}

/** The Detail object for a resource name (`cce.cluster` lives at body.cce.cluster). */
function detailOf(body: Record<string, unknown>, name: string): Record<string, unknown> | null {
  const [top, sub] = name.split(".") as [string, string | undefined];
  const outer = body[top];
  if (!isObject(outer)) return null;
  if (sub === undefined) return outer;
  const inner = outer[sub];
  return isObject(inner) ? inner : null;
}

function toResource(name: ShownName, d: Record<string, unknown>): Resource | null {
  // Every string the server sent is cleaned here, once, so no later reader (table, JSON, watch,
  // summary) sees a raw control character; the state rules apply to the cleaned status.
  const status = clean(d.status).trim();
  const start = text(d.start_time);
  const end = text(d.end_time);
  const detail = clean(d.detail);
  // An empty object (or one with nothing we know) is not a resource the API reported.
  if (status === "" && start === null && end === null && detail === "") return null;
  // Each time parsed once: its milliseconds and the duration come from the same instant.
  const from = parseApiInstant(start);
  const to = parseApiInstant(end);
  return {
    name,
    status,
    start_time: start,
    end_time: end,
    startMs: from && instantMs(from),
    endMs: to && instantMs(to),
    duration_ms: from && to && instantDiffMs(from, to),
    detail,
  };
}

/** A blockchain's overall state from its resources': failed › finished › deploying › waiting › unknown (docs/OUTPUT.md). */
export function overallState(resources: readonly Pick<Resource, "status">[]): Overall {
  if (resources.length === 0) return "unknown";
  const statuses = resources.map((r) => r.status);
  if (statuses.includes("failed")) return "failed";
  if (statuses.every((s) => s === "finished")) return "finished";
  if (statuses.some((s) => s === "deploying" || s === "finished")) return "deploying";
  if (statuses.every((s) => s === "waiting")) return "waiting";
  return "unknown";
}

/** The top-level keys of the known resources, and the known keys under `cce`. */
const KNOWN_TOP = new Set(RESOURCE_NAMES.map((n) => n.split(".")[0] as string));
const KNOWN_NESTED = new Set<string>(RESOURCE_NAMES.filter((n) => n.includes(".")));
/** A resource's own fields: under a resource-shaped `cce`, these are not further keys to name. */
const FIELDS = new Set(["status", "start_time", "end_time", "detail"]);

/** What a resource the API sends looks like: an object with a `status` string. */
function resourceShaped(v: unknown): v is Record<string, unknown> {
  return isObject(v) && typeof v.status === "string";
}

/** A server key as a name people read: cleaned, on one line, at most UNKNOWN_NAME_CELLS cells. */
function keyName(key: string): string {
  const name = truncate(clean(key).trim(), UNKNOWN_NAME_CELLS);
  return name === "" ? '""' : name;
}

interface Unknown {
  name: string;
  /** A dotted key sent at the top level (`"cce.cluster": {…}`): the nested resource of that name keeps it. */
  topLevel: boolean;
  d: Record<string, unknown>;
}

/**
 * The resources the API sent that this tool does not know, in the response's
 * order: a resource-shaped value (`"dns": {"status": …}`), or an object of them
 * (`"cce": {"node_pool": {…}}` is `cce.node_pool`). Nothing about a resource is
 * dropped without a word: any other unknown key goes to `ignored`.
 */
function unknownResources(body: Record<string, unknown>, ignored: (key: string) => void): Unknown[] {
  const found: Unknown[] = [];
  for (const [key, value] of Object.entries(body)) {
    const known = KNOWN_TOP.has(key);
    if (!known && resourceShaped(value)) {
      found.push({ name: keyName(key), topLevel: key.includes("."), d: value });
      continue;
    }
    if (!isObject(value)) {
      if (!known) ignored(keyName(key));
      continue;
    }
    // A known key that is itself a resource (`bcs`) has only its fields; only `cce` nests resources.
    if (known && !RESOURCE_NAMES.some((n) => n.startsWith(`${key}.`))) continue;
    // `cce` sent as one resource (`"cce": {"status": …}`): shown as `cce`.
    const selfShaped = resourceShaped(value);
    if (selfShaped) found.push({ name: keyName(key), topLevel: false, d: value });
    const rest: string[] = [];
    let nested = 0;
    for (const [sub, inner] of Object.entries(value)) {
      const dotted = `${key}.${sub}`;
      if (KNOWN_NESTED.has(dotted) || (selfShaped && FIELDS.has(sub))) continue;
      if (resourceShaped(inner)) {
        found.push({ name: keyName(dotted), topLevel: false, d: inner });
        nested++;
      } else rest.push(dotted);
    }
    // An unknown object holding no resource is one ignored key, not one per field.
    if (!known && !selfShaped && nested === 0) ignored(keyName(key));
    else for (const dotted of rest) ignored(keyName(dotted));
  }
  return found;
}

/**
 * The API's response body (any JSON value) as the ordered resource list and
 * overall state: the known resources in the contract's order, then the unknown
 * ones in the response's. Never throws. `ignored` hears each unknown key that is
 * not a resource (for --verbose).
 */
export function normalize(
  blockchainId: string,
  body: unknown,
  checkedAt: number,
  ignored: (key: string) => void = () => {},
): BlockchainStatus {
  const resources: Resource[] = [];
  if (isObject(body)) {
    for (const name of RESOURCE_NAMES) {
      const d = detailOf(body, name);
      const r = d && toResource(name, d);
      if (r) resources.push(r);
    }
    const unknown = unknownResources(body, ignored);
    const taken = new Set<string>(resources.map((r): string => r.name));
    // Nested and plain names first, so a top-level `"cce.cluster"` never takes the name of the nested one.
    const names = new Map<Unknown, string>();
    for (const u of [...unknown.filter((u) => !u.topLevel), ...unknown.filter((u) => u.topLevel)]) {
      let name = taken.has(u.name) && u.topLevel ? `${u.name} (top level)` : u.name;
      for (let n = 2; taken.has(name); n++) name = `${u.name} (${n})`;
      taken.add(name);
      names.set(u, name);
    }
    for (const u of unknown) {
      const r = toResource(names.get(u) as string, u.d);
      if (r) resources.push(r);
    }
  }
  return { blockchain_id: blockchainId, overall: overallState(resources), checkedAt, resources };
}
