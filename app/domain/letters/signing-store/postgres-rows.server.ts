// The rows other modules write through Prisma, written as plain SQL on PostgreSQL
// by the signing steps and the rate limits: the twins of sqlite-rows.server.ts,
// with the very statements (statements.ts), awaited on one pooled connection.
// tests/postgres/direct-sql.test.ts holds them to Prisma's rows.
import crypto from "node:crypto";
import { newOutboxKey, unwrapOutboxKey } from "~/crypto/sealing.server";
import type { PgQueries, PostgresDirect } from "~/db/postgres-direct.server";
import type { AuditKind } from "~/domain/letters/audit.server";
import { epochOf } from "~/mail/outbox-keys.server";
import { type OutgoingMail, sealedOutboxRow } from "~/mail/outbox.server";
import { INSERT_AUDIT_EVENT, INSERT_OUTBOX_KEY, INSERT_OUTBOX_MESSAGE, SELECT_OUTBOX_KEY, upsertRateLimitCounters } from "./statements";

/** currentOutboxKey (outbox-keys.server.ts), as plain SQL inside a transaction on PostgreSQL. */
async function currentOutboxKeyPg(q: PgQueries, now = new Date()) {
  const epoch = epochOf(now);
  let [row] = await q.rows<{ wrappedKey: Uint8Array }>(SELECT_OUTBOX_KEY, epoch);
  if (!row) {
    const fresh = newOutboxKey(epoch);
    fresh.key.fill(0);
    await q.run(INSERT_OUTBOX_KEY, epoch, fresh.wrapped);
    [row] = await q.rows<{ wrappedKey: Uint8Array }>(SELECT_OUTBOX_KEY, epoch);
  }
  return { epoch, key: unwrapOutboxKey(epoch, row!.wrappedKey) };
}

/** The same row as enqueueMail (outbox.server.ts) writes, inside a plain-SQL transaction on PostgreSQL. */
export async function enqueueMailPg(q: PgQueries, mail: OutgoingMail, now = new Date()) {
  // The key of the hour the row is really written in, as on SQLite.
  const row = sealedOutboxRow(mail, await currentOutboxKeyPg(q));
  await q.run(INSERT_OUTBOX_MESSAGE, row.id, row.kind, row.sealed, row.keyEpoch, now, now);
  return row.id;
}

/** The same row as recordAudit (audit.server.ts) writes, inside a plain-SQL transaction on PostgreSQL. */
export async function recordAuditPg(q: PgQueries, letterId: string, kind: AuditKind, now = new Date()) {
  await q.run(INSERT_AUDIT_EVENT, crypto.randomUUID(), letterId, kind, now);
}

/**
 * The rate limits' counting (rate-limit.server.ts) as plain SQL: every counter in
 * one multi-row upsert, atomic as one statement, each row returning its own count.
 * Rows are locked in key order, so two requests bumping the same counters never deadlock.
 */
export async function countRateLimitsPg(
  direct: PostgresDirect,
  counters: { key: string; expiresAt: Date }[],
  now: Date,
): Promise<number[]> {
  const keys = new Set(counters.map((c) => c.key));
  // One statement may not update a row twice: a key asked for twice is counted once per ask.
  if (keys.size !== counters.length) {
    const counts: number[] = [];
    for (const counter of counters) counts.push(...(await countRateLimitsPg(direct, [counter], now)));
    return counts;
  }
  const ordered = [...counters].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const rows = await direct.rows<{ key: string; count: number }>(
    upsertRateLimitCounters(ordered.length),
    ...ordered.flatMap(({ key, expiresAt }) => [key, expiresAt, now]),
  );
  const byKey = new Map(rows.map((row) => [row.key, row.count]));
  return counters.map(({ key }) => byKey.get(key)!);
}
