// Trustees for tests of the trustee module (app/crypto/trustee): real key pairs and
// key files, but with a cheap scrypt cost (2^14) so that a suite can make dozens.
import { createTrusteeKey, openKeyFile, sealForTrustees, shareFor, openShares, type TrusteeKey } from "~/crypto/trustee";

export const PASSPHRASE = "correct horse battery staple";
export const TEXT_HASH = "5d41402abc4b2a76b9719d911017c592".repeat(2);

export type TestTrustee = { id: string; publicKey: Uint8Array; keyFile: string; fingerprint: string; key: TrusteeKey };

export async function makeTrustees(letterId: string, ids: string[]): Promise<TestTrustee[]> {
  return Promise.all(
    ids.map(async (id) => {
      const made = await createTrusteeKey({ passphrase: PASSPHRASE, letterId, trusteeId: id, scryptLogN: 14 });
      const key = await openKeyFile(made.keyFile, PASSPHRASE, { letterId, trusteeId: id });
      return { id, ...made, key };
    }),
  );
}

export const refs = (trustees: TestTrustee[]) => trustees.map((t) => ({ id: t.id, publicKey: t.publicKey }));

/** An envelope for `signatureId`, and each trustee's opened share of it, by trustee id. */
export async function sealAndOpen(
  trustees: TestTrustee[],
  at: { letterId: string; signatureId: string; threshold: number },
  identity = { name: "Ada Lovelace", title: "Analyst" as string | null },
) {
  const envelope = await sealForTrustees(identity, { ...at, textHash: TEXT_HASH, trustees: refs(trustees) });
  const shares = new Map<string, Uint8Array>();
  for (const t of trustees) {
    const [opened] = await openShares(t.key, [{ signatureId: at.signatureId, sealedShare: shareFor(envelope, t.id) }], {
      letterId: at.letterId,
      trusteeId: t.id,
    });
    shares.set(t.id, opened!.share);
  }
  return { envelope, shares };
}
