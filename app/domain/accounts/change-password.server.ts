import { hashPassword, passwordProblem } from "~/auth/password.server";
import { confirmPassword } from "./confirm-password.server";
import { recordSecurityEvent } from "~/auth/security-events.server";
import { invalidateUserSessions } from "~/auth/session.server";
import { db } from "~/db/client.server";
import { AppError } from "~/errors";

/** Needs the current password; ends every other session of the user. */
export async function changePassword(
  { userId, currentSessionId }: { userId: string; currentSessionId: string },
  input: { currentPassword: string; newPassword: string },
) {
  const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
  await confirmPassword(user, input.currentPassword, "currentPassword");
  const problem = passwordProblem(input.newPassword, user);
  if (problem) throw new AppError("weak-password", { problem }, { field: "newPassword" });
  const passwordHash = await hashPassword(input.newPassword);
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash } });
    await invalidateUserSessions(tx, userId, currentSessionId);
    await recordSecurityEvent(tx, userId, "password-changed");
  });
}
