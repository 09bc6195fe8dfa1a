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
// Should the event loop ever run dry before main settles (a bug), the exit is a failure
// (5, as for any internal error), never a silent 0; ES modules' top-level await gave 13.
process.exitCode = 5;
const { main, systemDeps } = require(cli);
main(process.argv.slice(2), systemDeps()).then((code) => {
  process.exitCode = code;
});
