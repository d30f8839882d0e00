// Privacy promise 1 against a seized disk (issue 13 finding 0, decision 009): the
// raw bytes of the SQLite file, its WAL and its shared memory, as a running server
// leaves them (no checkpoint first) and after a clean close (free pages included),
// hold no work address, local part, contact address, code or bearer secret.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openMail, unwrapOutboxKey } from "~/crypto/sealing.server";
import { db, disconnectDb } from "~/db/client.server";
import { scrubFreedStorage } from "~/db/scrub-storage.server";
import { sqliteFilePath } from "~/db/sqlite-path.server";
import { requestSigningCode } from "~/domain/letters/signing-verification.server";
import { memoryMailRetrying, memoryMailSettled, stopMemorySender } from "~/mail/memory-sender.server";
import { EPOCH_MS, destroyOutboxKeys } from "~/mail/outbox-keys.server";
import { enqueueMail } from "~/mail/outbox.server";
import { setMailTransport } from "~/mail/process-transport.server";
import { smtpTransport } from "~/mail/transport.server";
import { RETRY_HORIZON_MS, deliverDueMail } from "~/mail/worker.server";
import { runDiskFlows, scanFiles, type Secrets } from "../support/disk-flows";
import { codeFrom } from "../support/factories";
import { openedLetter } from "../support/letters";
import { sentMail } from "../support/mail";
import { startSmtpServer } from "../support/smtp";

const file = sqliteFilePath(process.env.DATABASE_URL!);
const files = [file, `${file}-wal`, `${file}-shm`];

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(async () => {
  setMailTransport(sentMail().transport);
  await smtp.close();
});

describe("signers, organizer codes, resets and press previews, all mail delivered", () => {
  let secrets: Secrets = [];
  beforeAll(async () => {
    secrets = await runDiskFlows(smtp, "sqlite");
  });

  test("the database runs in WAL mode, and its WAL has not been checkpointed away", async () => {
    const [mode] = await db().$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
    expect(mode!.journal_mode).toBe("wal");
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0);
    expect(secrets.length).toBeGreaterThan(30);
  });

  test("while the server runs: the file, its WAL and its shared memory hold none of the secrets", () => {
    expect(scanFiles(files, secrets)).toEqual([]);
  });

  test("after destroying the outbox keys and a clean close: none either, free pages included", async () => {
    // An hour and the retry horizon later, every key goes (all mail was delivered).
    expect(await destroyOutboxKeys(db(), new Date(Date.now() + 6 * 60 * 60_000))).toBeGreaterThan(0);
    expect(await db().outboxKey.count()).toBe(0);
    await disconnectDb();
    expect(scanFiles(files, secrets)).toEqual([]);
  });
});

describe("outbox keys", () => {
  test("a sealed mail cannot be opened once its key is destroyed, from the table, the WAL or anywhere in the file", async () => {
    const id = await enqueueMail(db(), {
      kind: "test",
      to: "kept.apart@personal.example",
      subject: "Receipt",
      text: "Your receipt: /receipt/abc",
    });
    const row = await db().outboxMessage.findUniqueOrThrow({ where: { id }, include: { key: true } });
    const wrapped = Buffer.from(row.key!.wrappedKey);
    const blob = row.sealed!;
    // Today, with the KEK, it opens.
    const key = unwrapOutboxKey(row.key!.epoch, wrapped);
    expect(openMail(key, row, blob).to).toBe("kept.apart@personal.example");
    key.fill(0);

    await deliverDueMail({ db: db(), transport: smtpTransport(smtp.url), from: "x@undersigned.test" });
    expect(await db().outboxMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "SENT", sealed: null, keyEpoch: null });
    expect(await destroyOutboxKeys(db(), new Date(Date.now() + 6 * 60 * 60_000))).toBe(1);
    expect(await scrubFreedStorage(db())).toBe(true);

    // The wrapped key is gone from every byte of the database's files: a copy of
    // the blob (a backup, an old page) has nothing left to be opened with.
    expect(await db().outboxKey.count()).toBe(0);
    const raw = Buffer.concat(files.filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
    expect(raw.includes(wrapped)).toBe(false);
    expect(raw.includes(Buffer.from(blob))).toBe(false);
  });

  test("a key is kept while a message still needs it, and destroyed at the retry horizon with that mail given up", async () => {
    const id = await enqueueMail(db(), { kind: "test", to: "waiting@personal.example", subject: "s", text: "t" });
    const epoch = (await db().outboxMessage.findUniqueOrThrow({ where: { id } })).keyEpoch!;
    const hourEnds = (epoch + 1) * EPOCH_MS;
    // Its hour is over (and the grace after it), but the message is undelivered: the key stays.
    expect(await destroyOutboxKeys(db(), new Date(hourEnds + 20 * 60_000))).toBe(0);
    expect(await destroyOutboxKeys(db(), new Date(hourEnds + RETRY_HORIZON_MS - 60_000))).toBe(0);
    expect(await db().outboxKey.count({ where: { epoch } })).toBe(1);
    // Past the retry horizon: the mail is given up, the key destroyed.
    expect(await destroyOutboxKeys(db(), new Date(hourEnds + RETRY_HORIZON_MS + 60_000))).toBe(1);
    expect(await db().outboxMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "FAILED", sealed: null, keyEpoch: null });
  });

  test("concurrent first mails of an hour make one key, and every message opens under it", async () => {
    await db().outboxMessage.deleteMany();
    await db().outboxKey.deleteMany();
    const ids = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        db().$transaction((tx) => enqueueMail(tx, { kind: "test", to: `c${i}@personal.example`, subject: "s", text: "t" })),
      ),
    );
    expect(await db().outboxKey.count()).toBe(1);
    const sent: string[] = [];
    await deliverDueMail({ db: db(), transport: { send: async (m) => void sent.push(m.to) }, from: "x@undersigned.test" });
    expect(sent.sort()).toEqual(ids.map((_, i) => `c${i}@personal.example`).sort());
  });
});

describe("codes while the mail server is down", () => {
  test("are in no table and no raw file, and are retried from memory", async () => {
    const down = await startSmtpServer();
    await down.close();
    // The real transport to a server that is down, watched on the way: the test learns the code, the disk must not.
    const attempted: string[] = [];
    const refused = smtpTransport(down.url);
    setMailTransport({ send: (mail) => (attempted.push(mail.text), refused.send(mail)) });
    try {
      const { letter } = await openedLetter();
      const work = "undelivered.ulrika@microsoft.com";
      const queuedBefore = await db().outboxMessage.count();
      const token = await requestSigningCode(letter.id, work, { clientIp: "192.0.2.90" });
      await memoryMailSettled();
      expect(memoryMailRetrying()).toBe(1);
      expect(await db().outboxMessage.count()).toBe(queuedBefore);
      const code = codeFrom(attempted[0]!);
      const secrets = [
        { label: "work address", value: work },
        { label: "local part", value: "undelivered.ulrika" },
        { label: "token", value: token },
        { label: "code", value: code },
        { label: "code as mailed", value: `${code.slice(0, 4)} ${code.slice(4)}` },
      ];
      expect(scanFiles(files, secrets)).toEqual([]);
      const tables = JSON.stringify(await db().signingVerification.findMany(), (_k, v: unknown) =>
        v instanceof Uint8Array ? Buffer.from(v).toString("latin1") : v,
      );
      expect(tables).not.toContain(code);
    } finally {
      await stopMemorySender();
      setMailTransport(smtpTransport(smtp.url));
    }
  });
});
