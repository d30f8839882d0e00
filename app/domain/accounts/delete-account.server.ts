import { db } from "~/db/client.server";
import { acceptsSignatures, LetterStatus, withLetterStatus } from "~/domain/letters/lifecycle";
import { AppError } from "~/errors";
import { confirmPassword } from "./confirm-password.server";

/**
 * Deletes the account, its sessions and its history, after the password is confirmed.
 * A letter still collecting signatures must not be left without anyone to publish or
 * cancel it: while the user is its only organizer, the account stays. Their drafts go.
 */
export async function deleteAccount(userId: string, password: string) {
  const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
  await confirmPassword(user, password, "password");
  await db().$transaction(async (tx) => {
    const mine = (
      await tx.letter.findMany({
        where: { organizers: { some: { userId }, none: { userId: { not: userId } } } },
        select: { id: true, status: true },
      })
    ).map(withLetterStatus);
    if (mine.some((l) => acceptsSignatures(l.status))) {
      throw new AppError("letters-in-flight");
    }
    await tx.letter.deleteMany({ where: { id: { in: mine.filter((l) => l.status === LetterStatus.DRAFT).map((l) => l.id) } } });
    await tx.user.deleteMany({ where: { id: userId } });
  });
}
