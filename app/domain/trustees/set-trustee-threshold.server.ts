// An organizer chooses k: how many of the draft's n trustees must agree before any
// name is unsealed (2 ≤ k ≤ n). A letter without trustees has no k.
import { db } from "~/db/client.server";
import { AppError } from "~/errors";
import { letterForOrganizer } from "~/domain/letters/access.server";
import { recordAudit } from "~/domain/letters/audit.server";
import { isEditable } from "~/domain/letters/lifecycle";
import { holdDraft } from "./trustee-letter.server";
import { MIN_TRUSTEES } from "./trustee-rules";

export async function setTrusteeThreshold(userId: string, letterId: string, threshold: number) {
  const letter = await letterForOrganizer(userId, letterId);
  if (!isEditable(letter.status)) throw new AppError("trustees-frozen");
  await db().$transaction(async (tx) => {
    await holdDraft(tx, letterId);
    // Counted under the hold: a trustee removed meanwhile is not counted.
    const count = await tx.trustee.count({ where: { letterId } });
    if (count < MIN_TRUSTEES) throw new AppError("trustee-threshold-needs-trustees");
    if (!Number.isInteger(threshold) || threshold < MIN_TRUSTEES || threshold > count) {
      throw new AppError("trustee-threshold-range", { count });
    }
    await tx.letter.update({ where: { id: letterId }, data: { trusteeThreshold: threshold } });
    await recordAudit(tx, letterId, "trustee-threshold-set", { actorUserId: userId, detail: `${threshold} of ${count}` });
  });
}
