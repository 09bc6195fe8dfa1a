import type { OutStream } from "../../deps/io.js";
import { groupEnd, groupStart, warningCommand } from "../../render/github.js";
import { fullLabel } from "../../render/names.js";

/**
 * Where a watch's human progress goes (stderr, behind the output boundary):
 * lines that stay, and on a terminal a live status. `id` names the blockchain a
 * line belongs to (GitHub Actions groups by it); null is a line for the run.
 */
export interface Surface {
  /** Whether the surface shows a live status (a spinner): then retry notes go there, not into lines. */
  readonly live: boolean;
  line(id: string | null, text: string): void;
  status(text: string): void;
  /** GitHub Actions: a `::warning` for the id (a resource running longer than usual); elsewhere absent, and a line says it. */
  warn?(id: string, text: string): void;
  close(): void;
}

/** Plain lines, one per event: no cursor movement (CI, a pipe, a terminal without a known width). */
export function plainSurface(err: OutStream): Surface {
  return {
    live: false,
    line: (_id, text) => err.write(`${text}\n`),
    status() {},
    close() {},
  };
}

/**
 * GitHub Actions folds each id's lines into a `::group::`: live for one id;
 * for several, held and written as one group per id at the end, so groups
 * never interleave. Lines for the run as a whole (errors) go out at once.
 */
export function githubSurface(err: OutStream, ids: readonly string[], names: ReadonlyMap<string, string> = new Map()): Surface {
  // The group lines are workflow commands: they go out through the boundary's command channel, the lines as text.
  const label = (id: string) => fullLabel({ blockchain_id: id, name: names.get(id) });
  const open = (id: string) => err.command(groupStart(`BCS ${label(id)} transitions`));
  const warn = (id: string, text: string) => err.command(warningCommand(text, `BCS ${label(id)} longer than usual`));
  if (ids.length === 1) {
    open(ids[0] as string);
    return {
      live: false,
      line: (_id, text) => err.write(`${text}\n`),
      status() {},
      warn,
      close: () => err.command(groupEnd()),
    };
  }
  const held = new Map<string, string[]>(ids.map((id) => [id, []]));
  return {
    live: false,
    line(id, text) {
      const buffer = id === null ? undefined : held.get(id);
      if (buffer) buffer.push(text);
      else err.write(`${text}\n`);
    },
    status() {},
    warn,
    close() {
      for (const [id, lines] of held) {
        open(id);
        err.write(lines.map((l) => `${l}\n`).join(""));
        err.command(groupEnd());
      }
    },
  };
}
