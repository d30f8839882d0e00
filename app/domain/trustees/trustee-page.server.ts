// Everything the trustee page (/trustee/<token>) shows: the invitation (the letter,
// the trustee, their key) and, once the letter has met its threshold, where the
// release stands for this trustee (issue 15). Null when the link leads nowhere.
import { db } from "~/db/client.server";
import { isEditable } from "~/domain/letters/lifecycle";
import { releaseRefusal, trusteeForRelease, countStillSealed } from "./release-access.server";
import { releaseProgress, type TrusteeReleaseState } from "./release-progress.server";
import { releaseTotals, type ReleaseTotals } from "./trustee-shares-to-open.server";
import { trusteeInvitation } from "./trustee-invitation.server";

/** "open": shares are taken now; "not-yet": below the threshold; "over": nothing waits; "closed": shredded. */
export type ReleasePhase = "open" | "not-yet" | "over" | "closed";

export type ReleaseView = {
  phase: ReleasePhase;
  totals: ReleaseTotals;
  you: { released: boolean; refused: boolean };
  trustees: { position: number; description: string; state: TrusteeReleaseState }[];
};

const PHASE_OF = { "release-not-yet": "not-yet", "release-closed": "closed", "release-over": "over" } as const;

export async function trusteePage(token: string | undefined) {
  const invitation = await trusteeInvitation(token);
  if (!invitation) return null;
  const { trustee, letter } = await trusteeForRelease(token);
  // A draft has no release to speak of: the page is about making a key.
  if (isEditable(letter.status)) return { ...invitation, release: null };
  const refusal = releaseRefusal(letter.status, await countStillSealed(db(), letter));
  const progress = await releaseProgress(letter.id);
  const release: ReleaseView | null = progress
    ? {
        phase: refusal ? PHASE_OF[refusal] : "open",
        totals: await releaseTotals(letter, trustee.id),
        you: { released: trustee.releasedAt !== null, refused: trustee.refusedAt !== null },
        trustees: progress.trustees,
      }
    : null;
  return { ...invitation, release };
}
