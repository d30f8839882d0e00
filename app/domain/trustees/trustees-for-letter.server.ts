// A letter's trustees as the public reads them (the letter page, the published
// page, the trustee page): each as the organizers described them, in order, with
// the fingerprint of their key computed here, and k of n. Never an address.
import { db } from "~/db/client.server";
import { keyFingerprint } from "./trustee-crypto.server";

export type PublicTrustee = { position: number; description: string; fingerprint: string | null };
export type TrusteesView = { threshold: number | null; count: number; trustees: PublicTrustee[] };

/** Null for a letter without trustees. */
export async function trusteesForLetter(letterId: string): Promise<TrusteesView | null> {
  const rows = await db().trustee.findMany({
    where: { letterId },
    orderBy: { position: "asc" },
    select: { position: true, description: true, publicKey: true },
  });
  if (rows.length === 0) return null;
  const letter = await db().letter.findUniqueOrThrow({ where: { id: letterId }, select: { trusteeThreshold: true } });
  return {
    threshold: letter.trusteeThreshold,
    count: rows.length,
    trustees: await Promise.all(
      rows.map(async (row) => ({
        position: row.position,
        description: row.description,
        fingerprint: row.publicKey ? await keyFingerprint(row.publicKey) : null,
      })),
    ),
  };
}
