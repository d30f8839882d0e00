// Where the trustees' release stands (issue 15), for the organizers' dashboard:
// who released, who refused, k of n, whether k can still be reached (if not, the
// letter can only be cancelled), and what is still sealed.
import { db } from "~/db/client.server";
import { stillSealed, type StillSealed } from "./still-sealed.server";

export type TrusteeReleaseState = "released" | "refused" | "waiting";
export type ReleaseProgress = {
  threshold: number;
  trustees: { position: number; description: string; state: TrusteeReleaseState }[];
  released: number;
  refused: number;
  canStillReveal: boolean;
  stillSealed: StillSealed;
};

/** Null for a letter without trustees. */
export async function releaseProgress(letterId: string): Promise<ReleaseProgress | null> {
  const rows = await db().trustee.findMany({
    where: { letterId },
    orderBy: { position: "asc" },
    select: { position: true, description: true, releasedAt: true, refusedAt: true },
  });
  if (rows.length === 0) return null;
  const { trusteeThreshold } = await db().letter.findUniqueOrThrow({ where: { id: letterId }, select: { trusteeThreshold: true } });
  const threshold = trusteeThreshold ?? rows.length;
  const trustees = rows.map((t) => ({
    position: t.position,
    description: t.description,
    state: (t.releasedAt ? "released" : t.refusedAt ? "refused" : "waiting") as TrusteeReleaseState,
  }));
  const refused = trustees.filter((t) => t.state === "refused").length;
  return {
    threshold,
    trustees,
    released: trustees.filter((t) => t.state === "released").length,
    refused,
    canStillReveal: rows.length - refused >= threshold,
    stillSealed: await stillSealed(letterId),
  };
}
