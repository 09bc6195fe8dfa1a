// The baseline for `npm run bench`: the smallest honest Node process that does
// the same GET as `bcs-status get <id> --json` (node:http or node:https by the
// URL, read the body, print it).
const [url, token] = process.argv.slice(2);
const { get } = url.startsWith("https:") ? await import("node:https") : await import("node:http");
get(url, { headers: { "x-auth-token": token, accept: "application/json" } }, (res) => {
  let body = "";
  res.setEncoding("utf8");
  res.on("data", (c) => {
    body += c;
  });
  res.on("end", () => {
    process.stdout.write(`${JSON.stringify(JSON.parse(body))}\n`);
  });
}).on("error", (e) => {
  console.error(e.message);
  process.exitCode = 5;
});
