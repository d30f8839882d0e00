// Trustee changes that race (issue 15): many organizers' requests at once never
// make a tenth trustee, a duplicate or a gap in the positions, and a letter never
// opens with a trustee whose key is missing. On both databases:
// `npx vitest run tests/db/trustee-concurrency.test.ts` and
// `npx vitest run -c vitest.postgres.config.ts tests/db/trustee-concurrency.test.ts`.
import { describe, expect, test } from "vitest";
import { db } from "~/db/client.server";
import { createDraft } from "~/domain/letters/draft-letter.server";
import { openLetter } from "~/domain/letters/open-letter.server";
import { addTrustee } from "~/domain/trustees/add-trustee.server";
import { removeTrustee } from "~/domain/trustees/remove-trustee.server";
import { AppError } from "~/errors";
import { createUser } from "../support/factories";
import { draftInput } from "../support/letters";
import { addTrustees, trusteeEmail } from "../support/trustees";

/** The AppError codes of the rejected ones; anything else fails the test. */
function refusals(results: PromiseSettledResult<unknown>[]) {
  return results.flatMap((r) => {
    if (r.status === "fulfilled") return [];
    if (!(r.reason instanceof AppError)) throw r.reason;
    return [r.reason.code];
  });
}

async function positions(letterId: string) {
  return (await db().trustee.findMany({ where: { letterId }, orderBy: { position: "asc" } })).map((t) => t.position);
}

describe("trustee changes at once", () => {
  test("twelve additions at once make at most nine trustees, numbered 0..n-1", async () => {
    const organizer = await createUser();
    const { id } = await createDraft(organizer.id, draftInput());
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => addTrustee(organizer.id, id, { description: `Trustee ${i}`, email: trusteeEmail() })),
    );
    const refused = refusals(results);
    expect(refused.every((code) => code === "too-many-trustees" || code === "trustees-changed")).toBe(true);
    const made = await positions(id);
    expect(made.length).toBe(12 - refused.length);
    expect(made.length).toBeLessThanOrEqual(9);
    expect(made).toEqual(made.map((_, i) => i));
  });

  test("removals at once leave the rest numbered 0..n-1", async () => {
    const organizer = await createUser();
    const { id } = await createDraft(organizer.id, draftInput());
    await addTrustees(organizer.id, id, { count: 7 });
    const rows = await db().trustee.findMany({ where: { letterId: id }, orderBy: { position: "asc" } });
    const gone = [rows[0]!, rows[3]!, rows[4]!, rows[6]!];
    const results = await Promise.allSettled(gone.map((t) => removeTrustee(organizer.id, id, t.id)));
    expect(refusals(results).every((code) => code === "trustees-changed")).toBe(true);
    const left = await db().trustee.findMany({ where: { letterId: id }, orderBy: { position: "asc" } });
    expect(left.map((t) => t.position)).toEqual(left.map((_, i) => i));
    // Whatever was refused is still there, in its order.
    const refusedIds = gone.filter((_, i) => results[i]!.status === "rejected").map((t) => t.id);
    expect(left.map((t) => t.id)).toEqual(rows.filter((t) => !gone.includes(t) || refusedIds.includes(t.id)).map((t) => t.id));
  });

  test("opening while a trustee is being added: never an open letter with a trustee who has no key", async () => {
    for (let round = 0; round < 5; round++) {
      const organizer = await createUser();
      const { id } = await createDraft(organizer.id, draftInput());
      await addTrustees(organizer.id, id, { count: 2, threshold: 2, register: true });
      const [opened, added] = await Promise.allSettled([
        openLetter(organizer, id),
        addTrustee(organizer.id, id, { description: "Late trustee", email: trusteeEmail() }),
      ]);
      const letter = await db().letter.findUniqueOrThrow({ where: { id } });
      const missing = await db().trustee.count({ where: { letterId: id, publicKey: null } });
      if (letter.status === "OPEN") {
        expect(opened.status).toBe("fulfilled");
        expect(missing).toBe(0);
        expect(added.status).toBe("rejected");
      } else {
        expect(opened.status).toBe("rejected");
        expect(added.status).toBe("fulfilled");
        expect(missing).toBe(1);
      }
    }
  });
});
