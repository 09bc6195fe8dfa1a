// For `npm run bench`: a loopback https server that answers every request with a
// status body, with the key and certificate given; prints its base URL. Its own
// process, since the benchmark blocks while hyperfine runs the commands.
import { readFileSync } from "node:fs";
import { createServer } from "node:https";

const [key, cert] = process.argv.slice(2);
const body = JSON.stringify({
  bcs: { status: "finished", start_time: "2026-11-28T10:00:00Z", end_time: "2026-11-28T10:01:00Z", detail: "" },
});
const server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_req, res) => {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(body);
});
server.listen(0, "127.0.0.1", () => process.stdout.write(`https://127.0.0.1:${server.address().port}\n`));
process.on("SIGTERM", () => process.exit(0));
