// The SQLite file read from outside the app, by a process of its own
// (sqlite-read-process.mjs), run through `wrapper` where the file is only reachable inside
// a mount namespace (tests/cluster/support/small-disk.ts). SQLite resolves symbolic
// links in a path, so /proc/<pid>/root/… would lead it back to this namespace.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sqliteFilePath } from "~/db/sqlite-path.server";

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), "sqlite-read-process.mjs");

export type Statement = { sql: string; params?: (string | number)[] };

/** The rows of each statement, run on the file behind `databaseUrl` in one opening. */
export function readSqlite(
  databaseUrl: string,
  statements: Statement[],
  { wrapper = [], readonly = true }: { wrapper?: string[]; readonly?: boolean } = {},
) {
  const [command, ...args] = [...wrapper, process.execPath, script, sqliteFilePath(databaseUrl), JSON.stringify(statements)];
  if (readonly) args.push("readonly");
  const out = execFileSync(command!, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  return JSON.parse(out) as Record<string, unknown>[][];
}
