// CPU time by process group, for the cluster mode (--instances): every app
// instance's process tree, the worker's, nginx's, and PostgreSQL's, which shares
// the two cores. Counted per process id, so a process that appears between two
// readings counts from zero and one that exits is simply not counted after.
import fs from "node:fs";
import { processTree } from "./processes";

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function cpuMsOfPid(pid: number) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined; // exited, or not ours to read
  }
}

function cmdline(pid: string) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ").trim();
  } catch {
    return "";
  }
}

/**
 * PostgreSQL's processes on this machine, split into the connections to `database`
 * (backends name their database in their title: "postgres: 15/main: user db
 * 127.0.0.1(port) idle") and the server's own (postmaster, checkpointer, WAL
 * writer…), which every database's commits keep busy. Other databases' connections
 * (other runs on the machine) are left out.
 */
function postgresPids(database: string) {
  const ours: number[] = [];
  const shared: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const line = cmdline(entry);
    const isServer = /^\S*\/postgres\s/.test(line) || line.startsWith("postgres:");
    if (!isServer) continue;
    const backend = /\s\S+\s(\S+)\s(\d+\.\d+\.\d+\.\d+|\[local\]|[0-9a-f:]+)(\(\d+\))?\s/.exec(`${line} `);
    if (!backend) shared.push(Number(entry));
    else if (backend[1] === database) ours.push(Number(entry));
  }
  return { ours, shared };
}

export type CpuGroups = { apps: number[]; worker: number; nginx: number; database?: string };
export type CpuReading = Record<string, Map<number, number>>;
/** Milliseconds of CPU per group between two readings. */
export type CpuSpent = { apps: number; worker: number; nginx: number; postgresOurs?: number; postgresShared?: number };

export function readCpu(groups: CpuGroups): CpuReading {
  const read = (pids: number[]) => new Map(pids.flatMap((pid) => (cpuMsOfPid(pid) === undefined ? [] : [[pid, cpuMsOfPid(pid)!]])));
  const postgres = groups.database ? postgresPids(groups.database) : undefined;
  return {
    apps: read(groups.apps.flatMap(processTree)),
    worker: read(processTree(groups.worker)),
    nginx: read(processTree(groups.nginx)),
    ...(postgres ? { postgresOurs: read(postgres.ours), postgresShared: read(postgres.shared) } : {}),
  };
}

export function cpuSpent(before: CpuReading, after: CpuReading): CpuSpent {
  const spent = (name: string) => {
    let ms = 0;
    for (const [pid, now] of after[name] ?? []) ms += now - (before[name]?.get(pid) ?? 0);
    return Math.round(ms);
  };
  return {
    apps: spent("apps"),
    worker: spent("worker"),
    nginx: spent("nginx"),
    ...(after.postgresOurs ? { postgresOurs: spent("postgresOurs"), postgresShared: spent("postgresShared") } : {}),
  };
}
