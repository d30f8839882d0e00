// An organizer removes a trustee from a draft. Positions stay dense (0..n-1, the
// order shares will be sealed in), and a k that no longer fits the smaller n is
// unset, so that the organizers choose again rather than open with a k they did
// not pick. The invitation link dies with the row.
import { db } from "~/db/client.server";
import { AppError } from "~/errors";
import { letterForOrganizer } from "~/domain/letters/access.server";
import { recordAudit } from "~/domain/letters/audit.server";
import { isEditable } from "~/domain/letters/lifecycle";
import { holdDraft } from "./trustee-letter.server";
import { MIN_TRUSTEES } from "./trustee-rules";

export async function removeTrustee(userId: string, letterId: string, trusteeId: string) {
  const letter = await letterForOrganizer(userId, letterId);
  if (!isEditable(letter.status)) throw new AppError("trustees-frozen");
  await db().$transaction(async (tx) => {
    await holdDraft(tx, letterId);
    const trustee = await tx.trustee.findFirst({ where: { id: trusteeId, letterId }, select: { position: true, description: true } });
    // Removed meanwhile (another organizer, another tab): once is enough. A trustee
    // of another letter is not found through this one either, and nothing happens.
    if (!trustee) return;
    await tx.trustee.delete({ where: { id: trusteeId } });
    // One row at a time, lowest first: the unique (letter, position) is checked per row.
    const after = await tx.trustee.findMany({
      where: { letterId, position: { gt: trustee.position } },
      orderBy: { position: "asc" },
      select: { id: true, position: true },
    });
    for (const t of after) await tx.trustee.update({ where: { id: t.id }, data: { position: t.position - 1 } });

    const count = await tx.trustee.count({ where: { letterId } });
    const { trusteeThreshold } = await tx.letter.findUniqueOrThrow({ where: { id: letterId }, select: { trusteeThreshold: true } });
    if (trusteeThreshold !== null && (count < MIN_TRUSTEES || trusteeThreshold > count)) {
      await tx.letter.update({ where: { id: letterId }, data: { trusteeThreshold: null } });
    }
    await recordAudit(tx, letterId, "trustee-removed", { actorUserId: userId, detail: trustee.description });
  });
}
