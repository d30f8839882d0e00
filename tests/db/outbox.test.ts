import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import net from "node:net";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { db } from "~/db/client.server";
import { startScheduler } from "~/jobs/scheduler.server";
import { enqueueMail } from "~/mail/outbox.server";
import { localMailbox, readLocalMailbox, smtpTransport } from "~/mail/transport.server";
import { MAX_ATTEMPTS, deliverDueMail, purgeDeliveredMail, retryDelayMs } from "~/mail/worker.server";
import { queuedMail } from "../support/mail";
import { startSmtpServer } from "../support/smtp";

const FROM = "Undersigned <no-reply@undersigned.test>";
const mail = (to = "alice.worker@bigcorp.example") => ({
  kind: "test",
  to,
  subject: "Your code",
  text: "Your code is 12345678.",
});

beforeEach(async () => {
  await db().outboxMessage.deleteMany();
});

describe("enqueueMail", () => {
  test("commits with the transaction that queued it", async () => {
    await db().$transaction(async (tx) => {
      await enqueueMail(tx, mail());
    });
    expect(await db().outboxMessage.count()).toBe(1);
  });

  test("is discarded when that transaction rolls back", async () => {
    await expect(
      db().$transaction(async (tx) => {
        await enqueueMail(tx, mail());
        throw new Error("the action failed");
      }),
    ).rejects.toThrow("the action failed");
    expect(await db().outboxMessage.count()).toBe(0);
  });
});

describe("delivery over SMTP", () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  beforeEach(async () => {
    smtp = await startSmtpServer();
  });
  afterEach(async () => {
    await smtp.close().catch(() => {});
  });

  test("delivers the message and then keeps neither recipient nor body", async () => {
    const id = await enqueueMail(db(), mail());
    const report = await deliverDueMail({ db: db(), transport: smtpTransport(smtp.url), from: FROM });
    expect(report).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.to).toEqual(["alice.worker@bigcorp.example"]);
    expect(smtp.received[0]!.raw).toContain("Your code is 12345678.");
    const row = await db().outboxMessage.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "SENT", sealed: null, keyEpoch: null });
    expect(row.sentAt).toBeInstanceOf(Date);
  });

  test("a server that is down: retried later with backoff, then delivered exactly once", async () => {
    const port = smtp.port;
    await smtp.close();
    const id = await enqueueMail(db(), mail("bob@bigcorp.example"));
    let clock = new Date();
    const now = () => clock;

    const down = await deliverDueMail({ db: db(), transport: smtpTransport(`smtp://127.0.0.1:${port}`), from: FROM, now });
    expect(down).toEqual({ sent: 0, retried: 1, failed: 0 });
    let row = await db().outboxMessage.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("PENDING");
    expect(row.attempts).toBe(1);
    expect(row.lastError).toBeTruthy();
    expect(row.lastError).not.toContain("bob@bigcorp.example");
    expect((await queuedMail({ to: "bob@bigcorp.example" })).map((m) => m.id)).toEqual([id]);
    expect(row.nextAttemptAt.getTime()).toBe(clock.getTime() + retryDelayMs(1));

    // Not due yet: nothing happens.
    smtp = await startSmtpServer(port);
    expect(await deliverDueMail({ db: db(), transport: smtpTransport(smtp.url), from: FROM, now })).toEqual({
      sent: 0,
      retried: 0,
      failed: 0,
    });

    clock = new Date(clock.getTime() + retryDelayMs(1));
    expect(await deliverDueMail({ db: db(), transport: smtpTransport(smtp.url), from: FROM, now })).toEqual({
      sent: 1,
      retried: 0,
      failed: 0,
    });
    clock = new Date(clock.getTime() + 24 * 60 * 60_000);
    expect(await deliverDueMail({ db: db(), transport: smtpTransport(smtp.url), from: FROM, now })).toEqual({
      sent: 0,
      retried: 0,
      failed: 0,
    });
    expect(smtp.received.map((m) => m.to)).toEqual([["bob@bigcorp.example"]]);
    row = await db().outboxMessage.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "SENT", attempts: 2, sealed: null, keyEpoch: null });
  });

  test("gives up after the attempt cap and erases the content", async () => {
    const port = smtp.port;
    await smtp.close();
    const id = await enqueueMail(db(), mail());
    let clock = new Date();
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      await deliverDueMail({ db: db(), transport: smtpTransport(`smtp://127.0.0.1:${port}`), from: FROM, now: () => clock });
      clock = new Date(clock.getTime() + retryDelayMs(attempt));
    }
    const row = await db().outboxMessage.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "FAILED", attempts: MAX_ATTEMPTS, sealed: null, keyEpoch: null });
    expect(row.lastError).toBeTruthy();
  });

  test("two workers at once deliver each message once", async () => {
    for (let i = 0; i < 6; i++) await enqueueMail(db(), mail(`person${i}@bigcorp.example`));
    const transport = smtpTransport(smtp.url);
    const reports = await Promise.all([
      deliverDueMail({ db: db(), transport, from: FROM }),
      deliverDueMail({ db: db(), transport, from: FROM }),
    ]);
    expect(reports[0]!.sent + reports[1]!.sent).toBe(6);
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual([0, 1, 2, 3, 4, 5].map((i) => `person${i}@bigcorp.example`));
  });

  test("a claim left by a crashed worker is taken over once its lease lapses", async () => {
    const id = await enqueueMail(db(), mail());
    const start = new Date();
    await db().outboxMessage.update({
      where: { id },
      data: { status: "SENDING", attempts: 1, lockedUntil: new Date(start.getTime() + 60_000) },
    });
    const transport = smtpTransport(smtp.url);
    expect((await deliverDueMail({ db: db(), transport, from: FROM, now: () => start })).sent).toBe(0);
    const later = new Date(start.getTime() + 61_000);
    expect((await deliverDueMail({ db: db(), transport, from: FROM, now: () => later })).sent).toBe(1);
    expect(smtp.received).toHaveLength(1);
  });
});

