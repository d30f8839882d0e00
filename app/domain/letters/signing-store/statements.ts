// The statements of the signing steps and of the rows they write (an outbox mail
// and its hour's key, an audit event, a rate-limit counter), written once for
// both plain-SQL paths (decision 008): SQLite's runs them as they are, PostgreSQL's
// turns each `?` into `$1`, `$2`… (app/db/postgres-direct.server.ts). Only what
// both databases read alike is used: double-quoted names, RETURNING, ON CONFLICT,
// TRUE/FALSE.
import { CROSSING_FROM, LetterStatus, SIGNING_STATUSES, sqlList } from "~/domain/letters/lifecycle";
import type { NewDecoy } from "./types";

export const LETTER_BY_SLUG_HASH =
  'SELECT "id", "status", "deadline", "title", "organizationName", "allowedDomains", "teams", "threshold", "signatureCount", "batchedCount", "trusteeThreshold", ' +
  '"coolingOffEndsAt", "batchedCoolingOffEndsAt", "coolingOffNoticesAt" FROM "Letter" WHERE "privateSlugHash" = ?';
export const INSERT_VERIFICATION =
  'INSERT INTO "SigningVerification" ("id", "secretHash", "letterId", "emailTag", "codeHash", "attempts", "expiresAt") VALUES (?, ?, ?, ?, ?, 0, ?)';
export const VERIFICATION_BY_ID =
  'SELECT "id", "secretHash", "letterId", "emailTag", "codeHash", "attempts", "expiresAt", "verifiedAt" FROM "SigningVerification" WHERE "id" = ?';
export const COUNT_ATTEMPT =
  'UPDATE "SigningVerification" SET "attempts" = "attempts" + 1 WHERE "id" = ? AND "attempts" < ? AND "verifiedAt" IS NULL';
export const COUNT_ACCEPTED_ATTEMPT =
  'UPDATE "SigningVerification" SET "attempts" = "attempts" + 1, "verifiedAt" = ?, "expiresAt" = ? WHERE "id" = ? AND "attempts" < ? AND "verifiedAt" IS NULL';

// The signature step's statements, in the order steps.ts runs them.
export const COUNT_ON_LETTER =
  `UPDATE "Letter" SET "signatureCount" = "signatureCount" + 1 WHERE "id" = ? AND "status" IN (${sqlList(SIGNING_STATUSES)}) ` +
  'RETURNING "status", "signatureCount", "threshold", "title", "wrappedDataKey", "trusteeThreshold", "coolingOffHours"';
export const CONSUME_VERIFICATION = 'DELETE FROM "SigningVerification" WHERE "id" = ?';
export const FIRST_SIGNATURE = 'SELECT "id", "sealedContact" FROM "Signature" WHERE "letterId" = ? AND "emailTag" = ?';
export const UNCOUNT_ON_LETTER = 'UPDATE "Letter" SET "signatureCount" = "signatureCount" - 1 WHERE "id" = ?';
export const RECEIPT_COLUMNS =
  '"publicLine", "sealedIdentity", "sealedContact", "identitySealing", "receiptHash", "signedOn", "orderKey", "nameAt"';
/**
 * The values of RECEIPT_COLUMNS, in order, for a signature or a decoy receipt
 * (after the ids, and the tag); `time` writes the day as the database's path does.
 */
export function receiptValues<T>(row: NewDecoy, time: (date: Date) => T) {
  return [
    row.publicLine,
    row.sealedIdentity,
    row.sealedContact,
    row.identitySealing,
    row.receiptHash,
    time(row.signedOn),
    row.orderKey,
    row.nameAt,
  ];
}
export const INSERT_DECOY = `INSERT INTO "DecoyReceipt" ("id", "letterId", ${RECEIPT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
export const INSERT_SIGNATURE = `INSERT INTO "Signature" ("id", "letterId", "emailTag", ${RECEIPT_COLUMNS}, "team", "listed") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE)`;
export const FLIP_TO_REVEALED =
  `UPDATE "Letter" SET "status" = ${sqlList([LetterStatus.REVEALED])}, "revealedAt" = ? ` +
  `WHERE "id" = ? AND "status" IN (${sqlList(CROSSING_FROM)})`;
export const FLIP_TO_COOLING_OFF =
  `UPDATE "Letter" SET "status" = ${sqlList([LetterStatus.COOLING_OFF])}, "coolingOffEndsAt" = ? ` +
  `WHERE "id" = ? AND "status" IN (${sqlList(CROSSING_FROM)})`;
// revealedAt is when names became readable: for a letter with trustees, their release.
export const FLIP_TO_AWAITING_TRUSTEES =
  `UPDATE "Letter" SET "status" = ${sqlList([LetterStatus.AWAITING_TRUSTEES])} ` +
  `WHERE "id" = ? AND "status" IN (${sqlList(CROSSING_FROM)})`;

// The rows other modules write through Prisma, written here by the signing steps and the rate limits.
export const INSERT_OUTBOX_KEY = 'INSERT INTO "OutboxKey" ("epoch", "wrappedKey") VALUES (?, ?) ON CONFLICT ("epoch") DO NOTHING';
export const SELECT_OUTBOX_KEY = 'SELECT "wrappedKey" FROM "OutboxKey" WHERE "epoch" = ?';
export const INSERT_OUTBOX_MESSAGE =
  'INSERT INTO "OutboxMessage" ("id", "kind", "sealed", "keyEpoch", "status", "attempts", "nextAttemptAt", "createdAt") ' +
  "VALUES (?, ?, ?, ?, 'PENDING', 0, ?, ?)";
export const INSERT_AUDIT_EVENT =
  'INSERT INTO "AuditEvent" ("id", "letterId", "kind", "actorUserId", "detail", "createdAt") VALUES (?, ?, ?, NULL, NULL, ?)';
export const UPSERT_RATE_LIMIT_COUNTER =
  'INSERT INTO "RateLimitCounter" ("key", "count", "expiresAt", "updatedAt") VALUES (?, 1, ?, ?) ' +
  'ON CONFLICT ("key") DO UPDATE SET "count" = "RateLimitCounter"."count" + 1, "updatedAt" = excluded."updatedAt" RETURNING "count"';

/**
 * UPSERT_RATE_LIMIT_COUNTER for `n` counters in one statement (PostgreSQL's path:
 * one round trip instead of a transaction of n + 2). Its rows come back in no
 * promised order, so it returns each one's key beside its count.
 */
export function upsertRateLimitCounters(n: number) {
  const [head, tail] = UPSERT_RATE_LIMIT_COUNTER.split(" VALUES (?, 1, ?, ?) ");
  return `${head} VALUES ${Array.from({ length: n }, () => "(?, 1, ?, ?)").join(", ")} ${tail}, "key"`;
}
