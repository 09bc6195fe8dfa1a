import { type Deps, outputFailed, outputGone } from "../deps/deps.js";
import { describeError, EXIT, exitCodeFor, InterruptedError, isExpected, SilentExit } from "../util/errors.js";

/** Runs the CLI and returns the exit code; the only place errors become exit codes. */
export async function main(argv: readonly string[], deps: Deps): Promise<number> {
  // `--version` alone answers before the command tree is loaded: it is the
  // call scripts make most often, and commander is most of the start-up cost.
  if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
    deps.io.stdout.write(`${__VERSION__}\n`);
    return EXIT.ok;
  }
  const { CommanderError, buildProgram, secretsBeforeParsing } = await import("./program.js");
  // Before a word about the arguments is written: a usage error may echo one of them.
  for (const secret of secretsBeforeParsing(argv, deps.env)) deps.io.secrets.add(secret);
  let code: number = EXIT.ok;
  // No command at all: the help, on stdout, as a success (gh and kubectl do the same).
  const args = argv.length === 0 ? ["--help"] : [...argv];
  const program = buildProgram(
    deps,
    (c) => {
      code = c;
    },
    args,
  );
  const known = (name: string) => program.commands.some((c) => c.name() === name || c.aliases().includes(name));
  if (args[0] === "help" && args[1] !== undefined && !known(args[1])) {
    deps.io.stderr.write(`bcs-status: unknown command '${args[1]}' (see 'bcs-status --help')\n`);
    return EXIT.usage;
  }
  try {
    await program.parseAsync(args, { from: "user" });
    if (outputFailed(deps.signal)) return EXIT.api;
    // A signal that came while the command was finishing (writing its history, closing sockets) is an
    // interrupt all the same: whatever phase it fell in, the run says so, as any interrupted run does.
    if (deps.signal.aborted && !outputGone(deps.signal) && code !== EXIT.interrupted) throw new InterruptedError();
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander printed the message (or the help/version) already.
      // Help asked for (--help, `help <command>`, no command at all) is a success; anything else commander refused is usage.
      return err.exitCode === 0 || err.code === "commander.helpDisplayed" || err.code === "commander.version" ? EXIT.ok : EXIT.usage;
    }
    if (outputFailed(deps.signal)) return EXIT.api;
    if (!(err instanceof SilentExit) && !(err instanceof InterruptedError && outputGone(deps.signal))) {
      const line = isExpected(err)
        ? describeError(err)
        : `internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`;
      deps.io.stderr.write(`${await fittedToStderr(`bcs-status: ${line}`, deps)}\n`);
    }
    return exitCodeFor(err);
  }
}

/** An error line wrapped to the width of stderr (util/width.ts); loaded only when there is an error to print. */
async function fittedToStderr(line: string, deps: Deps): Promise<string> {
  const [{ wrapDiagnostic }, { lineWidth }] = await Promise.all([import("../render/fit.js"), import("../util/width.js")]);
  return wrapDiagnostic(line, lineWidth(deps.io.stderr, deps.env));
}
