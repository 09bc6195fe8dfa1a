#!/usr/bin/env node
// CommonJS (bin/package.json), like dist/: a start-up that never needs Node's ES module loader.
const { existsSync } = require("node:fs");
const path = require("node:path");

// The package ships dist/; a clone has it once `npm run build` (or `npm test`) has run.
const cli = path.join(__dirname, "..", "dist", "cli.js");
if (!existsSync(cli)) {
  process.stderr.write("bcs-status: dist/ is not built: run npm run build\n");
  process.exit(2);
}
const { main, systemDeps } = require(cli);
let settled = false;
// Should the event loop run dry before main settles (a bug), the exit is a failure (5, as for
// any internal error), never a silent 0; an ES module's unsettled top-level await gave 13.
process.on("exit", (code) => {
  if (!settled && code === 0) process.exitCode = 5;
});
main(process.argv.slice(2), systemDeps()).then((code) => {
  settled = true;
  process.exitCode = code;
});
