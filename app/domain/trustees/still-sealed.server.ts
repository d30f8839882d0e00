// Signatures still trustee-sealed (issue 15), in two kinds: those that wait for
// trustees' shares (signed between one trustee's release and the k-th, or since),
// and those that hold k released shares and still did not open. Every share was
// checked against its envelope as it arrived, so the second kind was sealed wrong
// by the signer's browser and will never open: it is left out of the list rather
// than keep the letter from being published forever.
import { db } from "~/db/client.server";
import { coveredByRelease } from "./release-access.server";

export type StillSealed = { waiting: number; unopenable: number };

export async function stillSealed(letterId: string): Promise<StillSealed> {
  const letter = await db().letter.findUniqueOrThrow({ where: { id: letterId }, select: { trusteeThreshold: true, signatureCount: true } });
  // Only those a release covers now (decision 019): one whose own condition is not
  // met neither waits nor keeps the letter from publication; publishing destroys it.
  const covered = coveredByRelease({ id: letterId, signatureCount: letter.signatureCount });
  const sealed = await db().signature.count({ where: covered });
  if (sealed === 0) return { waiting: 0, unopenable: 0 };
  const released = await db().trustee.findMany({ where: { letterId, releasedAt: { not: null } }, select: { id: true } });
  const k = letter.trusteeThreshold;
  if (!k || released.length < k) return { waiting: sealed, unopenable: 0 };
  const full = await db().trusteeShare.groupBy({
    by: ["signatureId"],
    where: { letterId, trusteeId: { in: released.map((t) => t.id) }, signature: covered },
    having: { signatureId: { _count: { gte: k } } },
  });
  return { waiting: sealed - full.length, unopenable: full.length };
}
