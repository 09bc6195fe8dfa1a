import { bashScript } from "../../completion/bash.js";
import { fishScript } from "../../completion/fish.js";
import { completionModel } from "../../completion/model.js";
import { zshScript } from "../../completion/zsh.js";
import type { Deps } from "../../deps/deps.js";
import { configFilePath, loadConfigFile } from "../../settings/config-file.js";
import type { CompletionOptions, ProfilesOptions } from "./command.js";

const GENERATORS = { bash: bashScript, zsh: zshScript, fish: fishScript } as const;

/** `completion <shell>`: prints the completion script generated from the command tree. */
export async function runCompletion({ shell, program }: CompletionOptions, deps: Deps): Promise<number> {
  deps.io.stdout.write(GENERATORS[shell](completionModel(program)));
  return 0;
}

/**
 * `__profiles [--config FILE]`, for the completion scripts: the profile names of the config
 * file in effect (--config, else BCS_CONFIG, else the default path), one per line. It never
 * prints an error: no file, or an invalid one, gives no names.
 */
export async function runListProfiles(flags: ProfilesOptions, deps: Deps): Promise<number> {
  const file = configFilePath(flags.config || deps.env.BCS_CONFIG, deps.env, deps.homedir);
  try {
    const cfg = await loadConfigFile(file, null);
    const names = Object.keys(cfg?.profiles ?? {}).filter((n) => n !== "" && !/[\r\n]/.test(n));
    if (names.length > 0) deps.io.stdout.write(`${names.join("\n")}\n`);
  } catch {
    // Completion stays silent: an unreadable or invalid file offers no names.
  }
  return 0;
}
