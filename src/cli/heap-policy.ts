/**
 * V8's heap policy for this process: favour a small heap over speed.
 *
 * A watch runs for up to hours and allocates a little per poll. With V8's
 * defaults the young generation doubles up to 2 × 16 MB and the old one is let
 * grow to about four times the live heap before a full collection, and the
 * pages stay committed: in the soak (`npm run soak`, 20 ids, 50 ms interval)
 * RSS rose from 77 to 103 MB while the live heap after each full GC stayed at
 * 8–9 MB. These flags are what `node --optimize-for-size` means, set at run
 * time: V8 sizes the old generation conservatively and collects "to reduce"
 * (read at each collection), and the young generation keeps its initial size
 * (V8 reads the growth factor each time it would grow it). For a CLI whose
 * work is waiting on the network the extra collections cost little
 * (docs/RELIABILITY.md, "Soak", has the figures).
 *
 * Applied by `deps.longRunning()` (systemDeps), which watch and mock-server call
 * before they start, and get and list when they stream more ids than their
 * window; a one-shot `get` of a few ids keeps V8's defaults.
 *
 * A user's own choice wins: a process started with any of these flags (or
 * their negation) on the command line or in NODE_OPTIONS is left as it is.
 */
export const SMALL_HEAP_FLAGS = ["--optimize-for-size", "--semi-space-growth-factor=1"] as const;

const CHOICE = /^--(no-)?(optimize[-_]for[-_]size|semi[-_]space[-_]growth[-_]factor|max[-_]semi[-_]space[-_]size)(=|$)/;

/** Whether the node options already choose how the heap is sized (either spelling, either sense). */
export function choosesHeapPolicy(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  return [...execArgv, ...(nodeOptions ?? "").split(/\s+/)].some((arg) => CHOICE.test(arg));
}

/** Sets the small-heap flags through setFlags unless the process was started with a choice of its own. */
export function preferSmallHeap(execArgv: readonly string[], nodeOptions: string | undefined, setFlags: (flags: string) => void): boolean {
  if (choosesHeapPolicy(execArgv, nodeOptions)) return false;
  for (const flag of SMALL_HEAP_FLAGS) setFlags(flag);
  return true;
}
