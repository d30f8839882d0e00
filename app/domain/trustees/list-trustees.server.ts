// A letter's trustees as its organizers see them (/my/letters/<id>/trustees): each
// with the address they were invited at (unsealed for them alone, and only while
// the letter's data key exists), whether their key is registered and its
// fingerprint, k of n, and what still keeps the letter from opening.
import { unsealTrusteeEmail } from "~/crypto/sealing.server";
import { db } from "~/db/client.server";
import { letterForOrganizer } from "~/domain/letters/access.server";
import { isEditable } from "~/domain/letters/lifecycle";
import { existingDataKey } from "./trustee-letter.server";
import { keyFingerprint } from "./trustee-crypto.server";
import { MAX_TRUSTEES, trusteeProblem } from "./trustee-rules";

export async function listTrustees(userId: string, letterId: string) {
  const letter = await letterForOrganizer(userId, letterId);
  const rows = await db().trustee.findMany({ where: { letterId }, orderBy: { position: "asc" } });
  const dataKey = rows.length ? await existingDataKey(db(), letterId) : null;
  try {
    const trustees = await Promise.all(
      rows.map(async (row) => ({
        id: row.id,
        position: row.position,
        description: row.description,
        // Null once the letter was shredded (cancelled): the address went with its key.
        email: dataKey && row.sealedEmail ? unsealTrusteeEmail(dataKey, { letterId, trusteeId: row.id }, row.sealedEmail) : null,
        fingerprint: row.publicKey ? await keyFingerprint(row.publicKey) : null,
        invitedAt: row.createdAt.toISOString(),
        registeredAt: row.keyRegisteredAt?.toISOString() ?? null,
      })),
    );
    const problem = trusteeProblem(
      trustees.map((t) => ({ hasKey: t.fingerprint !== null })),
      letter.trusteeThreshold,
    );
    return {
      letter: { id: letter.id, title: letter.title, status: letter.status },
      canChange: isEditable(letter.status),
      canAdd: isEditable(letter.status) && trustees.length < MAX_TRUSTEES,
      threshold: letter.trusteeThreshold,
      trustees,
      /** What keeps the letter from opening, if anything (the same rule opening applies). */
      problem,
    };
  } finally {
    dataKey?.fill(0);
  }
}
