// Privacy promise 1 on PostgreSQL against a seized disk (issue 13 finding 0,
// decision 009): a throwaway cluster of this test's own (initdb in a temporary
// folder, its own port), migrated by the app, runs the same flows as the SQLite
// scan; after the outbox keys are destroyed and vacuumed, a CHECKPOINT and a
// stop, no file of the data directory (heap pages with their dead row
// versions, pg_wal, everything) holds a work address, local part, contact
// address, code or bearer secret.
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
import { type ThrowawayPostgres, startThrowawayPostgres } from "../support/throwaway-postgres";

let server: ThrowawayPostgres | undefined;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let url = "";

beforeAll(async () => {
  server = await startThrowawayPostgres();
  url = server.url;
  await migrate(url);
  // Before anything reads the configuration: the app's database is this cluster.
  process.env.DATABASE_URL = url;
  smtp = await startSmtpServer();
});

afterAll(async () => {
  setMailTransport(sentMail().transport);
  await smtp?.close();
  await disconnectDb();
  server?.destroy();
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
  server!.stop("fast");

  const files = filesUnder(server!.data);
  expect(files.some((file) => file.includes(`${path.sep}pg_wal${path.sep}`))).toBe(true);
  expect(scanFiles(files, secrets)).toEqual([]);
});
