import { expect, test } from "vitest";
import * as root from "~/root";
import { call, context, createVerifiedUser, get } from "./support";

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

test("the Local mailbox link shows only to a request the mailbox page itself would answer", async () => {
  // No SMTP_URL in tests: the local mailbox is on, but only for this machine's own requests.
  const remote = await root.loader({ request: get("/"), params: {}, context: { ...context, directLoopback: false } });
  expect(remote.localMailbox).toBe(false);
  const local = await root.loader({ request: get("/"), params: {}, context: { ...context, directLoopback: true } });
  expect(local.localMailbox).toBe(true);
});
