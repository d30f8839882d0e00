// One web process: Express around Remix's request handler. Production serves the
// built app (`npm run build`), in each process the supervisor starts
// (server/supervisor.js); development (`npm run dev`) runs Vite in middleware mode
// in this one process. Start-up, request logs and jobs live in app/server/runtime.server.ts.
import crypto from "node:crypto";
import v8 from "node:v8";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import net from "node:net";

// Prisma compiles its queries in WebAssembly. By default V8 also recompiles that
// whole module with its optimizing tier in the background, which costs about 95 MB
// of resident memory; with the baseline tier alone the benchmark ran no slower
// (docs/performance.md). Set before any WebAssembly is compiled.
v8.setFlagsFromString("--liftoff-only");

// Requests in flight get this long in all after SIGTERM, then the process goes
// anyway (exit 1). See shutdown() below.
const FORCE_EXIT_MS = 10_000;

// A SIGTERM that arrives while this process is still starting (the server stopped
// during the first start-up, or just as the supervisor forked a replacement) is a
// clean stop: nothing is in flight. From here on, starting is finished first, so
// that the migrations the first process runs are never cut in half; then the
// process exits 0 without listening. (Before this line, while the imports load,
// the signal's default action ends it; the supervisor counts that as clean too.)
let stopBeforeServing;
const stopWhileStarting = (signal) => {
  if (stopBeforeServing) return;
  stopBeforeServing = signal;
  setTimeout(() => process.exit(1), FORCE_EXIT_MS).unref();
};
process.on("SIGTERM", stopWhileStarting);
process.on("SIGINT", stopWhileStarting);

// Relative paths (the SQLite file, DATA_DIR, migrations) are from the project folder.
process.chdir(path.join(path.dirname(fileURLToPath(import.meta.url)), ".."));

const production = process.env.NODE_ENV === "production";
const vite = production ? undefined : await import("vite").then((v) => v.createServer({ server: { middlewareMode: true } }));
const loadBuild = () => (vite ? vite.ssrLoadModule("virtual:remix/server-build") : import("../build/server/index.js"));
// Every route's loader and action, with the AppErrors they throw answered as HTTP
// (404 for NotFoundError, the user message and status for the others): one place,
// app/http/app-errors.server.ts, reached through the build's entry module.
const withAppErrors = (loaded) => loaded.entry.module.withAppErrors(loaded);

const build = await loadBuild();
const { runtime } = build.entry.module;

// Which of the supervisor's web processes this is: the first runs the jobs (boot).
const webProcess = Number(process.env.WEB_PROCESS_INDEX ?? 0);
let started;
try {
  started = await runtime.boot({ webProcess });
} catch (error) {
  // A bad environment value: say which, and stop. Nothing else is logged as-is.
  if (error?.name === "ConfigError") console.error(error.message);
  else runtime.log.error("start-up failed", { error });
  process.exit(1);
}
if (stopBeforeServing) {
  await started.stop();
  await vite?.close();
  process.exit(0);
}
const cfg = runtime.config();

const app = express();
app.disable("x-powered-by");
// X-Forwarded-For/-Proto only from TRUSTED_PROXIES peers, up to TRUST_PROXY_HOPS of them:
// a client that reaches this port directly cannot name its own address.
app.set("trust proxy", runtime.trustProxy(cfg.TRUST_PROXY_HOPS, cfg.TRUSTED_PROXIES));
app.use(compression());

// Shutting down (see shutdown() below): every response from now on closes its
// connection, so the proxy never reuses one this process is about to close.
let draining = false;
const unanswered = new Set();
app.use((req, res, next) => {
  if (draining) res.set("Connection", "close");
  else {
    unanswered.add(res);
    res.once("close", () => unanswered.delete(res));
  }
  next();
});

app.use((req, res, next) => {
  const startedAt = performance.now();
  res.on("finish", () => {
    runtime.logRequest({ method: req.method, path: req.path, status: res.statusCode, ms: performance.now() - startedAt });
  });
  res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
  next();
});

// Security headers on every response, and cross-site writes refused before Remix
// (app/http/security-headers.server.ts, app/http/request-protection.server.ts).
const servedOverHttps = cfg.appUrl.startsWith("https:");
app.use((req, res, next) => {
  const https = servedOverHttps || req.secure;
  res.set(runtime.securityHeaders({ nonce: res.locals.cspNonce, https, production }));
  if (runtime.isCrossSiteWrite({ method: req.method, headers: req.headers, appOrigin: cfg.appUrl, protocol: req.protocol })) {
    res.status(403).type("text/plain").send("Cross-site request refused.");
    return;
  }
  // The request is vouched for above. Remix's own origin check would still throw
  // (a 500) on "Origin: null", which browsers send on same-origin posts under
  // Referrer-Policy: no-referrer, and on an Origin that does not match a Host that
  // a proxy rewrote; or on an Origin that is not a URL. Nothing else reads Origin.
  delete req.headers.origin;
  next();
});

