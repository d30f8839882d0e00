// The public count and list move in batches at fixed boundaries (every
// COUNT_BATCH_MINUTES), so a watcher who saw a colleague get a verification email
// cannot see the count tick up a minute later. Each batch writes what an open
// letter shows until the next one: the count, and a snapshot of the public lines
// in a random order (a withdrawn signature's row is deleted at once, its line
// leaves with the next batch). Below SMALL_COUNT nothing is listed and the audit
// trail stays still, so no channel counts 1–4. No signature carries the time it was
// listed. The team counts are taken here too, already suppressed (decision 018).
// The audit trail learns of signatures and withdrawals here too, as one line per
// day, never a count.
import { config } from "~/config/env.server";
import { db, type Tx } from "~/db/client.server";
import { recordDailyAudit } from "~/domain/letters/audit.server";
import { SMALL_COUNT } from "~/domain/letters/counts";
import { isCoolingOff, letterStatus, SEALED_SIGNING_STATUSES } from "~/domain/letters/lifecycle";
import { batchedTeamCounts } from "~/domain/letters/team-counts.server";

/** How many public lines a page lists (the snapshot holds no more). */
export const LISTED_LINES_MAX = 500;

export function batchBoundary(now: Date, minutes = config().COUNT_BATCH_MINUTES) {
  const period = minutes * 60_000;
  return new Date(Math.floor(now.getTime() / period) * period);
}

/**
 * The public lines of a letter's signatures and decoy receipts (decision 010: a
 * duplicate's line shows like any), by their random order key, at most
 * LISTED_LINES_MAX.
 */
export async function currentPublicLines(client: Pick<Tx, "signature" | "decoyReceipt">, letterId: string) {
  const query = {
    where: { letterId, publicLine: { not: null } },
    orderBy: { orderKey: "asc" },
    select: { publicLine: true, orderKey: true },
    take: LISTED_LINES_MAX,
  } as const;
  const [signatures, decoys] = await Promise.all([client.signature.findMany(query), client.decoyReceipt.findMany(query)]);
  return [...signatures, ...decoys]
    .sort((a, b) => (a.orderKey < b.orderKey ? -1 : a.orderKey > b.orderKey ? 1 : 0))
    .slice(0, LISTED_LINES_MAX)
    .map((row) => row.publicLine!);
}

/** Moves the count of every open letter whose batch is due; returns how many letters were processed. */
export async function publishCountBatches(now = new Date()) {
  const boundary = batchBoundary(now);
  const due = await db().letter.findMany({
    where: { status: { in: [...SEALED_SIGNING_STATUSES] }, OR: [{ countBatchAt: null }, { countBatchAt: { lt: boundary } }] },
    select: { id: true, countBatchAt: true },
  });
  let moved = 0;
  for (const { id, countBatchAt } of due) {
    await db().$transaction(async (tx) => {
      const claimed = await tx.letter.updateMany({
        where: { id, status: { in: [...SEALED_SIGNING_STATUSES] }, countBatchAt },
        data: { countBatchAt: boundary },
      });
      if (claimed.count === 0) return;
      const letter = await tx.letter.findUniqueOrThrow({
        where: { id },
        select: { batchedCount: true, teams: true, status: true, coolingOffEndsAt: true },
      });
      const stillListed = await tx.signature.count({ where: { letterId: id, listed: true } });
      const added = await tx.signature.updateMany({ where: { letterId: id, listed: false }, data: { listed: true } });
      const count = stillListed + added.count;
      // The trail moves only where the shown count can (never between 1 and 4).
      if (letter.batchedCount >= SMALL_COUNT || count >= SMALL_COUNT) {
        if (added.count > 0) await recordDailyAudit(tx, id, "signatures-added", boundary);
        if (stillListed < letter.batchedCount) await recordDailyAudit(tx, id, "signatures-withdrawn", boundary);
      }
      const listedLines = count >= SMALL_COUNT ? JSON.stringify(await currentPublicLines(tx, id)) : null;
      // The team counts move with the count, at the batch only, already suppressed (decision 018).
      const teamCounts = await batchedTeamCounts(tx, id, letter.teams);
      // Whether (and until when) the letter is cooling off moves with the count too (decision 020).
      const batchedCoolingOffEndsAt = isCoolingOff(letterStatus(letter.status)) ? letter.coolingOffEndsAt : null;
      await tx.letter.update({ where: { id }, data: { batchedCount: count, listedLines, teamCounts, batchedCoolingOffEndsAt } });
      moved++;
    });
  }
  return moved;
}
