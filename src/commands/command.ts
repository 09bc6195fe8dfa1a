// The shape every command module follows (as gh's NewCmdX(f, runF)): `newXCommand(run)` declares
// the command's flags, parses them into typed options, validates them, and hands them to `run`.
// program.ts passes the real run function; a test passes one that records the options.
import type { Deps } from "../deps/deps.js";

/** A command's run function: its typed options and the run's dependencies in, an exit code out. */
export type Run<O> = (options: O, deps: Deps) => Promise<number>;

/** What an action needs from the program: the dependencies, and where the exit code goes. */
export interface Wiring {
  deps: Deps;
  setCode(code: number): void;
}
