// The plain-SQL path on SQLite (decision 008): it must write the very rows
// Prisma writes, and share the one connection with Prisma without ever joining
// or splitting a transaction.
import { afterEach, expect, test } from "vitest";
import { consumeRateLimit } from "~/auth/rate-limit.server";
import { newToken } from "~/crypto/tokens.server";
import { db, sqliteDirect } from "~/db/client.server";
import type { SqliteDirect } from "~/db/sqlite-direct.server";
import { prismaSigningStore } from "~/domain/letters/signing-store-prisma.server";
import { sqliteSigningStore } from "~/domain/letters/signing-store-sqlite.server";
import type { SigningStore } from "~/domain/letters/signing-store.server";
import { startOfDayUtc } from "~/lib/dates";
import { openedLetter } from "../support/letters";
import { queuedMail } from "../support/mail";

async function direct(): Promise<SqliteDirect> {
  const found = await sqliteDirect();
  if (!found) throw new Error("the SQLite suite should have the plain-SQL path");
  return found;
}

afterEach(async () => {
  await db().rateLimitCounter.deleteMany();
});

const bytes = (text: string) => new Uint8Array(Buffer.from(text));

/** Every step of a signature through one store, on a fresh letter with threshold 1 (so it reveals). */
async function signThrough(store: SigningStore, now: Date) {
  const { letter } = await openedLetter({ threshold: 1 });
  const found = await store.findLetterBySlugHash(letter.privateSlugHash!);
  const verification = { id: newToken().id, secretHash: bytes("secret"), letterId: letter.id, emailTag: bytes(`tag-${letter.id}`), codeHash: bytes("code"), expiresAt: new Date(now.getTime() + 600_000) };
  await store.createVerification(verification);
  const wrong = await store.countCodeAttempt(verification.id, 5, null);
  const right = await store.countCodeAttempt(verification.id, 5, { verifiedAt: now, expiresAt: new Date(now.getTime() + 3_600_000) });
  const again = await store.countCodeAttempt(verification.id, 5, { verifiedAt: now, expiresAt: now });
  const afterCode = await store.findVerification(verification.id);
  const signatureId = newToken().id;
  const stored = await store.storeSignature({
    letterId: letter.id,
    verificationId: verification.id,
    now,
    signature: (locked) => ({
      id: signatureId, letterId: letter.id, emailTag: verification.emailTag, publicLine: "Engineer", sealedIdentity: bytes(`sealed under ${locked.wrappedDataKey.length} bytes`),
      sealedContact: bytes("sealed contact"), receiptHash: bytes(`receipt-${signatureId}`), signedOn: startOfDayUtc(now), orderKey: "0123456789abcdef",
    }),
    receipt: (locked) => ({ kind: "signing-receipt", to: "home@example.net", subject: `Signed: ${locked.title}`, text: "Your receipt" }),
    duplicateNotice: () => { throw new Error("not reached: the first signature"); },
  });
  const usedAgain = await store.storeSignature({ letterId: letter.id, verificationId: verification.id, now, signature: () => { throw new Error("not reached"); } });

  // The same address again (decision 010): a decoy receipt, the first signature untouched.
  const firstBefore = await db().signature.findUniqueOrThrow({ where: { id: signatureId } });
  const second = { ...verification, id: newToken().id };
  await store.createVerification(second);
  await store.countCodeAttempt(second.id, 5, { verifiedAt: now, expiresAt: new Date(now.getTime() + 3_600_000) });
  const decoyId = newToken().id;
  const duplicate = await store.storeSignature({
    letterId: letter.id,
    verificationId: second.id,
    now,
    signature: () => ({
      id: decoyId, letterId: letter.id, emailTag: verification.emailTag, publicLine: "Second line", sealedIdentity: bytes("sealed again"),
      sealedContact: bytes("other contact"), receiptHash: bytes(`receipt-${decoyId}`), signedOn: startOfDayUtc(now), orderKey: "fedcba9876543210",
    }),
    receipt: () => ({ kind: "signing-receipt", to: "second@example.net", subject: "Signed", text: "Your receipt" }),
    duplicateNotice: (locked, first) => ({ kind: "signed-again", to: "home@example.net", subject: `Again: ${locked.title}`, text: `${first.id === signatureId} ${Buffer.from(first.sealedContact!).toString()} ${first.sealedContact instanceof Uint8Array}` }),
  });

  const receipts = [...(await queuedMail({ to: "home@example.net" })), ...(await queuedMail({ to: "second@example.net" }))].sort((a, b) =>
    `${a.kind} ${a.to}`.localeCompare(`${b.kind} ${b.to}`),
  );
  const read = {
    found,
    steps: { wrong, right, again, stored, usedAgain, duplicate },
    firstUntouched: JSON.stringify(await db().signature.findUniqueOrThrow({ where: { id: signatureId } })) === JSON.stringify(firstBefore),
    decoy: await db().decoyReceipt.findUniqueOrThrow({ where: { id: decoyId }, omit: { id: true, letterId: true, receiptHash: true } }),
    decoyReceiptHash: Buffer.from((await db().decoyReceipt.findUniqueOrThrow({ where: { id: decoyId } })).receiptHash).toString() === `receipt-${decoyId}`,
    secondVerificationLeft: await db().signingVerification.count({ where: { id: second.id } }),
    afterCode: afterCode && { ...afterCode, id: "-", letterId: "-", emailTag: "-" },
    letter: await db().letter.findUniqueOrThrow({ where: { id: letter.id }, select: { status: true, revealedAt: true, signatureCount: true } }),
    verificationLeft: await db().signingVerification.count({ where: { id: verification.id } }),
    signature: await db().signature.findUniqueOrThrow({ where: { id: signatureId }, omit: { id: true, letterId: true, emailTag: true, receiptHash: true } }),
    audit: (await db().auditEvent.findMany({ where: { letterId: letter.id, kind: "revealed" }, select: { kind: true, actorUserId: true, detail: true, createdAt: true } })).map(
      // Stamped with the clock, as recordAudit does: within a minute of it.
      (event) => ({ ...event, createdAt: Math.abs(event.createdAt.getTime() - Date.now()) < 60_000 }),
    ),
    // The rows as stored (the sealed blob is random, and bound to the row's id), and what they open to.
    mail: await db().outboxMessage.findMany({
      where: { id: { in: receipts.map((m) => m.id) } },
      orderBy: { kind: "asc" },
      omit: { id: true, createdAt: true, nextAttemptAt: true, sealed: true },
    }),
    opened: receipts.map(({ id: _id, createdAt: _createdAt, ...content }) => content),
  };
  await db().outboxMessage.deleteMany({ where: { id: { in: receipts.map((m) => m.id) } } });
  return { letter, read };
}

