// A PostgreSQL cluster of a test's own: initdb in a temporary folder, its own port,
// started and stopped with pg_ctl. For tests that read its files (the seized-disk
// scan) or take it away (the cluster's faults), without touching the machine's
// shared server that other suites use.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "./app-process";

/** PostgreSQL's server programs; a clear failure (never a skip) when they are not installed. */
function postgresBin() {
  const root = "/usr/lib/postgresql";
  const versions = fs.existsSync(root) ? fs.readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const bin = versions.map((v) => path.join(root, v, "bin")).find((dir) => fs.existsSync(path.join(dir, "initdb")));
  if (!bin) throw new Error(`initdb not found under ${root}/*/bin: install PostgreSQL's server package (scripts/ci/ensure-system.sh does)`);
  return bin;
}

// initdb refuses to run as root: tests run as root here, so the cluster belongs to the postgres user.
const asRoot = process.getuid?.() === 0;
function run(program: string, args: string[]) {
  const [command, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", program, ...args]] : [program, args];
  return execFileSync(command, argv, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

export type ThrowawayPostgres = Awaited<ReturnType<typeof startThrowawayPostgres>>;

export async function startThrowawayPostgres() {
  const bin = postgresBin();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-pg-"));
  const data = path.join(root, "data");
  if (asRoot) execFileSync("chown", ["postgres:postgres", root]);
  run(path.join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  const port = await freePort();
  const pgCtl = (...args: string[]) => run(path.join(bin, "pg_ctl"), ["-D", data, "-w", ...args]);
  // fsync off only spares the disk of a throwaway cluster: the same bytes reach its files.
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = () => pgCtl("-l", path.join(root, "server.log"), "-o", options, "start");
  start();
  let running = true;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    data,
    /** Stops the server ("fast": sessions ended, a clean shutdown; "immediate": as a crash). */
    stop(mode: "fast" | "immediate" = "fast") {
      if (running) pgCtl("-m", mode, "stop");
      running = false;
    },
    start() {
      if (!running) start();
      running = true;
    },
    /** Stops and removes everything. */
    destroy() {
      if (running) pgCtl("-m", "immediate", "stop");
      running = false;
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
