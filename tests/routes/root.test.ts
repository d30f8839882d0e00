import { expect, test } from "vitest";
import * as root from "~/root";
import { call, createVerifiedUser, get } from "./support";

test("the root loader gives the header the signed-in user's name, and nothing more", async () => {
  const { cookie } = await createVerifiedUser();
  const signedIn = (await call(root.loader, get("/", { cookie }))) as Awaited<ReturnType<typeof root.loader>>;
  expect(signedIn.user).toEqual({ displayName: "Ada Organizer" });
  const signedOut = (await call(root.loader, get("/"))) as Awaited<ReturnType<typeof root.loader>>;
  expect(signedOut.user).toBeNull();
});

test("the root revalidates, so the header follows sign-in and sign-out", () => {
  expect("shouldRevalidate" in root).toBe(false);
});
