// The plain-SQL path on SQLite (decision 008): it must write the very rows
// Prisma writes, and share the one connection with Prisma without ever joining
// or splitting a transaction.
import { afterEach, expect, test } from "vitest";
import { consumeRateLimit, countRateLimitsThroughPrisma } from "~/auth/rate-limit.server";
import { newToken } from "~/crypto/tokens.server";
import { db, sqliteDirect } from "~/db/client.server";
import type { SqliteDirect } from "~/db/sqlite-direct.server";
import type { SigningStore } from "~/domain/letters/signing-store/index.server";
import { prismaSigningStore } from "~/domain/letters/signing-store/prisma.server";
import { sqliteSigningStore } from "~/domain/letters/signing-store/sqlite.server";
import { countRateLimitsDirect } from "~/domain/letters/signing-store/sqlite-rows.server";
import { IdentitySealing } from "~/domain/letters/identity-sealing";
import { startOfDayUtc } from "~/lib/dates";
import { createDraft } from "~/domain/letters/draft-letter.server";
import { createUser } from "../support/factories";
import { draftInput, openedLetter } from "../support/letters";
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

/** One of the two ways to write the signing rows: Prisma's, or plain SQL's (decision 008). */
type Way = { store: SigningStore; countRateLimits: (counters: { key: string; expiresAt: Date }[], now: Date) => Promise<number[]> };

/**
 * The letters a run works on: one that reveals at its first signature, one that does
 * not (threshold 3), one still a draft, and one with trustees that its first
 * signature hands to them (the store reads only its k: decision 015).
 */
async function lettersToSign() {
  const { letter } = await openedLetter({ threshold: 1 });
  // Teams (decision 018): both ways read the list and store a signature's index.
  await db().letter.update({ where: { id: letter.id }, data: { teams: "Azure\nBing\nResearch" } });
  const { letter: plain } = await openedLetter({ threshold: 3 });
  const draft = await createDraft((await createUser()).id, draftInput());
  const { letter: opened } = await openedLetter({ threshold: 1 });
  const trustee = await db().letter.update({ where: { id: opened.id }, data: { trusteeThreshold: 2 } });
  // Its crossing starts a cooling-off period (decision 020): both ways store the same end.
  const { letter: cooling } = await openedLetter({ threshold: 1, coolingOffHours: 24 });
  return { letter, plain, draft: await db().letter.findUniqueOrThrow({ where: { id: draft.id } }), trustee, cooling };
}
type Letters = Awaited<ReturnType<typeof lettersToSign>>;

/** The ids a run's plan uses: the same for both ways, so that their rows can be equal column for column. */
function planIds() {
  const id = () => newToken().id;
  return {
    verification: id(),
    second: id(),
    plainVerification: id(),
    leftOver: id(),
    signature: id(),
    decoy: id(),
    plainSignature: id(),
    trusteeVerification: id(),
    trusteeSignature: id(),
    coolingVerification: id(),
    coolingSignature: id(),
  };
}

/**
 * Every step of signing through one way, on the letters given: a signature
 * that reveals, its verification used again, the same address again (a decoy),
 * a plain signature that does not reveal, a letter that is not open, and the
 * rate-limit counters a code request bumps (twice: created, then counted up).
 */
