// Letters past their threshold, waiting for their trustees (issue 15), for the
// release tests: real trustee keys (key files at a cheap scrypt cost), registered
// through the domain, and trustee-sealed signatures made the way the signing side
// stores them (sealForTrustees, wrapped under the data key), so these tests do not
// depend on the signing slice. And a trustee's browser, played by the domain
// functions and the trustee module: fetch the pages of sealed shares, open them.
import crypto from "node:crypto";
import { createTrusteeKey, openKeyFile, openShares, sealForTrustees, toBase64Url, type TrusteeKey } from "~/crypto/trustee";
import { unwrapDataKey, wrapTrusteeEnvelope } from "~/crypto/sealing.server";
import { randomSecret } from "~/crypto/tokens.server";
import { db } from "~/db/client.server";
import { createDraft } from "~/domain/letters/draft-letter.server";
import { IdentitySealing } from "~/domain/letters/identity-sealing";
import { LetterStatus } from "~/domain/letters/lifecycle";
import { openLetter } from "~/domain/letters/open-letter.server";
import { addTrustee } from "~/domain/trustees/add-trustee.server";
import { registerTrusteeKey } from "~/domain/trustees/register-trustee-key.server";
import { setTrusteeThreshold } from "~/domain/trustees/set-trustee-threshold.server";
import { trusteeSharesToOpen } from "~/domain/trustees/trustee-shares-to-open.server";
import { createUser } from "./factories";
import { draftInput } from "./letters";
import { PASSPHRASE } from "./trustee-keys";
import { inviteTokenFor, trusteeEmail } from "./trustees";

export { PASSPHRASE };

export type ReleaseTrustee = { id: string; email: string; description: string; token: string; keyFile: string; key: TrusteeKey };

/** An open letter with n trustees holding real keys, and k chosen. */
export async function openTrusteeLetter({ n = 3, k = 2, threshold = 3 } = {}) {
  const organizer = await createUser();
  const draft = await createDraft(organizer.id, draftInput({ threshold, title: "The release letter" }));
  const letterId = draft.id;
  const trustees: ReleaseTrustee[] = [];
  for (let i = 0; i < n; i++) {
    const email = trusteeEmail("release");
    const description = `Release trustee ${i + 1}`;
    const { trusteeId } = await addTrustee(organizer.id, letterId, { description, email });
    const token = await inviteTokenFor(email);
    const made = await createTrusteeKey({ passphrase: PASSPHRASE, letterId, trusteeId, scryptLogN: 14 });
    await registerTrusteeKey(token, made.publicKey);
    const key = await openKeyFile(made.keyFile, PASSPHRASE, { letterId, trusteeId });
    trustees.push({ id: trusteeId, email, description, token, keyFile: made.keyFile, key });
  }
  await setTrusteeThreshold(organizer.id, letterId, k);
  await openLetter(organizer, letterId);
  return { organizer, letterId, trustees, k };
}

/** `count` trustee-sealed signatures, stored as the signing side stores them; returns their ids and names. */
export async function addTrusteeSealedSignatures(letterId: string, count: number, prefix = "Signer") {
  const letter = await db().letter.findUniqueOrThrow({ where: { id: letterId } });
  const rows = await db().trustee.findMany({ where: { letterId }, orderBy: { position: "asc" } });
  const dataKey = unwrapDataKey(letterId, letter.wrappedDataKey!);
  const made: { id: string; name: string }[] = [];
  for (let i = 0; i < count; i++) {
    const signatureId = randomSecret();
    const name = `${prefix} ${i} ${crypto.randomBytes(3).toString("hex")}`;
    const envelope = await sealForTrustees(
      { name, title: "Engineer" },
      {
        letterId,
        signatureId,
        textHash: letter.textHash!,
        threshold: letter.trusteeThreshold!,
        trustees: rows.map((t) => ({ id: t.id, publicKey: t.publicKey! })),
      },
    );
    await db().signature.create({
      data: {
        id: signatureId,
        letterId,
        emailTag: new Uint8Array(crypto.randomBytes(32)),
        publicLine: "Engineer",
        sealedIdentity: wrapTrusteeEnvelope(dataKey, { letterId, signatureId }, envelope),
        identitySealing: IdentitySealing.TRUSTEES,
        receiptHash: new Uint8Array(crypto.randomBytes(32)),
        signedOn: new Date(),
        orderKey: crypto.randomBytes(8).toString("hex"),
      },
    });
    made.push({ id: signatureId, name });
  }
  dataKey.fill(0);
  await db().letter.update({ where: { id: letterId }, data: { signatureCount: { increment: count } } });
  return made;
}

/**
 * As the signing side does at the threshold: OPEN → AWAITING_TRUSTEES, and the
 * trustees taken as called already. The call gives each a fresh link (decision 015),
 * which these tests do not read from the mail: left uncalled, a server's
 * call-trustees job would replace the links they hold.
 */
export async function crossThreshold(letterId: string) {
  await db().letter.update({ where: { id: letterId }, data: { status: LetterStatus.AWAITING_TRUSTEES, trusteesCalledAt: new Date() } });
}

/** A letter waiting for its trustees, with `signatures` trustee-sealed signatures. */
export async function letterAwaitingTrustees(o: { n?: number; k?: number; signatures?: number } = {}) {
  const made = await openTrusteeLetter({ n: o.n, k: o.k, threshold: o.signatures ?? 3 });
  const signatures = await addTrusteeSealedSignatures(made.letterId, o.signatures ?? 3);
  await crossThreshold(made.letterId);
  return { ...made, signatures };
}

/** What a trustee's browser does: every page of sealed shares, opened with its key, as posted (base64url). */
export async function openedSharesOf(trustee: ReleaseTrustee, letterId: string, key: TrusteeKey = trustee.key) {
  const out: { signatureId: string; share: string }[] = [];
  for (let after: string | undefined; ;) {
    const page = await trusteeSharesToOpen(trustee.token, { after });
    const opened = await openShares(key, page.items, { letterId, trusteeId: trustee.id });
    out.push(...opened.map((o) => ({ signatureId: o.signatureId, share: toBase64Url(o.share) })));
    if (!page.next) return out;
    after = page.next;
  }
}
