import { randomUUID } from "node:crypto";
import type { Deps } from "../deps/deps.js";
import { renderFailureJson, renderStatusJson } from "../render/json.js";
import { secretsBeforeParsing } from "../settings/secret-sources.js";
import type { QueryResult } from "../status/model.js";
import { describeError, EXIT, exitCodeFor, isExpected, SilentExit } from "../util/errors.js";
import { input, readInputs, SECRET_INPUTS } from "./inputs.js";
import { outputFileText, worstState } from "./outputs.js";
import { watchForAction } from "./watch-adapter.js";

/** A random heredoc delimiter for `$GITHUB_OUTPUT` (the form GitHub's toolkit writes). */
export const randomDelimiter = () => `ghadelimiter_${randomUUID()}`;

/**
 * The GitHub Action (action.yml): `bcs-status watch` in this process, with its inputs from
 * `INPUT_*`. It writes what the CLI writes on GitHub Actions (progress grouped per id,
 * `::error`/`::warning` annotations, the step summary) and sets the outputs `overall` (the
 * worst state), `exit-code` and `result` (each blockchain's last `--json` line). It returns
 * the CLI's exit code: 0 (the step succeeds) only when everything finished, or with `for`
 * when those resources did. The deps' IO announces each secret with `::add-mask::` as it is
 * learned (systemDeps({ githubAction: true })).
 */
export async function runAction(deps: Deps, delimiter: () => string = randomDelimiter): Promise<number> {
  const { env, io } = deps;
  // Before a word is written: every secret input, and every secret the CLI's variables hold.
  for (const name of SECRET_INPUTS) io.secrets.add(input(env, name));
  for (const secret of secretsBeforeParsing([], env)) io.secrets.add(secret);
  let results: readonly QueryResult[] = [];
  let code: number;
  try {
    code = await watchForAction(readInputs(env), deps, (r) => {
      results = r;
    });
  } catch (err) {
    if (!(err instanceof SilentExit)) {
      const line = isExpected(err)
        ? describeError(err)
        : `internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`;
      io.stderr.write(`bcs-status: ${line}\n`);
    }
    code = exitCodeFor(err);
  }
  const outputs = {
    overall: worstState(results),
    "exit-code": String(code),
    result: results
      .map((r) => (r.ok ? renderStatusJson(r.status) : renderFailureJson(r.failure)))
      .join("")
      .trimEnd(),
  };
  const file = env.GITHUB_OUTPUT;
  if (!file) {
    io.stderr.write("bcs-status: warning: $GITHUB_OUTPUT is not set: the outputs overall, exit-code and result are not written\n");
    return code;
  }
  try {
    // Through the boundary like every file: a server's echo of a secret is masked in `result` too.
    await io.files.append(file, outputFileText(outputs, delimiter), deps.signal);
  } catch (err) {
    io.stderr.write(`bcs-status: cannot write $GITHUB_OUTPUT ${file}: ${(err as NodeJS.ErrnoException).code ?? describeError(err)}\n`);
    return code === EXIT.ok ? EXIT.api : code;
  }
  return code;
}