async function signThrough(
  { store, countRateLimits }: Way,
  { letter, plain, draft, trustee, cooling }: Letters,
  ids: ReturnType<typeof planIds>,
  now: Date,
) {
  const found = await store.findLetterBySlugHash(letter.privateSlugHash!);
  const verification = {
    id: ids.verification,
    secretHash: bytes("secret"),
    letterId: letter.id,
    emailTag: bytes(`tag-${letter.id}`),
    codeHash: bytes("code"),
    expiresAt: new Date(now.getTime() + 600_000),
  };
  await store.createVerification(verification);
  const wrong = await store.countCodeAttempt(verification.id, 5, null);
  const right = await store.countCodeAttempt(verification.id, 5, { verifiedAt: now, expiresAt: new Date(now.getTime() + 3_600_000) });
  const again = await store.countCodeAttempt(verification.id, 5, { verifiedAt: now, expiresAt: now });
  const afterCode = await store.findVerification(verification.id);
  const signatureId = ids.signature;
  const stored = await store.storeSignature({
    letterId: letter.id,
    verificationId: verification.id,
    now,
    signature: (locked) => ({
      id: signatureId,
      letterId: letter.id,
      emailTag: verification.emailTag,
      publicLine: "Engineer",
      sealedIdentity: bytes(`sealed under ${locked.wrappedDataKey.length} bytes`),
      sealedContact: bytes("sealed contact"),
      identitySealing: IdentitySealing.SERVER,
      receiptHash: bytes(`receipt-${signatureId}`),
      signedOn: startOfDayUtc(now),
      orderKey: "0123456789abcdef",
      team: 2,
      nameAt: 40,
    }),
    receipt: (locked) => ({ kind: "signing-receipt", to: "home@example.net", subject: `Signed: ${locked.title}`, text: "Your receipt" }),
    duplicateNotice: () => {
      throw new Error("not reached: the first signature");
    },
  });
  const usedAgain = await store.storeSignature({
    letterId: letter.id,
    verificationId: verification.id,
    now,
    signature: () => {
      throw new Error("not reached");
    },
  });

  // The same address again (decision 010): a decoy receipt, the first signature untouched.
  const firstBefore = await db().signature.findUniqueOrThrow({ where: { id: signatureId } });
  const second = { ...verification, id: ids.second };
  await store.createVerification(second);
  await store.countCodeAttempt(second.id, 5, { verifiedAt: now, expiresAt: new Date(now.getTime() + 3_600_000) });
  const decoyId = ids.decoy;
  const duplicate = await store.storeSignature({
    letterId: letter.id,
    verificationId: second.id,
    now,
    signature: () => ({
      id: decoyId,
      letterId: letter.id,
      emailTag: verification.emailTag,
      publicLine: "Second line",
      sealedIdentity: bytes("sealed again"),
      sealedContact: bytes("other contact"),
      // Not what a real duplicate on this letter would have: here it shows the column is copied.
      identitySealing: IdentitySealing.TRUSTEES,
      receiptHash: bytes(`receipt-${decoyId}`),
      signedOn: startOfDayUtc(now),
      orderKey: "fedcba9876543210",
      // A decoy keeps no team (decision 018): the column is dropped, counted nowhere.
      team: 1,
      // But it keeps the signer's own bar (decision 019), as its receipt says it.
      nameAt: 60,
    }),
    receipt: () => ({ kind: "signing-receipt", to: "second@example.net", subject: "Signed", text: "Your receipt" }),
    duplicateNotice: (locked, first) => ({
      kind: "signed-again",
      to: "home@example.net",
      subject: `Again: ${locked.title}`,
      text: `${first.id === signatureId} ${Buffer.from(first.sealedContact!).toString()} ${first.sealedContact instanceof Uint8Array}`,
    }),
  });

  // A plain signature (below the threshold, no contact address), then a letter that is not open.
  const accepted = { verifiedAt: now, expiresAt: new Date(now.getTime() + 3_600_000) };
  const onPlain = { ...verification, letterId: plain.id, emailTag: bytes(`tag-${plain.id}`) };
  await store.createVerification({ ...onPlain, id: ids.plainVerification });
  await store.countCodeAttempt(ids.plainVerification, 5, accepted);
  const plainSigned = await store.storeSignature({
    letterId: plain.id,
    verificationId: ids.plainVerification,
    now,
    signature: () => ({
      id: ids.plainSignature,
      letterId: plain.id,
      emailTag: onPlain.emailTag,
      publicLine: null,
      sealedIdentity: bytes("sealed plain"),
      sealedContact: null,
      identitySealing: IdentitySealing.SERVER,
      receiptHash: bytes(`receipt-${ids.plainSignature}`),
      signedOn: startOfDayUtc(now),
      orderKey: "00000000ffffffff",
      team: null,
      nameAt: null,
    }),
  });
  // The letter with trustees: its crossing signature hands it to them, and reveals nothing.
  const onTrustee = { ...verification, id: ids.trusteeVerification, letterId: trustee.id, emailTag: bytes(`tag-${trustee.id}`) };
  await store.createVerification(onTrustee);
  await store.countCodeAttempt(onTrustee.id, 5, accepted);
  const trusteeSigned = await store.storeSignature({
    letterId: trustee.id,
    verificationId: onTrustee.id,
    now,
    signature: (locked) => ({
      id: ids.trusteeSignature,
      letterId: trustee.id,
      emailTag: onTrustee.emailTag,
      publicLine: `has trustees: ${locked.hasTrustees}`,
      sealedIdentity: bytes("wrapped envelope"),
      sealedContact: null,
      identitySealing: IdentitySealing.TRUSTEES,
      receiptHash: bytes(`receipt-${ids.trusteeSignature}`),
      signedOn: startOfDayUtc(now),
      orderKey: "1111111122222222",
      team: 0,
      nameAt: 9,
    }),
  });
  const onCooling = { ...verification, id: ids.coolingVerification, letterId: cooling.id, emailTag: bytes(`tag-${cooling.id}`) };
  await store.createVerification(onCooling);
  await store.countCodeAttempt(onCooling.id, 5, accepted);
  const coolingSigned = await store.storeSignature({
    letterId: cooling.id,
    verificationId: onCooling.id,
    now,
    signature: (locked) => ({
      id: ids.coolingSignature,
      letterId: cooling.id,
      emailTag: onCooling.emailTag,
      publicLine: `cooling off for ${locked.coolingOffHours} hours`,
      sealedIdentity: bytes("sealed cooling"),
      sealedContact: null,
      identitySealing: IdentitySealing.SERVER,
      receiptHash: bytes(`receipt-${ids.coolingSignature}`),
      signedOn: startOfDayUtc(now),
      orderKey: "3333333344444444",
      team: null,
      nameAt: null,
    }),
  });
  await store.createVerification({ ...onPlain, id: ids.leftOver, emailTag: bytes(`other-${plain.id}`) });
  await store.countCodeAttempt(ids.leftOver, 5, accepted);
  // Refused before the verification is touched: it is still there afterwards.
  const notOpen = await store.storeSignature({
    letterId: draft.id,
    verificationId: ids.leftOver,
    now,
    signature: () => {
      throw new Error("not reached");
    },
  });

  const counters = [
    { key: "test-direct:ip", expiresAt: new Date(now.getTime() + 3_600_000) },
    { key: "test-direct:email", expiresAt: new Date(now.getTime() + 900_000) },
  ];
  const rateLimits = [await countRateLimits(counters, now), await countRateLimits(counters, new Date(now.getTime() + 1_000))];

  const receipts = [...(await queuedMail({ to: "home@example.net" })), ...(await queuedMail({ to: "second@example.net" }))].sort((a, b) =>
    `${a.kind} ${a.to}`.localeCompare(`${b.kind} ${b.to}`),
  );
  return {
    found,
    steps: { wrong, right, again, stored, usedAgain, duplicate, plainSigned, trusteeSigned, coolingSigned, notOpen },
    coolingLetter: await db().letter.findUniqueOrThrow({
      where: { id: cooling.id },
      select: { status: true, revealedAt: true, signatureCount: true, coolingOffEndsAt: true },
    }),
    coolingSignature: (await db().signature.findUniqueOrThrow({ where: { id: ids.coolingSignature } })).publicLine,
    rateLimits,
    firstUntouched: JSON.stringify(await db().signature.findUniqueOrThrow({ where: { id: signatureId } })) === JSON.stringify(firstBefore),
    decoy: await db().decoyReceipt.findUniqueOrThrow({ where: { id: decoyId }, omit: { id: true, letterId: true, receiptHash: true } }),
    decoyReceiptHash:
      Buffer.from((await db().decoyReceipt.findUniqueOrThrow({ where: { id: decoyId } })).receiptHash).toString() === `receipt-${decoyId}`,
    secondVerificationLeft: await db().signingVerification.count({ where: { id: second.id } }),
    afterCode: afterCode && { ...afterCode, id: "-", letterId: "-", emailTag: "-" },
    letter: await db().letter.findUniqueOrThrow({
      where: { id: letter.id },
      select: { status: true, revealedAt: true, signatureCount: true },
    }),
    verificationLeft: await db().signingVerification.count({ where: { id: verification.id } }),
    signature: await db().signature.findUniqueOrThrow({
      where: { id: signatureId },
      omit: { id: true, letterId: true, emailTag: true, receiptHash: true },
    }),
    trusteeLetter: await db().letter.findUniqueOrThrow({
      where: { id: trustee.id },
      select: { status: true, revealedAt: true, signatureCount: true },
    }),
    trusteeSignature: await db().signature.findUniqueOrThrow({
      where: { id: ids.trusteeSignature },
      select: { publicLine: true, identitySealing: true },
    }),
    audit: (
      await db().auditEvent.findMany({
        where: {
          letterId: { in: [letter.id, trustee.id, cooling.id] },
          kind: { in: ["revealed", "threshold-met", "cooling-off-started"] },
        },
        orderBy: { kind: "asc" },
        select: { kind: true, actorUserId: true, detail: true, createdAt: true },
      })
    ).map(
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
}

/** The tables the signing steps and rate limits write, and which of their rows a run may touch. */
const TABLES = {
  Letter: '"id" IN (?, ?, ?, ?, ?)',
  Signature: '"letterId" IN (?, ?, ?, ?, ?)',
  DecoyReceipt: '"letterId" IN (?, ?, ?, ?, ?)',
  SigningVerification: '"letterId" IN (?, ?, ?, ?, ?)',
  AuditEvent: '"letterId" IN (?, ?, ?, ?, ?)',
  OutboxKey: "1 = 1",
  OutboxMessage: "1 = 1",
  RateLimitCounter: "1 = 1",
} as const;
type Table = keyof typeof TABLES;
type Rows = Record<Table, Record<string, string>[]>;
const keyOf = (table: Table) => (table === "OutboxKey" ? "epoch" : table === "RateLimitCounter" ? "key" : "id");

/**
 * Those rows as SQLite stores them, every column as quote() renders it: text,
 * integer, blob or NULL, verbatim (a DateTime written in another format, a number
 * stored as text, a flag stored as a string would all show), in insertion order.
 */
async function storedRows({ letter, plain, draft, trustee, cooling }: Letters): Promise<Rows> {
  const rows = {} as Rows;
  for (const table of Object.keys(TABLES) as Table[]) {
    const columns = await db().$queryRawUnsafe<{ name: string }[]>(`SELECT "name" FROM pragma_table_info('${table}')`);
    const where = TABLES[table];
    rows[table] = await db().$queryRawUnsafe<Record<string, string>[]>(
      `SELECT ${columns.map(({ name }) => `quote("${name}") AS "${name}"`).join(", ")} FROM "${table}" WHERE ${where} ORDER BY rowid`,
      ...(where.includes("?") ? [letter.id, plain.id, draft.id, trustee.id, cooling.id] : []),
    );
  }
  return rows;
}

/** Puts the rows back as `start` had them: new rows deleted (mail before its key), the letters' columns restored. */
async function rewind(start: Rows, now: Rows) {
  for (const table of [
    "OutboxMessage",
    "OutboxKey",
    "AuditEvent",
    "DecoyReceipt",
    "Signature",
    "SigningVerification",
    "RateLimitCounter",
  ] as const) {
    const key = keyOf(table);
    const kept = new Set(start[table].map((row) => row[key]));
    for (const row of now[table].filter((row) => !kept.has(row[key])))
      await db().$executeRawUnsafe(`DELETE FROM "${table}" WHERE "${key}" = ${row[key]}`);
  }
  // quote() renders SQL literals, so the restoring UPDATE writes back the very values.
  for (const row of start.Letter) {
    await db().$executeRawUnsafe(
      `UPDATE "Letter" SET ${Object.entries(row)
        .map(([name, value]) => `"${name}" = ${value}`)
        .join(", ")} WHERE "id" = ${row.id}`,
    );
  }
}

/**
 * What must be equal between the two ways: everything, except the values chosen
 * at random (outbox and audit ids, the sealed blob bound to its id, a new hour's
 * key) and the mail and audit times (Prisma's rows take the clock; plain SQL stamps
 * a mail with the step's `now`), of which only the format must agree.
 */
function comparable(rows: Rows) {
  const time = (value: string | undefined) => (/^'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00'$/.test(value ?? "") ? "<time>" : value);
  const uuid = (value: string | undefined) =>
    /^'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'$/.test(value ?? "") ? "<uuid>" : value;
  const blob = (value: string | undefined) => (/^X'([0-9A-F]{2})+'$/.test(value ?? "") ? `<${(value!.length - 3) / 2} bytes>` : value);
  return {
    ...rows,
    OutboxKey: rows.OutboxKey.map((row) => ({ ...row, wrappedKey: blob(row.wrappedKey) })),
    OutboxMessage: rows.OutboxMessage.map((row) => ({
      ...row,
      id: uuid(row.id),
      sealed: blob(row.sealed),
      createdAt: time(row.createdAt),
      nextAttemptAt: time(row.nextAttemptAt),
    })),
    AuditEvent: rows.AuditEvent.map((row) => ({ ...row, id: uuid(row.id), createdAt: time(row.createdAt) })),
  };
}

test("plain SQL and Prisma write and read the very same rows at every signing step", async () => {
  const now = new Date("2026-11-29T10:11:12.345Z");
  const d = await direct();
  const letters = await lettersToSign();
  const ids = planIds();
  const start = await storedRows(letters);
  // The same plan through both ways, from the same rows of the same database.
  const viaPrisma = await signThrough({ store: prismaSigningStore, countRateLimits: countRateLimitsThroughPrisma }, letters, ids, now);
  const prismaRows = await storedRows(letters);
  await rewind(start, prismaRows);
  expect(await storedRows(letters)).toEqual(start);
  const viaSql = await signThrough(
    { store: sqliteSigningStore(d), countRateLimits: (counters, at) => countRateLimitsDirect(d, counters, at) },
    letters,
    ids,
    now,
  );
  const sqlRows = await storedRows(letters);

  // Column for column, every row of every table the steps write (Letter, Signature,
  // DecoyReceipt, SigningVerification, OutboxKey, OutboxMessage, AuditEvent, RateLimitCounter).
  expect(comparable(sqlRows)).toEqual(comparable(prismaRows));
  expect(sqlRows.OutboxMessage.length - start.OutboxMessage.length).toBe(3);
  expect(sqlRows.AuditEvent.length - start.AuditEvent.length).toBe(3);
  expect(sqlRows.SigningVerification.map((row) => row.id)).toEqual([`'${ids.leftOver}'`]);
  expect(sqlRows.RateLimitCounter.map((row) => [row.key, row.count, row.updatedAt])).toEqual([
    ["'test-direct:ip'", "2", "'2026-11-29T10:11:13.345+00:00'"],
    ["'test-direct:email'", "2", "'2026-11-29T10:11:13.345+00:00'"],
  ]);
  // And they read back the same.
  expect(viaSql).toEqual(viaPrisma);
  // And what they agree on is right: one wrong try, then the right one, then nothing more.
  expect(viaSql.steps).toEqual({
    wrong: true,
    right: true,
    again: false,
    stored: { outcome: "stored", revealed: true, awaitingTrustees: false, coolingOff: false, decoy: false },
    usedAgain: { outcome: "verification-used" },
    duplicate: { outcome: "stored", revealed: false, awaitingTrustees: false, coolingOff: false, decoy: true },
    plainSigned: { outcome: "stored", revealed: false, awaitingTrustees: false, coolingOff: false, decoy: false },
    trusteeSigned: { outcome: "stored", revealed: false, awaitingTrustees: true, coolingOff: false, decoy: false },
    coolingSigned: { outcome: "stored", revealed: false, awaitingTrustees: false, coolingOff: true, decoy: false },
    notOpen: { outcome: "not-open" },
  });
  expect(viaSql.rateLimits).toEqual([
    [1, 1],
    [2, 2],
  ]);
  expect(viaSql).toMatchObject({ firstUntouched: true, decoyReceiptHash: true, secondVerificationLeft: 0 });
  expect(viaSql.decoy).toMatchObject({
    publicLine: "Second line",
    signedOn: startOfDayUtc(now),
    orderKey: "fedcba9876543210",
    identitySealing: "trustees",
  });
  expect(viaSql.signature.identitySealing).toBe("server");
  // The team picked is stored as its index, on both ways; the letter's list is read as stored (decision 018).
  expect(viaSql.signature.team).toBe(2);
  expect(viaSql.found?.teams).toBe("Azure\nBing\nResearch");
  // The letter with trustees waits for them: no reveal time, names still sealed.
  expect(viaSql.trusteeLetter).toEqual({ status: "AWAITING_TRUSTEES", revealedAt: null, signatureCount: 1 });
  expect(viaSql.trusteeSignature).toEqual({ publicLine: "has trustees: true", identitySealing: "trustees" });
  // The letter with a cooling-off period: sealed until the crossing's hour rounded up, plus 24 hours (decision 020).
  expect(viaSql.coolingLetter).toEqual({
    status: "COOLING_OFF",
    revealedAt: null,
    signatureCount: 1,
    coolingOffEndsAt: new Date("2026-11-30T11:00:00.000Z"),
  });
  expect(viaSql.coolingSignature).toBe("cooling off for 24 hours");
  expect(viaSql.decoy).not.toHaveProperty("emailTag");
  expect(viaSql.afterCode).toMatchObject({ attempts: 2, verifiedAt: now, expiresAt: new Date(now.getTime() + 3_600_000) });
  expect(viaSql.letter).toEqual({ status: "REVEALED", revealedAt: now, signatureCount: 1 });
  expect(viaSql.signature.signedOn).toEqual(startOfDayUtc(now));
  expect(viaSql.audit).toEqual([
    { kind: "cooling-off-started", actorUserId: null, detail: null, createdAt: true },
    { kind: "revealed", actorUserId: null, detail: null, createdAt: true },
    { kind: "threshold-met", actorUserId: null, detail: null, createdAt: true },
  ]);
  // The plain signature counts without revealing; the letter that is not open is untouched.
  const letterRow = (rows: Rows, id: string) => rows.Letter.find((row) => row.id === `'${id}'`);
  expect([letterRow(sqlRows, letters.plain.id)?.signatureCount, letterRow(sqlRows, letters.plain.id)?.status]).toEqual(["1", "'OPEN'"]);
  expect(letterRow(sqlRows, letters.draft.id)).toEqual(letterRow(start, letters.draft.id));
  // Codes go out from memory (decision 009): only receipts and notices are queued, sealed.
  expect(viaSql.mail.map((m) => [m.kind, m.status, m.attempts])).toEqual([
    ["signed-again", "PENDING", 0],
    ["signing-receipt", "PENDING", 0],
    ["signing-receipt", "PENDING", 0],
  ]);
  expect(viaSql.opened.map((m) => [m.kind, m.to, m.text])).toEqual([
    ["signed-again", "home@example.net", "true sealed contact true"],
    ["signing-receipt", "home@example.net", "Your receipt"],
    ["signing-receipt", "second@example.net", "Your receipt"],
  ]);
});

test("timestamps written as plain SQL sort and compare in Prisma's queries like Prisma's own", async () => {
  const d = await direct();
  await d.transaction(() =>
    d.run(
      'INSERT INTO "RateLimitCounter" ("key", "count", "expiresAt", "updatedAt") VALUES (?, 1, ?, ?)',
      "plain",
      "2026-11-29T10:00:00.000+00:00",
      "2026-11-29T09:00:00.000+00:00",
    ),
  );
  await db().rateLimitCounter.create({ data: { key: "prisma", count: 1, expiresAt: new Date("2026-11-29T11:00:00.000Z") } });
  const due = await db().rateLimitCounter.findMany({
    where: { expiresAt: { lt: new Date("2026-11-29T10:30:00.000Z") } },
    select: { key: true },
  });
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
  const keys = (await db().rateLimitCounter.findMany({ select: { key: true, count: true } })).map((row) => [
    row.key.split(":")[0],
    row.count,
  ]);
  // The count survived the Prisma rollback (it was not inside it), and the rolled-back row is gone.
  expect(keys).toEqual([["test-interleave", 1]]);
});

test("a plain-SQL transaction that throws leaves nothing behind, and the next one commits", async () => {
  const d = await direct();
  const insert = (key: string) =>
    d.run(
      'INSERT INTO "RateLimitCounter" ("key", "count", "expiresAt", "updatedAt") VALUES (?, 1, ?, ?)',
      key,
      "2026-12-01T00:00:00.000+00:00",
      "2026-11-29T00:00:00.000+00:00",
    );
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
      await tx.rateLimitCounter.upsert({
        where: { key: "prisma-side" },
        create: { key: "prisma-side", count: 1, expiresAt: new Date(Date.now() + 60_000) },
        update: { count: { increment: 1 } },
      });
      await new Promise((resolve) => setTimeout(resolve, i % 3));
    }),
  );
  const plainWrites = Array.from({ length: 60 }, () => consumeRateLimit(limit, "shared"));
  await Promise.all([...prismaWrites, ...plainWrites]);
  const rows = await db().rateLimitCounter.findMany({ select: { key: true, count: true }, orderBy: { key: "asc" } });
  expect(rows.map((row) => [row.key.split(":")[0], row.count])).toEqual([
    ["prisma-side", 20],
    ["test-mixed", 60],
  ]);
});
