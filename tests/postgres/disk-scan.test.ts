// Privacy promise 1 on PostgreSQL against a seized disk (issue 13 finding 0,
// decision 009): a throwaway cluster of this test's own (initdb in a temporary
// folder, its own port), migrated by the app, runs the same flows as the SQLite
// scan; after the outbox keys are destroyed and vacuumed, a CHECKPOINT and a
// stop, no file of the data directory (heap pages with their dead row
// versions, pg_wal, everything) holds a work address, local part, contact
// address, code or bearer secret.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, expect, test } from "vitest";
import { db, disconnectDb } from "~/db/client.server";
import { migrate } from "~/db/migrate.server";
import { scrubFreedStorage } from "~/db/scrub-storage.server";
import { destroyOutboxKeys } from "~/mail/outbox-keys.server";
import { setMailTransport } from "~/mail/process-transport.server";
import { filesUnder, runDiskFlows, scanFiles, type Secrets } from "../support/disk-flows";
import { sentMail } from "../support/mail";
import { startSmtpServer } from "../support/smtp";

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

async function freePort() {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const bin = postgresBin();
const root = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-pg-"));
const data = path.join(root, "data");
let running = false;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let url = "";

const pgCtl = (...args: string[]) => run(path.join(bin, "pg_ctl"), ["-D", data, "-w", ...args]);

beforeAll(async () => {
  if (asRoot) execFileSync("chown", ["postgres:postgres", root]);
  run(path.join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  const port = await freePort();
  // fsync off only spares the disk of a throwaway cluster: the same bytes reach its files.
  pgCtl("-l", path.join(root, "server.log"), "-o", `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off`, "start");
  running = true;
  url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await migrate(url);
  // Before anything reads the configuration: the app's database is this cluster.
  process.env.DATABASE_URL = url;
  smtp = await startSmtpServer();
});

afterAll(async () => {
  setMailTransport(sentMail().transport);
  await smtp?.close();
  await disconnectDb();
  if (running) pgCtl("-m", "immediate", "stop");
  fs.rmSync(root, { recursive: true, force: true });
});

// The flows include trustee letters (key files, sealing, releases): under CI's load
// they take longer than the default 30 s.
test("after the flows, a checkpoint and a stop, no file of the data directory holds a secret", { timeout: 180_000 }, async () => {
  const [shown] = await db().$queryRawUnsafe<{ port: string }[]>("SHOW port");
  expect(url).toContain(`:${shown!.port}/`);
  const secrets: Secrets = await runDiskFlows(smtp, "postgres");
  expect(secrets.length).toBeGreaterThan(30);

  // Every mail was delivered: the hour's key goes, and the outbox is vacuumed.
  expect(await destroyOutboxKeys(db(), new Date(Date.now() + 6 * 60 * 60_000))).toBeGreaterThan(0);
  expect(await scrubFreedStorage(db())).toBe(true);
  await disconnectDb();

  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query("CHECKPOINT");
  await admin.end();
  pgCtl("-m", "fast", "stop");
  running = false;

  const files = filesUnder(data);
  expect(files.some((file) => file.includes(`${path.sep}pg_wal${path.sep}`))).toBe(true);
  expect(scanFiles(files, secrets)).toEqual([]);
});
