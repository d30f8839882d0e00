import { verifyPassword } from "~/auth/password.server";
import { db } from "~/db/client.server";
import { AppError } from "~/errors";

/** Deletes the account, its sessions and its history, after the password is confirmed. */
export async function deleteAccount(userId: string, password: string) {
  const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
  if (!(await verifyPassword(user.passwordHash, password))) {
    throw new AppError("wrong-password", "That password is not right.", { field: "password" });
  }
  await db().user.deleteMany({ where: { id: userId } });
}
