// The single executable's main script: bin/bcs-status.js, with the CLI bundled in instead of read
// from dist/ (a single executable's own require() loads only Node's built-in modules).
const { main, systemDeps } = require("../src/cli/cli.ts");

let settled = false;
// As in bin/: should the event loop run dry before main settles (a bug), the exit is 5, never a silent 0.
process.on("exit", (code) => {
  if (!settled && code === 0) process.exitCode = 5;
});
main(process.argv.slice(2), systemDeps()).then((code) => {
  settled = true;
  process.exitCode = code;
});
