// Writes the shell completion scripts into completions/ for packagers, from the built binary
// (run after scripts/build.mjs): the same text `bcs-status completion <shell>` prints.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const FILES = { bash: "bcs-status.bash", zsh: "_bcs-status", fish: "bcs-status.fish" };

mkdirSync(new URL("../completions", import.meta.url), { recursive: true });
for (const [shell, name] of Object.entries(FILES)) {
  const script = execFileSync(process.execPath, ["bin/bcs-status.js", "completion", shell], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  writeFileSync(new URL(`../completions/${name}`, import.meta.url), script);
}
