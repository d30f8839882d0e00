// A trustee refuses to release their shares (issue 15), e.g. because the count
// looks forged. Final, like a release. Their reason, if any, goes only to the
// organizers' mail (sealed in the outbox, erased once sent): it is neither
// published nor kept. If fewer than k trustees can still release, the names can
// never be unsealed, and the organizers are told they can cancel the letter.
import { db } from "~/db/client.server";
import { AppError } from "~/errors";
import { recordAudit } from "~/domain/letters/audit.server";
import { absoluteUrl } from "~/lib/app-url.server";
import { dashboardPath } from "~/lib/organizer-paths";
import { enqueueMail } from "~/mail/outbox.server";
import { trusteeRefusedMail } from "~/mail/templates/trustees.server";
import { assertTakesShares, holdStatus, trusteeForRelease } from "./release-access.server";

export async function refuseRelease(token: string | undefined, reason: string | null, now = new Date()) {
  const { trustee, letter } = await trusteeForRelease(token);
  if (trustee.refusedAt) throw new AppError("refuse-already-refused");
  if (trustee.releasedAt) throw new AppError("refuse-already-released");
  await assertTakesShares(letter, trustee);
  return db().$transaction(async (tx) => {
    await holdStatus(tx, letter);
    const { count } = await tx.trustee.updateMany({
      where: { id: trustee.id, releasedAt: null, refusedAt: null },
      data: { refusedAt: now },
    });
    if (count === 0) throw new AppError("refuse-already-refused");
    await recordAudit(tx, letter.id, "trustee-refused", { detail: trustee.description });
    const trustees = await tx.trustee.findMany({ where: { letterId: letter.id }, select: { refusedAt: true } });
    const canStillReveal = trustees.filter((t) => !t.refusedAt).length >= (letter.trusteeThreshold ?? 0);
    const organizers = await tx.letterOrganizer.findMany({ where: { letterId: letter.id }, select: { user: { select: { email: true } } } });
    const mail = trusteeRefusedMail({
      letterTitle: letter.title,
      description: trustee.description,
      reason,
      canStillReveal,
      dashboardLink: absoluteUrl(dashboardPath(letter.id)),
    });
    for (const { user } of organizers) await enqueueMail(tx, { to: user.email, ...mail });
    return { canStillReveal };
  });
}
