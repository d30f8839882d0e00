// The public count and list move in batches at fixed boundaries (every
// COUNT_BATCH_MINUTES), so a watcher who saw a colleague get a verification email
// cannot see the count tick up a minute later. New signatures stay unlisted until
// the next boundary; no signature carries the time it was listed. The audit trail
// learns of signatures and withdrawals here too, as one line per day, never a count.
import { config } from "~/config/env.server";
import { db } from "~/db/client.server";
import { recordDailyAudit } from "~/letters/audit.server";

export function batchBoundary(now: Date, minutes = config().COUNT_BATCH_MINUTES) {
  const period = minutes * 60_000;
  return new Date(Math.floor(now.getTime() / period) * period);
}

/** Moves the count of every open letter whose batch is due; returns how many letters were processed. */
export async function publishCountBatches(now = new Date()) {
  const boundary = batchBoundary(now);
  const due = await db().letter.findMany({
    where: { status: "OPEN", OR: [{ countBatchAt: null }, { countBatchAt: { lt: boundary } }] },
    select: { id: true, countBatchAt: true },
  });
  let moved = 0;
  for (const { id, countBatchAt } of due) {
    await db().$transaction(async (tx) => {
      const claimed = await tx.letter.updateMany({ where: { id, status: "OPEN", countBatchAt }, data: { countBatchAt: boundary } });
      if (claimed.count === 0) return;
      const letter = await tx.letter.findUniqueOrThrow({ where: { id }, select: { batchedCount: true } });
      const stillListed = await tx.signature.count({ where: { letterId: id, listed: true } });
      const added = await tx.signature.updateMany({ where: { letterId: id, listed: false }, data: { listed: true } });
      if (added.count > 0) await recordDailyAudit(tx, id, "signatures-added", boundary);
      if (stillListed < letter.batchedCount) await recordDailyAudit(tx, id, "signatures-withdrawn", boundary);
      await tx.letter.update({ where: { id }, data: { batchedCount: stillListed + added.count } });
      moved++;
    });
  }
  return moved;
}
