// Loads each generated completion script into a REAL bash, zsh and fish and asks it to complete.
// The scripts come from the built binary, and `bcs-status __profiles` runs through a shim on PATH.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Command, type CommandUnknownOpts, Option } from "@commander-js/extra-typings";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bashScript } from "../../src/completion/bash.js";
import { fishScript } from "../../src/completion/fish.js";
import { completionModel } from "../../src/completion/model.js";
import { zshScript } from "../../src/completion/zsh.js";
import { BIN, baseEnv, cli, cliLine } from "../helpers/cli.js";
import { needsTool, type Tool } from "../helpers/tools.js";

type Shell = "bash" | "zsh" | "fish";
/** The real shells (Debian packages of the same names): locally a missing one skips its tests (with a warning), under CI=true it fails them. */
const SHELLS: Record<Shell, Tool> = { bash: needsTool("bash", "bash"), zsh: needsTool("zsh", "zsh"), fish: needsTool("fish", "fish") };

// bash: source the script, find the function `complete -F` registered, fill COMP_* as bash would, print COMPREPLY.
const BASH_DRIVER = `source "$1" || exit 3
fn=$(complete -p bcs-status | sed -n 's/.*-F \\([^ ]*\\) .*/\\1/p')
read -ra COMP_WORDS <<<"$2"
[[ $2 == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)) COMP_LINE=$2 COMP_POINT=\${#2}
"$fn" bcs-status "\${COMP_WORDS[COMP_CWORD]}" "\${COMP_WORDS[COMP_CWORD - 1]}"
printf '%s\\n' "\${COMPREPLY[@]}"`;

// zsh: compsys only runs inside ZLE, so drive an interactive zsh in a pseudo-terminal (zsh/zpty, part of zsh),
// type LINE and Tab; a compadd wrapper logs every match (and "D:" + descriptions) that compsys adds.
// MODE "source": source the script after compinit; "fpath": put it on $fpath as _bcs-status before compinit.
const ZSH_DRIVER = `zmodload zsh/zpty || exit 3
local mode=$1 script=$2 out=$3 line=$4 dir=$3.d junk
mkdir -p $dir && : >| $out
[[ $mode == fpath ]] && cp $script $dir/_bcs-status
cat >| $dir/init.zsh <<INIT
PS1= RPROMPT=
stty columns 250 2>/dev/null; COLUMNS=250
\${\${(M)mode:#fpath}:+fpath=($dir \\$fpath)}
autoload -Uz compinit && compinit -u -D
\${\${(M)mode:#source}:+source \${(q)script}}
compadd() {
  if [[ \\\${@[1,(i)(-|--)]} == *-(O|A|D)\\ * ]]; then builtin compadd "\\$@"; return; fi
  local -a __hits; local __d=\\\${@[(i)-d]}
  builtin compadd -O __hits "\\$@"
  (( __d < \\$# )) && print -rl -- "D:\\\${(P@)@[__d+1]}" >> \${(q)out}
  (( \\$#__hits )) && print -rl -- "\\\${__hits[@]}" >> \${(q)out}
  builtin compadd "\\$@"
}
__capture_done() { print -r -- '<<done>>' >> \${(q)out} }
__capture_start() { comppostfuncs=(__capture_done) }
compprefuncs=(__capture_start)
bindkey '^I' complete-word
print -r -- '<<ready>>' >> \${(q)out}
INIT
zpty shell zsh -f -i
zpty -w shell "source \${(q)dir}/init.zsh"
wait_for() { integer n; for (( n = 0; n < 300; n++ )); do zpty -rt shell junk 2>/dev/null; [[ $(<$out) == *$1* ]] && return 0; sleep 0.05; done; return 1 }
wait_for '<<ready>>' || { print -u2 'zsh did not start'; exit 4 }
zpty -w -n shell "$line"$'\\t'
wait_for '<<done>>' || { print -u2 "no completion ran: $(<$out)"; exit 5 }
zpty -d shell
cat $out`;

let dir: string;
let cwd: string;
let env: NodeJS.ProcessEnv;
const scripts = {} as Record<Shell, string>;
let runs = 0;

/** What the shell offers for `line`, and (zsh, fish) the descriptions it shows. */
function complete(shell: Shell, script: string, line: string, mode: "source" | "fpath" = "source"): { words: string[]; descs: string[] } {
  const args: Record<Shell, string[]> = {
    bash: ["--norc", "--noprofile", "-c", BASH_DRIVER, "bash", script, line],
    zsh: ["-f", path.join(dir, "driver.zsh"), mode, script, path.join(dir, `zsh-out-${++runs}`), line],
    fish: ["--no-config", "-c", "source $argv[1]; and complete -C $argv[2]", script, line],
  };
  const r = spawnSync(shell, args[shell], { env, cwd, encoding: "utf8", timeout: 30_000 });
  expect(r.status, `${shell} failed: ${r.stderr}`).toBe(0);
  let lines = r.stdout.split("\n").filter((l) => l !== "");
  if (shell === "zsh") lines = lines.filter((l) => !l.startsWith("<<"));
  const descs = shell === "fish" ? lines.map((l) => l.split("\t")[1] ?? "") : lines.filter((l) => l.startsWith("D:"));
  const words = shell === "fish" ? lines.map((l) => l.split("\t")[0] as string) : lines.filter((l) => !l.startsWith("D:"));
  return { words, descs };
}

