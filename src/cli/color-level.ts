/**
 * The colour level for a stream: chalk's own detection (TTY, FORCE_COLOR, TERM, CI),
 * then NO_COLOR, which chalk's detector does not read (https://no-color.org).
 */
export function colorLevel(detected: number, env: NodeJS.ProcessEnv): 0 | 1 | 2 | 3 {
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "false" && env.FORCE_COLOR !== "0") {
    return Math.max(1, Math.min(3, detected)) as 1 | 2 | 3;
  }
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return 0;
  return Math.max(0, Math.min(3, detected)) as 0 | 1 | 2 | 3;
}
