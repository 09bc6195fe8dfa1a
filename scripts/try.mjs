// `npm run try`: start the simulator on a free loopback port, `get` one
// blockchain from it (table, then JSON), and stop the simulator.
import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const bin = fileURLToPath(new URL("../bin/bcs-status.js", import.meta.url));
const server = spawn(process.execPath, [bin, "mock-server", "--port", "0", "--scenario", "success", "--speed", "20"], {
  stdio: ["ignore", "pipe", "ignore"],
});
const url = await new Promise((resolve, reject) => {
  let out = "";
  server.stdout.on("data", (d) => {
    out += d;
    if (out.includes("\n")) resolve(out.split("\n")[0].trim());
  });
  server.once("exit", (code) => reject(new Error(`mock-server exited with ${code}`)));
});
const env = { ...process.env, BCS_ENDPOINT: url, BCS_PROJECT_ID: "demo-project", BCS_TOKEN: "demo-token" };
const run = (args) => {
  console.error(`$ bcs-status ${args.join(" ")}`);
  return spawnSync(process.execPath, [bin, ...args], { stdio: "inherit", env }).status;
};
run(["get", "bc-demo-1"]);
await new Promise((r) => setTimeout(r, 2000));
const code = run(["get", "bc-demo-1", "--json"]);
server.kill("SIGTERM");
process.exitCode = code ?? 1;