beforeAll(() => {
  if (!existsSync(path.join(path.dirname(BIN), "..", "dist", "cli.js"))) throw new Error("build first: node scripts/build.mjs");
  dir = mkdtempSync(path.join(tmpdir(), "bcs-completion-"));
  cwd = path.join(dir, "cwd");
  mkdirSync(cwd);
  mkdirSync(path.join(dir, "shim"));
  const shim = path.join(dir, "shim", "bcs-status");
  writeFileSync(shim, `#!/bin/sh\nexec ${cliLine([])} "$@"\n`);
  chmodSync(shim, 0o755);
  writeFileSync(path.join(dir, "config.json"), JSON.stringify({ profiles: { prod: {}, staging: {}, "dev box": {} } }));
  writeFileSync(path.join(dir, "other.json"), JSON.stringify({ profiles: { alpha: {} } }));
  writeFileSync(path.join(dir, "driver.zsh"), ZSH_DRIVER);
  env = baseEnv({
    PATH: `${path.join(dir, "shim")}:${process.env.PATH}`,
    HOME: dir,
    BCS_CONFIG: path.join(dir, "config.json"),
    TERM: "dumb",
  });
  for (const shell of ["bash", "zsh", "fish"] as const) {
    const r = spawnSync(...cli(["completion", shell]), { env, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    scripts[shell] = path.join(dir, `script.${shell}`);
    writeFileSync(scripts[shell], r.stdout);
  }
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A program whose texts and choices hold every character the shells treat specially. */
function trickyProgram(): CommandUnknownOpts {
  const program = new Command("bcs-status");
  program
    .command("odd")
    .description(`it's "odd" [x] a:b $(touch PWNED) \`touch PWNED\` 50% back\\slash`)
    .addOption(new Option("--pick <v>", `pick [one] of: "a b", it's $(touch PWNED) back\\slash`).choices(TRICKY_WORDS));
  return program;
}
const TRICKY_WORDS = ["a b", "it's", "x:y", "$(touch PWNED)", "(touch PWNED)", "`touch PWNED`", "back\\slash", "plain"];

describe.each(["bash", "zsh", "fish"] as const)("%s completion (real shell)", (shell) => {
  beforeAll(() => SHELLS[shell].check());

  it.skipIf(SHELLS[shell].skip)("completes a command name", () => {
    expect(complete(shell, scripts[shell], "bcs-status wa").words).toEqual(["watch"]);
  });

  it.skipIf(SHELLS[shell].skip)("completes a flag of watch", () => {
    expect(complete(shell, scripts[shell], "bcs-status watch --inter").words).toEqual(["--interval"]);
  });

  it.skipIf(SHELLS[shell].skip)("completes profile names from the config file in BCS_CONFIG", () => {
    expect(complete(shell, scripts[shell], "bcs-status get --profile ").words.sort()).toEqual(["dev box", "prod", "staging"]);
  });

  it.skipIf(SHELLS[shell].skip)("reads the profiles of a --config given on the line", () => {
    const other = path.join(dir, "other.json");
    expect(complete(shell, scripts[shell], `bcs-status watch x --config ${other} --profile `).words).toEqual(["alpha"]);
  });

  it.skipIf(SHELLS[shell].skip)("completes shell names and scenario names", () => {
    expect(complete(shell, scripts[shell], "bcs-status completion ").words.sort()).toEqual(["bash", "fish", "zsh"]);
    expect(complete(shell, scripts[shell], "bcs-status mock-server --scenario f").words.sort()).toEqual(["failure", "flaky"]);
  });

  it.skipIf(SHELLS[shell].skip)("offers the known regions after --region", () => {
    expect(complete(shell, scripts[shell], "bcs-status get --region ").words.sort()).toEqual([
      "cn-east-2",
      "cn-north-1",
      "cn-north-4",
      "cn-south-1",
    ]);
    expect(complete(shell, scripts[shell], "bcs-status watch x --region cn-n").words.sort()).toEqual(["cn-north-1", "cn-north-4"]);
  });

  it.skipIf(SHELLS[shell].skip)("keeps quotes, brackets, colons and $(…) in texts and choices literal", () => {
    const gen = { bash: bashScript, zsh: zshScript, fish: fishScript }[shell];
    const file = path.join(dir, `tricky.${shell}`);
    writeFileSync(file, gen(completionModel(trickyProgram())));
    expect(complete(shell, file, "bcs-status odd --pick ").words.sort()).toEqual([...TRICKY_WORDS].sort());
    if (shell !== "bash") {
      const cmd = complete(shell, file, "bcs-status od").descs.join("\n");
      expect(cmd).toContain(`it's "odd" [x] a:b $(touch PWNED) \`touch PWNED\` 50% back\\slash`);
      const opt = complete(shell, file, "bcs-status odd --pi").descs.join("\n");
      expect(opt).toContain(`pick [one] of: "a b", it's $(touch PWNED) back\\slash`);
    }
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe(`zsh completion from $fpath (autoloaded)${SHELLS.zsh.note}`, () => {
  it.skipIf(SHELLS.zsh.skip)("completes a command name and a flag", () => {
    SHELLS.zsh.check();
    expect(complete("zsh", scripts.zsh, "bcs-status wa", "fpath").words).toEqual(["watch"]);
    expect(complete("zsh", scripts.zsh, "bcs-status watch --inter", "fpath").words).toEqual(["--interval"]);
  });
});
