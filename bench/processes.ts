// The processes the benchmark measures: the production app server (`node
// server.js`, as `npm run serve` starts it) and the bare-Node ceiling; plus
// resident memory and CPU time read from /proc while they run.
import fs from "node:fs";
import path from "node:path";
import { type NodeProcess, freePort, spawnNode, waitUntilServing } from "../tests/support/app-process";

export { freePort };

export type Running = { url: string; child: NodeProcess["child"]; stop: () => Promise<number | null> };

/** The app as production runs it. Its log goes to a file: request logs are part of the cost. */
export async function startApp(
  env: Record<string, string>,
  logFile: string,
  { profileDir }: { profileDir?: string } = {},
): Promise<Running> {
  const port = Number(env.PORT);
  // --profile: a V8 CPU profile of the server, written when it stops (open it in Chrome's DevTools).
  const profiling = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(profileDir)}`] : [];
  // BENCH_NODE_FLAGS: extra Node/V8 flags for the server, to try a setting before it goes into server.js.
  const extra = (process.env.BENCH_NODE_FLAGS ?? "").split(" ").filter(Boolean);
  const server = spawnNode([...profiling, ...extra, "server.js"], {
    // As `npm run serve` starts it: production mode, and two malloc arenas (see docs/performance.md).
    // WEB_PROCESSES passes through, to compare (the default: one per core).
    env: {
      NODE_ENV: "production",
      MALLOC_ARENA_MAX: "2",
      HOST: "127.0.0.1",
      ...(process.env.WEB_PROCESSES ? { WEB_PROCESSES: process.env.WEB_PROCESSES } : {}),
      ...env,
    },
    output: { file: logFile },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilServing(server, `${url}/healthz`, { pollMs: 100 });
  return { url, child: server.child, stop: server.stop };
}

/** A bare node:http server answering every request with the given bytes and headers. */
export async function startBareServer(bodyFile: string, headers: Record<string, string>): Promise<Running> {
  const port = await freePort();
  const bare = spawnNode([path.resolve("bench/bare-server.mjs"), String(port), bodyFile, JSON.stringify(headers)], {
    env: process.env, // the ceiling has always run in the benchmark's own environment
    output: "inherit",
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilServing(bare, url, { pollMs: 100 });
  return { url, child: bare.child, stop: bare.stop };
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
