import type { ListedBlockchain } from "../api/blockchain-list.js";
import type { Deps } from "../deps/deps.js";
import { wrapDiagnostic } from "../render/fit.js";
import { byName } from "../status/list-order.js";
import type { Target } from "../status/model.js";
import { validateId } from "../util/checks.js";
import { ApiError, UsageError } from "../util/errors.js";
import { suggest } from "../util/nearest.js";
import { quoteText } from "../util/text.js";
import { lineWidth } from "../util/width.js";
import type { TargetFlags } from "./flags.js";
import type { Session } from "./session.js";

/**
 * Before anything else (nothing is resolved or requested yet): something to
 * query, valid ids, and `--all` alone.
 */
export function checkTargets(ids: readonly string[], flags: TargetFlags): void {
  const names = flags.name ?? [];
  if (flags.all && (ids.length > 0 || names.length > 0)) {
    throw new UsageError("--all already means every blockchain of the project: give no ids or --name with it");
  }
  if (!flags.all && ids.length === 0 && names.length === 0) {
    throw new UsageError("missing required argument 'id': give one or more blockchain ids, --name NAME, or --all");
  }
  for (const id of ids) validateId(id, "blockchain id");
  for (const name of names) if (name === "") throw new UsageError("--name needs a blockchain name (it is empty)");
}

function andList(words: readonly string[], joiner = "and"): string {
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} ${joiner} ${words.at(-1)}`;
}

/**
 * The ids `--name` gives, in the order given. No blockchain of that name is
 * "not found" (exit 4), naming the nearest names; two or more of that name is
 * a usage error (exit 2) naming their ids. Names match exactly.
 */
export function idsForNames(names: readonly string[], list: readonly ListedBlockchain[], projectId: string): string[] {
  // One pass over the list, then one look-up per name: O(names + list), whatever their numbers.
  const named = new Map<string, ListedBlockchain[]>();
  for (const b of list) {
    const same = named.get(b.name);
    if (same) same.push(b);
    else named.set(b.name, [b]);
  }
  return names.map((name) => {
    const matches = named.get(name) ?? [];
    if (matches.length === 1) return (matches[0] as ListedBlockchain).id;
    if (matches.length > 1) {
      throw new UsageError(
        `${matches.length} blockchains in project ${projectId} are named ${quoteText(name)}: ${andList(matches.map((b) => b.id))}; pass the id instead`,
      );
    }
    const near = suggest(
      name,
      list.map((b) => b.name).filter((n) => n !== ""),
    );
    const quoted = near.names.map((n) => quoteText(n));
    const tail =
      quoted.length === 0
        ? ": the project has no blockchains"
        : near.close
          ? `; did you mean ${andList(quoted, "or")}?`
          : `; the nearest ${quoted.length === 1 ? "name is" : "names are"} ${andList(quoted)}`;
    throw new ApiError(
      `no blockchain named ${quoteText(name)} in project ${projectId}${tail}`,
      "notFound",
      null,
      null,
      "`bcs-status list` shows every blockchain of the project",
    );
  });
}

/** Each id once, where it first came; a name it was also looked up by goes with it. */
function unique(targets: readonly Target[]): Target[] {
  const byId = new Map<string, Target>();
  for (const t of targets) {
    const seen = byId.get(t.id);
    if (!seen) byId.set(t.id, { ...t });
    else if (seen.name === undefined && t.name !== undefined) seen.name = t.name;
  }
  return [...byId.values()];
}

/** A listed blockchain as a target: an empty name is no name. */
function listed(b: ListedBlockchain): Target {
  return b.name === "" ? { id: b.id } : { id: b.id, name: b.name };
}

/**
 * What get and watch query: the ids given (without a name, and without a list
 * call when they are all there is), then those of `--name` (one list call for
 * all of them, before any status request), or with `--all` every blockchain
 * of the project, by name. An empty project under `--all` says so on stderr
 * and gives no targets (the caller exits 0). Ids in the list that could never
 * be requested are skipped with a warning.
 */
export async function resolveTargets(ids: readonly string[], flags: TargetFlags, session: Session, deps: Deps): Promise<Target[]> {
  const names = flags.name ?? [];
  const given = ids.map((id) => ({ id }));
  if (!flags.all && names.length === 0) return unique(given);
  const list = await listProject(session, deps, { all: flags.all === true });
  if (flags.all) return [...list].sort(byName).map(listed);
  const found = idsForNames(names, list, session.target.projectId).map((id, i) => ({ id, name: names[i] as string }));
  return unique([...given, ...found]);
}

/**
 * The project's blockchains (one list call), for list, `--name` and `--all`:
 * an id that could never be requested is left out with a warning. When all
 * are asked for, an empty project is said on stderr (the callers then exit 0).
 */
export async function listProject(session: Session, deps: Deps, o: { all: boolean }): Promise<ListedBlockchain[]> {
  const { blockchains, skipped } = await session.client.listBlockchains(deps.signal);
  const width = lineWidth(deps.io.stderr, deps.env);
  const say = (line: string) => session.diag(wrapDiagnostic(`bcs-status: ${line}`, width));
  for (const s of skipped) say(`warning: skipping ${s} from the blockchain list: not a valid blockchain id`);
  if (o.all && blockchains.length === 0) say(`no blockchains in project ${session.target.projectId}`);
  return blockchains;
}