describe("batches", () => {
  test("two workers draining a large queue in batches send each message exactly once", async () => {
    for (let i = 0; i < 130; i++) await enqueueMail(db(), mail(`person${i}@bigcorp.example`));
    const sends = new Map<string, number>();
    const transport = {
      async send(envelope: { id: string }) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        sends.set(envelope.id, (sends.get(envelope.id) ?? 0) + 1);
      },
    };
    const drain = async () => {
      let sent = 0;
      for (;;) {
        const report = await deliverDueMail({ db: db(), transport, from: FROM, batchSize: 20, concurrency: 4 });
        sent += report.sent;
        if (report.sent === 0) return sent;
      }
    };
    const [a, b] = await Promise.all([drain(), drain()]);
    expect(a + b).toBe(130);
    expect(sends.size).toBe(130);
    expect([...sends.values()].every((count) => count === 1)).toBe(true);
    expect(await db().outboxMessage.count({ where: { status: "SENT", sealed: null, keyEpoch: null } })).toBe(130);
  });

  test("a worker whose lease lapsed cannot settle messages another worker took over", async () => {
    const id = await enqueueMail(db(), mail());
    const start = new Date();
    let releaseSlowSend = () => {};
    const slow = {
      send: () => new Promise<void>((resolve) => (releaseSlowSend = resolve)),
    };
    const first = deliverDueMail({ db: db(), transport: slow, from: FROM, now: () => start });
    await expect
      .poll(() =>
        db()
          .outboxMessage.findUniqueOrThrow({ where: { id } })
          .then((row) => row.status),
      )
      .toBe("SENDING");
    // The first worker hangs past its lease; a second one takes the message over and fails to send it.
    const later = new Date(start.getTime() + 61_000);
    const failing = { send: () => Promise.reject(new Error("server down")) };
    expect(await deliverDueMail({ db: db(), transport: failing, from: FROM, now: () => later })).toEqual({
      sent: 0,
      retried: 1,
      failed: 0,
    });
    releaseSlowSend();
    expect((await first).sent).toBe(0);
    // The late first worker did not mark it sent: it is still waiting for its retry, content intact.
    const row = await db().outboxMessage.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "PENDING", attempts: 2 });
    expect((await queuedMail({ to: "alice.worker@bigcorp.example" })).map((m) => m.id)).toEqual([id]);
  });
});

