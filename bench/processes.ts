// The processes the benchmark measures: the production app server (`node
// server.js`, as `npm run serve` starts it) and the bare-Node ceiling; plus
// resident memory and CPU time read from /proc while they run.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

export async function freePort() {
  return new Promise<number>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export type Running = { url: string; child: ChildProcess; stop: () => Promise<void> };

async function waitUntilUp(url: string, child: ChildProcess, describe: () => string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited (${child.exitCode}) during start-up:\n${describe()}`);
    if (Date.now() > deadline) throw new Error(`did not start within 60 s:\n${describe()}`);
    if (await fetch(url).then((r) => r.status < 500, () => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

function stopper(child: ChildProcess) {
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return async () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    await exited;
  };
}

/** The app as production runs it. Its log goes to a file: request logs are part of the cost. */
export async function startApp(env: Record<string, string>, logFile: string, { profileDir }: { profileDir?: string } = {}): Promise<Running> {
  const port = Number(env.PORT);
  const log = fs.openSync(logFile, "a");
  // --profile: a V8 CPU profile of the server, written when it stops (open it in Chrome's DevTools).
  const profiling = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(profileDir)}`] : [];
  // BENCH_NODE_FLAGS: extra Node/V8 flags for the server, to try a setting before it goes into server.js.
  const extra = (process.env.BENCH_NODE_FLAGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...profiling, ...extra, "server.js"], {
    // As `npm run serve` starts it: production mode, and two malloc arenas (see docs/performance.md).
    // WEB_PROCESSES passes through, to compare (the default: one per core).
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "production",
      MALLOC_ARENA_MAX: "2",
      HOST: "127.0.0.1",
      ...(process.env.WEB_PROCESSES ? { WEB_PROCESSES: process.env.WEB_PROCESSES } : {}),
      ...env,
    },
    stdio: ["ignore", log, log],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilUp(`${url}/healthz`, child, () => fs.readFileSync(logFile, "utf8").slice(-2000));
  return { url, child, stop: stopper(child) };
}

/** A bare node:http server answering every request with the given bytes and headers. */
export async function startBareServer(bodyFile: string, headers: Record<string, string>): Promise<Running> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.resolve("bench/bare-server.mjs"), String(port), bodyFile, JSON.stringify(headers)], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilUp(url, child, () => "bare server");
  return { url, child, stop: stopper(child) };
}

/** The process and all its descendants (the supervisor and its web processes). */
export function processTree(pid: number): number[] {
  let children: number[] = [];
  try {
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      children = children.concat(fs.readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").split(" ").filter(Boolean).map(Number));
    }
  } catch {
    return []; // gone
  }
  return [pid, ...children.flatMap(processTree)];
}

function rollupField(pid: number, field: string) {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * The server's memory now, over its whole process tree, in bytes: proportional
 * set size (each shared page, such as Node's own code, counted once across the
 * processes that map it: what the server really occupies) and, for reference, the
 * plain sum of resident sets (shared pages counted once per process).
 */
export function memoryOf(pid: number) {
  const pids = processTree(pid);
  return {
    pss: pids.reduce((sum, p) => sum + rollupField(p, "Pss"), 0),
    rss: pids.reduce((sum, p) => sum + rollupField(p, "Rss"), 0),
    processes: pids.length,
  };
}

/** User + system CPU time of a process and its descendants so far, in milliseconds. */
export function cpuMsOf(pid: number) {
  const ticksPerSecond = 100; // USER_HZ on Linux
  let ticks = 0;
  for (const p of processTree(pid)) {
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // exited between the listing and the read
    }
  }
  return (ticks * 1000) / ticksPerSecond;
}
