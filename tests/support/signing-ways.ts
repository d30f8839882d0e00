// The signing steps run through one "way" (a signing store and a rate-limit
// counter), step by step on the same letters with the same ids, so that two ways
// can be compared row for row: Prisma's against SQLite's plain SQL
// (tests/sqlite/direct-sql.test.ts) and against PostgreSQL's (tests/postgres/direct-sql.test.ts).
import { expect } from "vitest";
import { countRateLimitsThroughPrisma } from "~/auth/rate-limit.server";
import { newToken } from "~/crypto/tokens.server";
import { prismaSigningStore } from "~/domain/letters/signing-store/prisma.server";
import { db } from "~/db/client.server";
import type { SigningStore } from "~/domain/letters/signing-store/index.server";
import { IdentitySealing } from "~/domain/letters/identity-sealing";
import { startOfDayUtc } from "~/lib/dates";
import { createDraft } from "~/domain/letters/draft-letter.server";
import { createUser } from "./factories";
import { draftInput, openedLetter } from "./letters";
import { queuedMail } from "./mail";

const bytes = (text: string) => new Uint8Array(Buffer.from(text));

/** One of the two ways to write the signing rows: Prisma's, or plain SQL's (decision 008). */
export type Way = { store: SigningStore; countRateLimits: (counters: { key: string; expiresAt: Date }[], now: Date) => Promise<number[]> };

/**
 * The letters a run works on: one that reveals at its first signature, one that does
 * not (threshold 3), one still a draft, and one with trustees that its first
 * signature hands to them (the store reads only its k: decision 015).
 */
export async function lettersToSign() {
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
export type Letters = Awaited<ReturnType<typeof lettersToSign>>;

/** The ids a run's plan uses: the same for both ways, so that their rows can be equal column for column. */
export function planIds() {
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
export async function signThrough(
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

/** What every way must agree on, and what is right: one wrong try, then the right one, then nothing more. */
export function expectRightOutcomes(via: Awaited<ReturnType<typeof signThrough>>, now: Date) {
  expect(via.steps).toEqual({
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
  expect(via.rateLimits).toEqual([
    [1, 1],
    [2, 2],
  ]);
  expect(via).toMatchObject({ firstUntouched: true, decoyReceiptHash: true, secondVerificationLeft: 0 });
  expect(via.decoy).toMatchObject({
    publicLine: "Second line",
    signedOn: startOfDayUtc(now),
    orderKey: "fedcba9876543210",
    identitySealing: "trustees",
  });
  expect(via.signature.identitySealing).toBe("server");
  // The team picked is stored as its index, on both ways; the letter's list is read as stored (decision 018).
  expect(via.signature.team).toBe(2);
  expect(via.found?.teams).toBe("Azure\nBing\nResearch");
  // The letter with trustees waits for them: no reveal time, names still sealed.
  expect(via.trusteeLetter).toEqual({ status: "AWAITING_TRUSTEES", revealedAt: null, signatureCount: 1 });
  expect(via.trusteeSignature).toEqual({ publicLine: "has trustees: true", identitySealing: "trustees" });
  // The letter with a cooling-off period: sealed until the crossing's hour rounded up, plus 24 hours (decision 020).
  expect(via.coolingLetter).toEqual({
    status: "COOLING_OFF",
    revealedAt: null,
    signatureCount: 1,
    coolingOffEndsAt: new Date("2026-11-30T11:00:00.000Z"),
  });
  expect(via.coolingSignature).toBe("cooling off for 24 hours");
  expect(via.decoy).not.toHaveProperty("emailTag");
  expect(via.afterCode).toMatchObject({ attempts: 2, verifiedAt: now, expiresAt: new Date(now.getTime() + 3_600_000) });
  expect(via.letter).toEqual({ status: "REVEALED", revealedAt: now, signatureCount: 1 });
  expect(via.signature.signedOn).toEqual(startOfDayUtc(now));
  expect(via.audit).toEqual([
    { kind: "cooling-off-started", actorUserId: null, detail: null, createdAt: true },
    { kind: "revealed", actorUserId: null, detail: null, createdAt: true },
    { kind: "threshold-met", actorUserId: null, detail: null, createdAt: true },
  ]);
  // Codes go out from memory (decision 009): only receipts and notices are queued, sealed.
  expect(via.mail.map((m) => [m.kind, m.status, m.attempts])).toEqual([
    ["signed-again", "PENDING", 0],
    ["signing-receipt", "PENDING", 0],
    ["signing-receipt", "PENDING", 0],
  ]);
  expect(via.opened.map((m) => [m.kind, m.to, m.text])).toEqual([
    ["signed-again", "home@example.net", "true sealed contact true"],
    ["signing-receipt", "home@example.net", "Your receipt"],
    ["signing-receipt", "second@example.net", "Your receipt"],
  ]);
}

/** The tables a signing run adds rows to, in an order that deletes mail before its key: how both direct-sql suites rewind. */
export const ADDED_ROWS_DELETE_ORDER = [
  "OutboxMessage",
  "OutboxKey",
  "AuditEvent",
  "DecoyReceipt",
  "Signature",
  "SigningVerification",
  "RateLimitCounter",
] as const;
/**
 * The same plan through Prisma's way and then through `plain`, from the same rows of
 * the same database: rewound in between, and checked to be back where they started.
 * `storedRows` reads the rows as the database stores them; each suite says how.
 */
export async function throughBothWays<Rows>(
  plain: Way,
  { storedRows, rewind }: { storedRows: (letters: Letters) => Promise<Rows>; rewind: (start: Rows, now: Rows) => Promise<void> },
) {
  const now = new Date("2026-11-29T10:11:12.345Z");
  const letters = await lettersToSign();
  const ids = planIds();
  const start = await storedRows(letters);
  const viaPrisma = await signThrough({ store: prismaSigningStore, countRateLimits: countRateLimitsThroughPrisma }, letters, ids, now);
  const prismaRows = await storedRows(letters);
  await rewind(start, prismaRows);
  expect(await storedRows(letters)).toEqual(start);
  const viaSql = await signThrough(plain, letters, ids, now);
  const sqlRows = await storedRows(letters);
  // And they read back the same.
  expect(viaSql).toEqual(viaPrisma);
  expectRightOutcomes(viaSql, now);
  return { letters, ids, start, prismaRows, sqlRows };
}
