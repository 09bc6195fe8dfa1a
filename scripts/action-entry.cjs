// The GitHub Action's entry (action.yml `runs.main`, bundled into action/index.cjs by
// scripts/build-action.mjs): like bin/, the only part that touches the process.
const { runAction } = require("../src/action/run.ts");
const { systemDeps } = require("../src/system.ts");

let settled = false;
process.on("exit", (code) => {
  if (!settled && code === 0) process.exitCode = 5;
});
runAction(systemDeps({ githubAction: true })).then((code) => {
  settled = true;
  process.exitCode = code;
});
