import { Argument, Command, type CommandUnknownOpts } from "@commander-js/extra-typings";
import type { Run, Wiring } from "../command.js";

function declareCompletion() {
  return new Command("completion")
    .description("print a shell completion script")
    .addArgument(new Argument("<shell>", "bash, zsh or fish").choices(["bash", "zsh", "fish"] as const))
    .addHelpText(
      "after",
      "\nExamples:\n  $ source <(bcs-status completion bash)\n  $ bcs-status completion fish > ~/.config/fish/completions/bcs-status.fish",
    );
}

/** What `completion` runs with: the shell, and the command tree the script is generated from. */
export interface CompletionOptions {
  shell: "bash" | "zsh" | "fish";
  program: CommandUnknownOpts;
}

export function newCompletionCommand(w: Wiring, run: Run<CompletionOptions>) {
  const cmd = declareCompletion();
  return cmd.action(async (shell) => {
    w.setCode(await run({ shell, program: cmd.parent ?? cmd }, w.deps));
  });
}

function declareProfiles() {
  return new Command("__profiles").option("--config <path>");
}

export type ProfilesOptions = ReturnType<ReturnType<typeof declareProfiles>["opts"]>;

/** Used by the completion scripts: the profile names of the config file in effect. Hidden from help. */
export function newProfilesCommand(w: Wiring, run: Run<ProfilesOptions>) {
  return declareProfiles().action(async (flags) => {
    w.setCode(await run(flags, w.deps));
  });
}
