// The rows other modules write through Prisma, written as plain SQL on SQLite's
// connection by the signing steps and the rate limits (decision 008): an outbox
// mail (and its hour's key), an audit event, a rate-limit counter. Each writes the
// very row its Prisma twin writes (tests/sqlite/direct-sql.test.ts holds them to
// it), DateTimes in the adapter's format, and runs inside a plain-SQL transaction.
// They live here, not beside their Prisma twins, because mail must not import the
// domain and this folder is decision 008's one home.
import crypto from "node:crypto";
import { newOutboxKey, unwrapOutboxKey } from "~/crypto/sealing.server";
import { type SqliteDirect, sqliteTime } from "~/db/sqlite-direct.server";
import type { AuditKind } from "~/domain/letters/audit.server";
import { epochOf } from "~/mail/outbox-keys.server";
import { type OutgoingMail, sealedOutboxRow } from "~/mail/outbox.server";
import { INSERT_OUTBOX_KEY, SELECT_OUTBOX_KEY, INSERT_OUTBOX_MESSAGE, INSERT_AUDIT_EVENT, UPSERT_RATE_LIMIT_COUNTER } from "./statements";

/** currentOutboxKey (outbox-keys.server.ts), as plain SQL inside a transaction on SQLite's connection. */
export function currentOutboxKeyDirect(direct: SqliteDirect, now = new Date()) {
  const epoch = epochOf(now);
  let row = direct.get<{ wrappedKey: Uint8Array }>(SELECT_OUTBOX_KEY, epoch);
  if (!row) {
    const fresh = newOutboxKey(epoch);
    fresh.key.fill(0);
    direct.run(INSERT_OUTBOX_KEY, epoch, fresh.wrapped);
    row = direct.get<{ wrappedKey: Uint8Array }>(SELECT_OUTBOX_KEY, epoch)!;
  }
  return { epoch, key: unwrapOutboxKey(epoch, row.wrappedKey) };
}

/** The same row as enqueueMail (outbox.server.ts) writes, inside a plain-SQL transaction on SQLite. */
export function enqueueMailDirect(direct: SqliteDirect, mail: OutgoingMail, now = new Date()) {
  // The key is the one of the hour the row is really written in (keys are
  // destroyed by the clock), whatever `now` the step runs under.
  const row = sealedOutboxRow(mail, currentOutboxKeyDirect(direct));
  direct.run(INSERT_OUTBOX_MESSAGE, row.id, row.kind, row.sealed, row.keyEpoch, sqliteTime(now), sqliteTime(now));
  return row.id;
}

/** The same row as recordAudit (audit.server.ts) writes, inside a plain-SQL transaction on SQLite. */
export function recordAuditDirect(direct: SqliteDirect, letterId: string, kind: AuditKind, now = new Date()) {
  direct.run(INSERT_AUDIT_EVENT, crypto.randomUUID(), letterId, kind, sqliteTime(now));
}

/**
 * The rate limits' counting (rate-limit.server.ts) as plain SQL: adds one to each
 * counter in one transaction, each upsert returning its own count.
 */
export function countRateLimitsDirect(direct: SqliteDirect, counters: { key: string; expiresAt: Date }[], now: Date): Promise<number[]> {
  return direct.transaction(() =>
    counters.map(
      ({ key, expiresAt }) => direct.get<{ count: number }>(UPSERT_RATE_LIMIT_COUNTER, key, sqliteTime(expiresAt), sqliteTime(now))!.count,
    ),
  );
}
