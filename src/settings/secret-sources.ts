import { urlSecrets } from "../util/text.js";
import { SETTINGS } from "./definitions.js";

/** The proxy variables (undici reads them; a proxy's password is a secret of the run like any other). */
const PROXY_VARIABLES = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"];

/**
 * The secrets known before anything is parsed: every secret setting's
 * environment variables, and `--token` on the command line. main() hands them
 * to the output boundary first, so that not even a usage error about the
 * arguments (an id, a flag value) can echo one.
 */
export function secretsBeforeParsing(argv: readonly string[], env: NodeJS.ProcessEnv): string[] {
  const out: string[] = [];
  for (const def of SETTINGS) {
    if (!def.secret) continue;
    for (const name of def.env) {
      const value = env[name];
      if (value) out.push(value);
    }
  }
  for (const name of PROXY_VARIABLES) {
    const value = env[name]?.trim();
    if (value) out.push(...urlSecrets(value.includes("://") ? value : `http://${value}`));
  }
  argv.forEach((arg, i) => {
    if (arg === "--token" && argv[i + 1] !== undefined) out.push(argv[i + 1] as string);
    else if (arg.startsWith("--token=")) out.push(arg.slice("--token=".length));
  });
  return out;
}
