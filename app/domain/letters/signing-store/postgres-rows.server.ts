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
import { INSERT_AUDIT_EVENT, INSERT_OUTBOX_KEY, INSERT_OUTBOX_MESSAGE, SELECT_OUTBOX_KEY, UPSERT_RATE_LIMIT_COUNTER } from "./statements";

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

/** The rate limits' counting (rate-limit.server.ts) as plain SQL: one transaction, each upsert returning its own count. */
export function countRateLimitsPg(direct: PostgresDirect, counters: { key: string; expiresAt: Date }[], now: Date): Promise<number[]> {
  const count = async (q: PgQueries, { key, expiresAt }: { key: string; expiresAt: Date }) =>
    (await q.rows<{ count: number }>(UPSERT_RATE_LIMIT_COUNTER, key, expiresAt, now))[0]!.count;
  // One counter needs no transaction of its own: the statement is one.
  if (counters.length === 1) return count(direct, counters[0]!).then((n) => [n]);
  return direct.transaction(async (q) => {
    const counts: number[] = [];
    // In order, as SQLite's: two requests bumping the same counters never deadlock.
    for (const counter of counters) counts.push(await count(q, counter));
    return counts;
  });
}
