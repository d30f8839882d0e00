// Crypto-shredding (DESIGN.md): an expired or cancelled letter loses its data key,
// so its sealed identities can never be read again (backups included), then every
// signature row and decoy receipt (decision 010). Only the letter and its count remain.
// Before that, signers who left a contact address are told nothing remains, and
// the letter's trustees that their key file is now useless (issue 15): their
// addresses are sealed under the very key about to go (decision 015).
import { unsealTrusteeEmail, unwrapDataKey } from "~/crypto/sealing.server";
import type { Tx } from "~/db/client.server";
import { enqueueMail } from "~/mail/outbox.server";
import { nothingKeptMail } from "~/mail/templates/letters.server";
import { trusteeKeyUselessMail } from "~/mail/templates/trustees.server";
import { readContactEmails } from "./unseal.server";

async function trusteeEmails(tx: Tx, letterId: string) {
  const letter = await tx.letter.findUniqueOrThrow({ where: { id: letterId }, select: { wrappedDataKey: true } });
  if (!letter.wrappedDataKey) return [];
  const trustees = await tx.trustee.findMany({ where: { letterId, sealedEmail: { not: null } }, select: { id: true, sealedEmail: true } });
  if (trustees.length === 0) return [];
  const dataKey = unwrapDataKey(letterId, letter.wrappedDataKey);
  try {
    return trustees.map((t) => unsealTrusteeEmail(dataKey, { letterId, trusteeId: t.id }, t.sealedEmail!));
  } finally {
    dataKey.fill(0);
  }
}

export async function noticeAndShred(tx: Tx, letter: { id: string; title: string }, reason: "expired" | "cancelled") {
  for (const to of await readContactEmails(tx, letter.id)) {
    await enqueueMail(tx, { to, ...nothingKeptMail(letter.title, reason) });
  }
  for (const to of await trusteeEmails(tx, letter.id)) {
    await enqueueMail(tx, { to, ...trusteeKeyUselessMail(reason) });
  }
  await tx.letter.update({ where: { id: letter.id }, data: { wrappedDataKey: null, closeNoticesAt: new Date(), listedLines: null } });
  // Then the rows themselves: sealed blobs, public lines, and the address tags that
  // could still confirm, to whoever holds HASH_SECRET, that a given address signed.
  // Trustees' released shares go with their signatures (a cascade); said here too, so it never depends on one.
  await tx.trusteeShare.deleteMany({ where: { letterId: letter.id } });
  await tx.signature.deleteMany({ where: { letterId: letter.id } });
  await tx.decoyReceipt.deleteMany({ where: { letterId: letter.id } });
  await tx.signingVerification.deleteMany({ where: { letterId: letter.id } });
}
