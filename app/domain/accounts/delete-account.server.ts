import { db } from "~/db/client.server";
import { confirmPassword } from "./confirm-password.server";

/** Deletes the account, its sessions and its history, after the password is confirmed. */
export async function deleteAccount(userId: string, password: string) {
  const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
  await confirmPassword(user, password, "password");
  await db().user.deleteMany({ where: { id: userId } });
}
