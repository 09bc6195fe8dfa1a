// The GitHub Action's entry (action.yml `runs.main`, bundled into action/index.cjs by
// scripts/build-action.mjs): like bin/, the only part that touches the process.
// The runner runs the file (`node action/index.cjs`), which starts the Action at once; a harness
// that loads it instead (GitHub's local-action) calls the exported run().
const { runAction } = require("../src/action/run.ts");
const { systemDeps } = require("../src/cli/system.ts");

let settled = false;
process.on("exit", (code) => {
  if (!settled && code === 0) process.exitCode = 5;
});

async function run() {
  const code = await runAction(systemDeps({ githubAction: true }));
  settled = true;
  process.exitCode = code;
}
module.exports = { run };

// In the bundle `module` is esbuild's wrapper, not the file's: compare the file names instead.
if (require.main?.filename === __filename) run();