test("plain SQL and Prisma write and read the very same rows at every signing step", async () => {
  const now = new Date("2026-11-29T10:11:12.345Z");
  const viaPrisma = await signThrough(prismaSigningStore, now);
  const viaSql = await signThrough(sqliteSigningStore(await direct()), now);
  // Only the letter itself differs (its own id, slug and key).
  const sameLetter = (read: typeof viaSql.read, letter: typeof viaSql.letter) => ({ ...read, found: { ...read.found, id: read.found?.id === letter.id, deadline: read.found?.deadline.getTime() === letter.deadline.getTime() } });
  expect(sameLetter(viaSql.read, viaSql.letter)).toEqual(sameLetter(viaPrisma.read, viaPrisma.letter));
  // And what they agree on is right: one wrong try, then the right one, then nothing more.
  expect(viaSql.read.steps).toEqual({
    wrong: true, right: true, again: false, stored: { outcome: "stored", revealed: true, decoy: false }, usedAgain: { outcome: "verification-used" },
    duplicate: { outcome: "stored", revealed: false, decoy: true },
  });
  expect(viaSql.read).toMatchObject({ firstUntouched: true, decoyReceiptHash: true, secondVerificationLeft: 0 });
  expect(viaSql.read.decoy).toMatchObject({ publicLine: "Second line", signedOn: startOfDayUtc(now), orderKey: "fedcba9876543210" });
  expect(viaSql.read.decoy).not.toHaveProperty("emailTag");
  expect(viaSql.read.afterCode).toMatchObject({ attempts: 2, verifiedAt: now, expiresAt: new Date(now.getTime() + 3_600_000) });
  expect(viaSql.read.letter).toEqual({ status: "REVEALED", revealedAt: now, signatureCount: 1 });
  expect(viaSql.read.signature.signedOn).toEqual(startOfDayUtc(now));
  expect(viaSql.read.audit).toEqual([{ kind: "revealed", actorUserId: null, detail: null, createdAt: true }]);
  // Codes go out from memory (decision 009): only receipts and notices are queued, sealed.
  expect(viaSql.read.mail.map((m) => [m.kind, m.status, m.attempts])).toEqual([
    ["signed-again", "PENDING", 0],
    ["signing-receipt", "PENDING", 0],
    ["signing-receipt", "PENDING", 0],
  ]);
  expect(viaSql.read.opened.map((m) => [m.kind, m.to, m.text])).toEqual([
    ["signed-again", "home@example.net", "true sealed contact true"],
    ["signing-receipt", "home@example.net", "Your receipt"],
    ["signing-receipt", "second@example.net", "Your receipt"],
  ]);
});

