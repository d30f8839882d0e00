import { expect, test } from "vitest";
import { db } from "~/db/client.server";
import { sendRevealNotices } from "~/domain/letters/reveal-notices.server";
import { finishRelease } from "~/domain/trustees/finish-release.server";
import { releaseShares } from "~/domain/trustees/release-shares.server";
import { openedLetter, signAs } from "../support/letters";
import { queuedMail } from "../support/mail";
import { openedSharesOf } from "../support/trustee-release";
import { openedTrusteeLetter } from "../support/trustees";

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

test("a letter with trustees: no notice at the threshold, the same notices once the k-th trustee's release reveals", async () => {
  const title = "Guarded by three trustees";
  const { organizer, letter, trustees } = await openedTrusteeLetter({ count: 3, k: 2, threshold: 5, title });
  // This file's database is shared by its tests: this letter's notices only.
  const revealNotices = async () => (await queuedMail({ kind: "letter-revealed" })).filter((n) => n.subject.includes(title));
  // Names sealed for the trustees (the server seals them: no JavaScript here), contact addresses by the server.
  for (let i = 0; i < 5; i++)
    await signAs(letter, `t${i}@microsoft.com`, { name: `Trustee-era signer ${i}`, contactEmail: i < 2 ? `t${i}@home.example` : null });
  // A second signature of t4's address: a decoy receipt, whose contact hears what a signature hears (decision 010).
  await signAs(letter, "t4@microsoft.com", { name: "Trustee-era signer 4", contactEmail: "t4.again@home.example" });
  expect((await db().letter.findUniqueOrThrow({ where: { id: letter.id } })).status).toBe("AWAITING_TRUSTEES");

  // Past the threshold, names still sealed: nothing to announce.
  expect(await sendRevealNotices()).toBe(0);
  const release = async (index: number) => {
    await releaseShares(trustees[index]!.token, await openedSharesOf(trustees[index]!, letter.id));
    return finishRelease(trustees[index]!.token);
  };
  expect(await release(0)).toMatchObject({ revealed: false });
  expect(await sendRevealNotices()).toBe(0);
  expect(await revealNotices()).toEqual([]);

  expect(await release(1)).toMatchObject({ revealed: true });
  expect(await sendRevealNotices()).toBe(1);
  expect(await sendRevealNotices()).toBe(0);
  const notices = await revealNotices();
  expect(notices.map((n) => n.to).sort()).toEqual([organizer.email, "t0@home.example", "t1@home.example", "t4.again@home.example"].sort());
  expect(notices.find((n) => n.to === organizer.email)!.text).toContain(`/my/letters/${letter.id}`);
  for (const notice of notices.filter((n) => n.to !== organizer.email)) {
    expect(notice.text).not.toContain("/my/letters/");
    expect(notice.text).not.toContain("Trustee-era signer");
  }
});
