// The ceiling for the public page: plain node:http on the same machine, answering
// every request with the very bytes and headers the app sent for that page.
// Usage: node bench/bare-server.mjs <port> <body file> <headers as JSON>
import fs from "node:fs";
import http from "node:http";

const [port, bodyFile, headersJson] = process.argv.slice(2);
const body = fs.readFileSync(bodyFile);
const headers = { ...JSON.parse(headersJson), "content-length": String(body.length) };

const server = http.createServer((_req, res) => {
  res.writeHead(200, headers);
  res.end(body);
});
server.keepAliveTimeout = 65_000;
server.listen(Number(port), "127.0.0.1");
process.on("SIGTERM", () => server.close(() => process.exit(0)));