// Bounded input at the edge (decision 012): only the methods the app answers, and
// no body larger than a form may be, refused before anything reads it. A body
// sent without Content-Length is counted by readForm (app/http/read-form.server.ts).
const METHODS = new Set(["GET", "HEAD", "POST"]);
app.use((req, res, next) => {
  if (!METHODS.has(req.method)) {
    res
      .status(405)
      .set("Allow", [...METHODS].join(", "))
      .type("text/plain")
      .send("Method not allowed.");
    return;
  }
  if (Number(req.headers["content-length"] ?? 0) > runtime.maxBodyBytes) {
    // Close the connection: otherwise Node would read (and discard) the whole body to reuse it.
    res
      .status(413)
      .set("Connection", "close")
      .type("text/plain")
      .send("Request too large: a form may send at most 1 MiB. Nothing was saved.");
    return;
  }
  next();
});

// A published letter's page, already rendered, for readers without a session.
app.use((req, res, next) => {
  if (!runtime.servePageFromCache(req, res)) next();
});

if (vite) {
  app.use(vite.middlewares);
} else {
  // Fingerprinted assets never change; everything else may.
  app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
  app.use(express.static("build/client", { maxAge: "1h" }));
}

const remix = createRequestHandler({
  build: vite ? () => loadBuild().then(withAppErrors) : withAppErrors(build),
  getLoadContext: (req, res) => ({
    cspNonce: res.locals.cspNonce,
    clientIp: req.ip ?? "unknown",
    // Straight from this machine to its own name, no proxy in between: the only
    // requests allowed to read the local development mailbox.
    directLoopback: runtime.isLocalRequest({ socketAddress: req.socket.remoteAddress, headers: req.headers }, cfg.PORT),
  }),
});
// Each request in its own header scope (Retry-After from any route; app/http/response-scope.server.ts).
app.all("*", (req, res, next) => runtime.withResponseScope(() => remix(req, res, next)));

// Anything thrown past Remix (a Host that makes no URL, a bug): logged through the
// scrubbing logger, answered without a stack trace.
app.use((error, req, res, next) => {
  const badUrl = error?.code === "ERR_INVALID_URL";
  if (!badUrl) runtime.log.error("request failed", { error });
  if (res.headersSent) return next(error);
  res
    .status(badUrl ? 400 : 500)
    .type("text/plain")
    .send(badUrl ? "Bad request." : "Something went wrong.");
});

const server = app.listen(cfg.PORT, cfg.HOST, () => {
  const shown = cfg.HOST === "0.0.0.0" || cfg.HOST === "::" ? "localhost" : cfg.HOST;
  runtime.log.info("listening", { url: `http://${shown}:${cfg.PORT}`, webProcess });
  // The supervisor says where the app runs once all its processes listen. The local
  // mailbox link carries its key: printed for whoever started the server, never logged.
  const mailbox = runtime.localMailboxLink();
  if (process.send) process.send({ listening: `http://${shown}:${cfg.PORT}`, mailbox });
  else {
    console.log(`Undersigned is running at http://${shown}:${cfg.PORT}`);
    if (mailbox) console.log(`Local mailbox (codes and links the app sends): ${mailbox}`);
  }
});

// Idle keep-alive connections stay open longer than a reverse proxy's (often 60 s),
// so the proxy never reuses a connection the app has just closed.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;

// SIGTERM (systemd, the supervisor, an operator): requests in flight finish, no
// new connection is accepted, and the process exits once every connection is gone.
//
// The classic race is on nginx's idle keep-alive connections (upstream keepalive
// 32): if this process closes one at the moment nginx sends a request on it, nginx
// gets a reset after the request was sent, and it never retries a POST elsewhere
// (proxy_next_upstream: a POST that reached an instance is not sent twice), so the
// signer gets a 502. Node's own server.close() closes idle connections at once, so
// it is not used as is. Instead:
// - the listening socket closes (net.Server's close): new connections are refused,
//   which nginx retries on the other instance, POSTs included (nothing was sent);
// - every response from now on, and those in flight, says "Connection: close":
//   nginx sends nothing more on a connection after such a response;
// - idle connections are left for nginx to close: the recipe's upstream
//   keepalive_timeout (4 s) closes them on nginx's side, where there is no race.
//   Only those still open after IDLE_GRACE_MS (a client other than the recipe's
//   nginx) are closed from here, once idle.
// What remains is the kernel's: a connection that completes its handshake just as
// the listening socket closes is reset, as for any server that stops listening
// (server/supervisor.js keeps that moment short: no queue of accepted connections).
const IDLE_GRACE_MS = 5_000;

let shuttingDown = false;
async function shutdown(signal) {
  if (shuttingDown) return;
  shuttingDown = true;
  draining = true;
  runtime.log.info("shutting down", { signal });
  const force = setTimeout(() => process.exit(1), FORCE_EXIT_MS);
  force.unref();
  for (const res of unanswered) if (!res.headersSent) res.set("Connection", "close");
  const closed = new Promise((resolve) => server.once("close", resolve));
  net.Server.prototype.close.call(server);
  let closeIdle;
  const lastResort = setTimeout(() => {
    server.getConnections((error, open) => runtime.log.info("closing the connections left open", { open: error ? -1 : open }));
    server.closeIdleConnections();
    closeIdle = setInterval(() => server.closeIdleConnections(), 100);
  }, IDLE_GRACE_MS);
  await closed;
  clearTimeout(lastResort);
  clearInterval(closeIdle);
  await started.stop();
  await vite?.close();
  process.exit(0);
}
process.off("SIGTERM", stopWhileStarting);
process.off("SIGINT", stopWhileStarting);
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
