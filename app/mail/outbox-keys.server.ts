// Outbox keys (decision 009): queued mail is sealed under the key of the hour it
// was queued in. Whoever queues mail first in an hour creates that hour's key
// (a unique epoch: concurrent creators converge on one row); every process, and
// the separate worker, unwraps it with the KEK. Once the hour is over and no
// undelivered mail needs the key, its row is deleted, and with it every copy of
// that hour's mail becomes unreadable, KEK or not.
import type { Db, Tx } from "~/db/client.server";
import { newOutboxKey, unwrapOutboxKey } from "~/crypto/sealing.server";
import { RETRY_HORIZON_MS } from "./worker.server";

export const EPOCH_MS = 60 * 60_000;

export const epochOf = (now: Date) => Math.floor(now.getTime() / EPOCH_MS);

/**
 * This epoch's key, created if need be, in the caller's transaction. The caller zeroes it after use.
 * On SQLite the signing steps read it as plain SQL: currentOutboxKeyDirect (app/domain/letters/signing-store).
 */
export async function currentOutboxKey(client: Db | Tx, now = new Date()) {
  const epoch = epochOf(now);
  let row = await client.outboxKey.findUnique({ where: { epoch } });
  if (!row) {
    const fresh = newOutboxKey(epoch);
    fresh.key.fill(0);
    // ON CONFLICT DO NOTHING, not create(): on PostgreSQL a unique violation would
    // abort the caller's transaction; this waits for a concurrent creator instead.
    await client.$executeRaw`INSERT INTO "OutboxKey" ("epoch", "wrappedKey") VALUES (${epoch}, ${fresh.wrapped}) ON CONFLICT ("epoch") DO NOTHING`;
    row = await client.outboxKey.findUniqueOrThrow({ where: { epoch } });
  }
  return { epoch, key: unwrapOutboxKey(epoch, row.wrappedKey) };
}

/**
 * A key is destroyed once its epoch has been over for this long (a transaction
 * that read it just before the hour turned has long committed its mail by then)
 * and no undelivered mail needs it.
 */
const GRACE_MS = 10 * 60_000;

/**
 * Gives up the mail whose key is past the retry horizon, then deletes every key
 * that no message names any more. Returns how many keys were destroyed. The
 * foreign key (ON DELETE RESTRICT) keeps a key that a message committed in
 * between still needs: that delete fails and is tried again at the next run.
 */
export async function destroyOutboxKeys(db: Db, now = new Date()) {
  // Keys whose hour ended a whole retry horizon ago: even its last mail has had every try.
  const pastHorizon = epochOf(new Date(now.getTime() - RETRY_HORIZON_MS));
  await db.outboxMessage.updateMany({
    where: { keyEpoch: { lt: pastHorizon } },
    data: { status: "FAILED", sealed: null, keyEpoch: null, lockedUntil: null, lastError: "not delivered before its outbox key expired" },
  });
  const over = epochOf(new Date(now.getTime() - GRACE_MS));
  const unused = await db.outboxKey.findMany({ where: { epoch: { lt: over }, messages: { none: {} } }, select: { epoch: true } });
  let destroyed = 0;
  for (const { epoch } of unused) {
    try {
      destroyed += (await db.outboxKey.deleteMany({ where: { epoch, messages: { none: {} } } })).count;
    } catch (error) {
      if (!isForeignKeyViolation(error)) throw error;
    }
  }
  return destroyed;
}

function isForeignKeyViolation(error: unknown) {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2003";
}
