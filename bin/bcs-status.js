#!/usr/bin/env node
import { existsSync } from "node:fs";
import { createRequire } from "node:module";

// The package ships dist/ (CommonJS: dist/package.json); a clone has it once `npm run build` (or `npm test`) has run.
const cli = new URL("../dist/cli.js", import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write("bcs-status: dist/ is not built: run npm run build\n");
  process.exit(2);
}
const { main, systemDeps } = createRequire(import.meta.url)("../dist/cli.js");
process.exitCode = await main(process.argv.slice(2), systemDeps());
