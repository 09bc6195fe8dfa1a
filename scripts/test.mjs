// `npm test` after the build: the type check, the lint and the test suite side by side, each with its
// own output, and a failure if any of them fails. Run one after another they took about 12 s more on
// a 2-core machine: the suite leaves a core idle while its tests wait on timers and spawned
// processes, and the type check fits in that time. The type check's and the lint's output are
// printed when each ends, so they never interleave with the suite's.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = (name) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));

/** Runs a command; buffered: its output when it ends, else inherited. Resolves with its exit code. */
function run(name, file, args, buffered) {
  return new Promise((resolve) => {
    const child = spawn(file, args, { cwd: root, stdio: buffered ? ["ignore", "pipe", "pipe"] : "inherit" });
    let out = "";
    if (buffered) {
      child.stdout.on("data", (d) => {
        out += d;
      });
      child.stderr.on("data", (d) => {
        out += d;
      });
    }
    child.on("error", (err) => {
      process.stderr.write(`test: ${name}: ${err.message}\n`);
      resolve(1);
    });
    child.on("close", (code, signal) => {
      if (buffered && out) process.stderr.write(`\n── ${name} ──\n${out}`);
      const status = code ?? (signal ? 1 : 0);
      if (status !== 0) process.stderr.write(`test: ${name} failed (${signal ?? `exit ${code}`})\n`);
      resolve(status);
    });
  });
}

const codes = await Promise.all([
  run("typecheck (tsc --noEmit)", bin("tsc"), ["--noEmit"], true),
  run("lint (biome check .)", bin("biome"), ["check", "."], true),
  run("vitest run", bin("vitest"), ["run", ...process.argv.slice(2)], false),
]);
process.exitCode = codes.some((c) => c !== 0) ? 1 : 0;
