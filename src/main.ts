import { CommanderError } from "commander";
import type { Deps } from "./deps.js";
import { ApiError, EXIT, exitCodeFor, isExpected, SilentExit } from "./errors.js";
import { buildProgram } from "./program.js";

/** One line for an error: what happened and, for API errors, what to try. */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) return err.hint ? `${err.message} (${err.hint})` : err.message;
  return err instanceof Error ? err.message : String(err);
}

/** Runs the CLI and returns the exit code; the only place errors become exit codes. */
export async function main(argv: readonly string[], deps: Deps): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(deps, (c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv], { from: "user" });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander printed the message (or the help/version) already.
      return err.code === "commander.helpDisplayed" || err.code === "commander.version" ? EXIT.ok : EXIT.usage;
    }
    if (!(err instanceof SilentExit)) {
      const line = isExpected(err)
        ? describeError(err)
        : `internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`;
      deps.io.stderr.write(`bcs-status: ${line}\n`);
    }
    return exitCodeFor(err);
  }
}
