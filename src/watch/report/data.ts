import type { IO } from "../../deps/io.js";
import { failureLine, rawLine, renderStatusJson } from "../../render/json.js";
import type { Reporter } from "./reporter.js";

/**
 * `--json` / `--raw`: one line on stdout per change of an id's state (the first
 * answer counts), and an id that ends in an error gives its error document as
 * its last line, at once. Nothing else goes to stdout.
 */
export function dataReporter(io: IO, flags: { json?: boolean; raw?: boolean }): Reporter {
  return {
    change(status, _changes, raw) {
      io.stdout.write(flags.json ? renderStatusJson(status) : rawLine(raw));
    },
    poll() {},
    transient() {},
    done(outcome) {
      if (outcome.kind === "error") io.stdout.write(failureLine(outcome.failure, flags));
    },
    close() {},
  };
}
