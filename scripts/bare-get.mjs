// The baseline for `npm run bench`: the smallest honest Node process that does
// the same GET as `bcs-status get <id> --json` (node:http, read the body, print it).
import http from "node:http";

const [url, token] = process.argv.slice(2);
http
  .get(url, { headers: { "x-auth-token": token, accept: "application/json" } }, (res) => {
    let body = "";
    res.setEncoding("utf8");
    res.on("data", (c) => {
      body += c;
    });
    res.on("end", () => {
      process.stdout.write(`${JSON.stringify(JSON.parse(body))}\n`);
    });
  })
  .on("error", (e) => {
    console.error(e.message);
    process.exitCode = 5;
  });