describe("stopping (SIGTERM)", () => {
  test("sends in flight finish; the rest of the batch goes back to the queue, unlocked, and another worker delivers it once", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await enqueueMail(db(), mail(`stopping${i}@bigcorp.example`)));
    // A mail server that takes each message and answers only when told to.
    const started: string[] = [];
    let answer = () => {};
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const sends = new Map<string, number>();
    const count = (id: string) => sends.set(id, (sends.get(id) ?? 0) + 1);
    const blocking = {
      async send(envelope: { id: string }) {
        started.push(envelope.id);
        await answered;
        count(envelope.id);
      },
    };
    // The worker process's scheduler, running the delivery job as jobs.server.ts does.
    const scheduler = startScheduler([
      {
        name: "deliver-mail",
        everyMs: 60_000,
        run: (stopping) => deliverDueMail({ db: db(), transport: blocking, from: FROM, concurrency: 2, signal: stopping }),
      },
    ]);
    await expect.poll(() => started.length).toBe(2);
    expect(await db().outboxMessage.count({ where: { status: "SENDING" } })).toBe(6);

    // SIGTERM: stop() waits for the run, which waits for its two sends in flight.
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    answer();
    await stopping;

    expect(started).toHaveLength(2);
    const rows = await db().outboxMessage.findMany();
    const inFlight = rows.filter((row) => started.includes(row.id));
    const handedBack = rows.filter((row) => !started.includes(row.id));
    for (const row of inFlight) expect(row).toMatchObject({ status: "SENT", lockedUntil: null, sealed: null });
    expect(handedBack).toHaveLength(4);
    // Back in the queue, due now, with no lease and no attempt counted: they were never tried.
    for (const row of handedBack) expect(row).toMatchObject({ status: "PENDING", lockedUntil: null, claimToken: null, attempts: 0 });

    // Another worker delivers them at once (no lease to wait out), and nothing twice.
    const report = await deliverDueMail({ db: db(), transport: { send: async (e) => void count(e.id) }, from: FROM });
    expect(report).toEqual({ sent: 4, retried: 0, failed: 0 });
    expect([...sends.keys()].sort()).toEqual([...ids].sort());
    expect([...sends.values()].every((n) => n === 1)).toBe(true);
    expect(await db().outboxMessage.count({ where: { status: "SENT" } })).toBe(6);
  });

  test("a worker already stopping claims nothing", async () => {
    await enqueueMail(db(), mail());
    const stopping = new AbortController();
    stopping.abort();
    const transport = { send: () => Promise.reject(new Error("must not be called")) };
    expect(await deliverDueMail({ db: db(), transport, from: FROM, signal: stopping.signal })).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(await db().outboxMessage.findFirstOrThrow()).toMatchObject({ status: "PENDING", attempts: 0, lockedUntil: null });
  });

  test("a mail server that accepts the connection and then says nothing: the send gives up after the transport's timeout, for a retry", async () => {
    // What bounds a stopping worker's wait for a send in flight (SMTP_TIMEOUT_MS in production).
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const id = await enqueueMail(db(), mail());
      const transport = smtpTransport(`smtp://127.0.0.1:${port}`, { timeoutMs: 300 });
      expect(await deliverDueMail({ db: db(), transport, from: FROM })).toEqual({ sent: 0, retried: 1, failed: 0 });
      expect(await db().outboxMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({
        status: "PENDING",
        lockedUntil: null,
        attempts: 1,
      });
    } finally {
      silent.close();
    }
  });
});

describe("local mailbox", () => {
  test("writes one file per message, readable by the development page, and never duplicates", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailbox-"));
    const transport = localMailbox(dir);
    const id = await enqueueMail(db(), mail("carol@bigcorp.example"));
    await deliverDueMail({ db: db(), transport, from: FROM });
    await transport.send({ id, to: "carol@bigcorp.example", from: FROM, subject: "Your code", text: "again" });
    const box = readLocalMailbox(dir);
    expect(box).toHaveLength(1);
    expect(box[0]).toMatchObject({ id, to: "carol@bigcorp.example", subject: "Your code" });
    expect(fs.statSync(path.join(dir, `${id}.json`)).mode & 0o777).toBe(0o600);
  });
});

test("delivered mail rows are purged after a day", async () => {
  const id = await enqueueMail(db(), mail());
  await db().outboxMessage.update({ where: { id }, data: { status: "SENT", createdAt: new Date(Date.now() - 25 * 60 * 60_000) } });
  await enqueueMail(db(), mail());
  expect(await purgeDeliveredMail(db())).toBe(1);
  expect(await db().outboxMessage.count()).toBe(1);
});
