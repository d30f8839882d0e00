// Crypto-shredding (DESIGN.md): an expired or cancelled letter loses its data key,
// so its sealed identities can never be read again (backups included), then every
// signature row and decoy receipt (decision 010). Only the letter and its count remain.
// Before that, signers who left a contact address are told nothing remains.
import type { Tx } from "~/db/client.server";
import { enqueueMail } from "~/mail/outbox.server";
import { nothingKeptMail } from "~/mail/templates/letters.server";
import { readContactEmails } from "./unseal.server";

export async function noticeAndShred(tx: Tx, letter: { id: string; title: string }, reason: "expired" | "cancelled") {
  for (const to of await readContactEmails(tx, letter.id)) {
    await enqueueMail(tx, { to, ...nothingKeptMail(letter.title, reason) });
  }
  await tx.letter.update({ where: { id: letter.id }, data: { wrappedDataKey: null, closeNoticesAt: new Date(), listedLines: null } });
  // Then the rows themselves: sealed blobs, public lines, and the address tags that
  // could still confirm, to whoever holds HASH_SECRET, that a given address signed.
  await tx.signature.deleteMany({ where: { letterId: letter.id } });
  await tx.decoyReceipt.deleteMany({ where: { letterId: letter.id } });
  await tx.signingVerification.deleteMany({ where: { letterId: letter.id } });
}