test("timestamps written as plain SQL sort and compare in Prisma's queries like Prisma's own", async () => {
  const d = await direct();
  await d.transaction(() => d.run('INSERT INTO "RateLimitCounter" ("key", "count", "expiresAt", "updatedAt") VALUES (?, 1, ?, ?)', "plain", "2026-11-29T10:00:00.000+00:00", "2026-11-29T09:00:00.000+00:00"));
  await db().rateLimitCounter.create({ data: { key: "prisma", count: 1, expiresAt: new Date("2026-11-29T11:00:00.000Z") } });
  const due = await db().rateLimitCounter.findMany({ where: { expiresAt: { lt: new Date("2026-11-29T10:30:00.000Z") } }, select: { key: true } });
  expect(due).toEqual([{ key: "plain" }]);
  const sorted = await db().rateLimitCounter.findMany({ orderBy: { expiresAt: "desc" }, select: { key: true, expiresAt: true } });
  expect(sorted).toEqual([
    { key: "prisma", expiresAt: new Date("2026-11-29T11:00:00.000Z") },
    { key: "plain", expiresAt: new Date("2026-11-29T10:00:00.000Z") },
  ]);
});

test("a plain-SQL transaction waits for an open Prisma transaction, and does not join it", async () => {
  let openGate!: () => void;
  const gate = new Promise<void>((resolve) => (openGate = resolve));
  let inside!: () => void;
  const prismaStarted = new Promise<void>((resolve) => (inside = resolve));
  const prismaTx = db()
    .$transaction(async (tx) => {
      await tx.rateLimitCounter.create({ data: { key: "rolled-back", count: 1, expiresAt: new Date(Date.now() + 60_000) } });
      inside();
      await gate;
      throw new Error("roll back");
    })
    .catch((error: Error) => error.message);
  await prismaStarted;

  let counted = false;
  const counting = consumeRateLimit({ name: "test-interleave", max: 5, windowMs: 60_000 }, "subject").then(() => (counted = true));
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(counted).toBe(false); // waiting for the Prisma transaction to end
  openGate();
  expect(await prismaTx).toBe("roll back");
  await counting;
  const keys = (await db().rateLimitCounter.findMany({ select: { key: true, count: true } })).map((row) => [row.key.split(":")[0], row.count]);
  // The count survived the Prisma rollback (it was not inside it), and the rolled-back row is gone.
  expect(keys).toEqual([["test-interleave", 1]]);
});

test("a plain-SQL transaction that throws leaves nothing behind, and the next one commits", async () => {
  const d = await direct();
  const insert = (key: string) => d.run('INSERT INTO "RateLimitCounter" ("key", "count", "expiresAt", "updatedAt") VALUES (?, 1, ?, ?)', key, "2026-12-01T00:00:00.000+00:00", "2026-11-29T00:00:00.000+00:00");
  await expect(
    d.transaction(() => {
      insert("first");
      insert("first"); // primary key: throws
    }),
  ).rejects.toMatchObject({ code: "SQLITE_CONSTRAINT_PRIMARYKEY" });
  await d.transaction(() => insert("second"));
  expect(await db().rateLimitCounter.findMany({ select: { key: true } })).toEqual([{ key: "second" }]);
});

test("many signers' plain-SQL steps and Prisma transactions side by side: every count exact", async () => {
  const limit = { name: "test-mixed", max: 1_000, windowMs: 60_000 };
  const prismaWrites = Array.from({ length: 20 }, (_, i) =>
    db().$transaction(async (tx) => {
      await tx.rateLimitCounter.upsert({ where: { key: "prisma-side" }, create: { key: "prisma-side", count: 1, expiresAt: new Date(Date.now() + 60_000) }, update: { count: { increment: 1 } } });
      await new Promise((resolve) => setTimeout(resolve, i % 3));
    }),
  );
  const plainWrites = Array.from({ length: 60 }, () => consumeRateLimit(limit, "shared"));
  await Promise.all([...prismaWrites, ...plainWrites]);
  const rows = await db().rateLimitCounter.findMany({ select: { key: true, count: true }, orderBy: { key: "asc" } });
  expect(rows.map((row) => [row.key.split(":")[0], row.count])).toEqual([["prisma-side", 20], ["test-mixed", 60]]);
});
