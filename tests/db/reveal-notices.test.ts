import { expect, test } from "vitest";
import { sendRevealNotices } from "~/domain/letters/reveal-notices.server";
import { openedLetter, signAs } from "../support/letters";
import { queuedMail } from "../support/mail";

test("after the reveal, organizers and signers with a contact address are told once", async () => {
  const { organizer, letter } = await openedLetter({ threshold: 5 });
  for (let i = 0; i < 5; i++) await signAs(letter, `r${i}@microsoft.com`, { contactEmail: i < 2 ? `r${i}@home.example` : null });
  expect(await sendRevealNotices()).toBe(1);
  expect(await sendRevealNotices()).toBe(0);
  const notices = await queuedMail({ kind: "letter-revealed" });
  expect(notices.map((n) => n.to).sort()).toEqual([organizer.email, "r0@home.example", "r1@home.example"].sort());
  const toSigner = notices.find((n) => n.to === "r0@home.example")!;
  expect(toSigner.text).not.toContain("/my/letters/");
});
