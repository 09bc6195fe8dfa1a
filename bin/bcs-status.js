#!/usr/bin/env node
import { existsSync } from "node:fs";

// The package ships dist/; a clone has it once `npm run build` (or `npm test`) has run.
const cli = new URL("../dist/cli.js", import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write("bcs-status: dist/ is not built: run npm run build\n");
  process.exit(2);
}
const { main, systemDeps } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2), systemDeps());
