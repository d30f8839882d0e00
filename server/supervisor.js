// In production, `node server.js` is this small supervisor: it starts the web
// processes (server/web.js) on one shared port, with V8 settings that keep their
// memory near what they use, and replaces one that crashes. It loads none of the
// app, so it costs a few MB.
//
// WEB_PROCESSES: how many web processes (default 1; "auto": one per core, at most
// 4). Node runs JavaScript on one core per process, but on SQLite a second process
// bought only about 15% more signing flows on two cores, for twice the memory:
// each write blocks its process while another holds SQLite's lock
// (docs/performance.md, decision 007). More processes suit PostgreSQL.
// The first one starts alone and runs the migrations (and creates DATA_DIR's
// secrets on a first start); the others start once it listens. One that fails
// during that first start-up (a bad setting, a database that cannot be reached)
// stops the whole server with its exit code, as a single process would: a
// setting will not fix itself. Once the server has been up, a process that stops
// is replaced for ever, after a delay that doubles with each stop in a row (1 s,
// 2 s, 4 s… at most 60 s), so that a request which crashes it cannot take the site
// down for good, nor make it spin (RESTART_DELAY_MS sets the first delay).
import cluster from "node:cluster";
import os from "node:os";

// V8's defaults let a busy server's heap grow to several times what it keeps
// alive (measured: 190 MB of old space holding 40 MB). A smaller young generation
// and a heap that grows by a quarter past what survives a full collection keep
// each web process near its live size, for a few percent of CPU (docs/performance.md).
const V8_MEMORY_FLAGS = ["--max-semi-space-size=4", "--heap-growing-percent=25"];

function processCount(value) {
  if (value === undefined || value === "") return 1;
  if (value === "auto") return Math.min(os.availableParallelism(), 4);
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1 || count > 64) {
    console.error(`WEB_PROCESSES must be a whole number from 1 to 64, or "auto" (got "${value}")`);
    process.exit(1);
  }
  return count;
}

/** The first restart delay: 1 s unless RESTART_DELAY_MS says otherwise (tests make it short). */
function firstRestartDelay(value) {
  if (value === undefined || value === "") return 1000;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 1 || ms > MAX_RESTART_DELAY_MS) {
    console.error(`RESTART_DELAY_MS must be a whole number of milliseconds from 1 to ${MAX_RESTART_DELAY_MS} (got "${value}")`);
    process.exit(1);
  }
  return ms;
}

const MAX_RESTART_DELAY_MS = 60_000;
// A process that served this long before it stopped was not crash-looping: its
// replacement starts after the first delay again.
const STABLE_MS = 60_000;

const count = processCount(process.env.WEB_PROCESSES);
const restartDelay = firstRestartDelay(process.env.RESTART_DELAY_MS);
// One web process accepts its own connections. With the cluster's default
// round-robin, this process accepts them and queues each for a web process until
// that one's event loop takes it; a web process that stops listening (SIGTERM,
// server/web.js) makes the cluster close the ones still queued, after the proxy
// sent its request on them: a 502 for a POST, which nginx does not retry (seen in
// tests/cluster/sigterm.test.ts). Several processes keep round-robin, which spreads
// connections far more evenly than the kernel does (Node's cluster documentation).
if (count === 1) cluster.schedulingPolicy = cluster.SCHED_NONE;
cluster.setupPrimary({ exec: new URL("./web.js", import.meta.url).pathname, execArgv: [...process.execArgv, ...V8_MEMORY_FLAGS] });

let stopping = false;
let ready = false;
// Per web process index: stops in a row, and the timer of a pending restart.
const streaks = new Map();
const pendingRestarts = new Set();

function start(index) {
  const worker = cluster.fork({ WEB_PROCESS_INDEX: String(index) });
  worker.index = index;
  worker.listening = false;
  worker.on("message", (message) => {
    if (!message?.listening || worker.listening || stopping) return;
    worker.listening = true;
    worker.listeningSince = Date.now();
    if (ready) return;
    // The first process is up (migrations done): start the rest, then say so once.
    if (index === 0) for (let next = 1; next < count; next++) start(next);
    if (Object.values(cluster.workers).filter((w) => w.listening).length === count) {
      ready = true;
      console.log(`Undersigned is running at ${message.listening}${count > 1 ? ` (${count} web processes)` : ""}`);
      if (message.mailbox) console.log(`Local mailbox (codes and links the app sends): ${message.mailbox}`);
    }
  });
  return worker;
}

/** Web processes not yet exited (cluster.workers may still list one that has, until its channel closes). */
const alive = () => Object.values(cluster.workers).filter((w) => !w.isDead());

cluster.on("exit", (worker, code, signal) => {
  if (stopping) {
    // Shutting down: never replaced. The server exits once the last one has, with a
    // failure if any did not finish in its grace (server/web.js exits 1 then). One
    // still loading when the stop came (a replacement just forked) may end by the
    // signal itself, before server/web.js has its handler: it served nothing, so
    // that is a clean stop too.
    const endedWhileStarting = !worker.listening && signal === stopSignal;
    if ((code || signal) && !endedWhileStarting) process.exitCode ||= code || 1;
    if (alive().length === 0) process.exit(process.exitCode ?? 0);
    return;
  }
  if (!ready && !worker.listening) {
    // Failed during the first start-up: its own message says why. Do not retry a bad setting.
    stopping = true;
    for (const other of Object.values(cluster.workers)) other.process.kill("SIGTERM");
    process.exitCode = code || 1;
    if (alive().length === 0) process.exit(process.exitCode);
    return;
  }
  // Stopped after the server was up: replace it, backing off while it keeps stopping.
  const stable = worker.listening && Date.now() - worker.listeningSince >= STABLE_MS;
  const streak = stable ? 1 : (streaks.get(worker.index) ?? 0) + 1;
  streaks.set(worker.index, streak);
  const delay = Math.min(restartDelay * 2 ** Math.min(streak - 1, 30), MAX_RESTART_DELAY_MS);
  console.error(
    `web process ${worker.index} stopped (${signal ?? `exit code ${code}`}); starting another in ${formatDelay(delay)} (stop ${streak} in a row)`,
  );
  const timer = setTimeout(() => {
    pendingRestarts.delete(timer);
    if (!stopping) start(worker.index);
  }, delay);
  pendingRestarts.add(timer);
});

function formatDelay(ms) {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

// Each web process finishes its requests in flight, then exits (server/web.js);
// this one waits for all of them. (systemd signals every process of the unit at
// once; the web processes ignore the second SIGTERM.)
let stopSignal;
function stop(signal) {
  if (stopping) return;
  stopping = true;
  stopSignal = signal;
  for (const timer of pendingRestarts) clearTimeout(timer);
  const workers = alive();
  if (workers.length === 0) process.exit(0);
  for (const worker of workers) worker.process.kill(signal);
}
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));

start(0);
