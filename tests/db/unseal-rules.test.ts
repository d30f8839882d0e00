import { expect, test } from "vitest";
import { db } from "~/db/client.server";
import { readRevealedSignatories } from "~/domain/letters/unseal.server";
import { viewDashboard } from "~/domain/letters/view-letter.server";
import { openedLetter, signAs } from "../support/letters";

test("before the threshold nobody, organizers included, gets a name; at the threshold they all do", async () => {
  const { organizer, letter } = await openedLetter({ threshold: 5 });
  for (let i = 0; i < 4; i++) await signAs(letter, `s${i}@microsoft.com`, { name: `Signer ${i}` });
  await expect(readRevealedSignatories(letter.id)).rejects.toThrow(/refusing to unseal/);
  const before = await viewDashboard(organizer.id, letter.id);
  expect(before.signatories).toBeNull();
  expect(JSON.stringify(before)).not.toContain("Signer ");

  const fifth = await signAs(letter, "s4@microsoft.com", { name: "Signer 4" });
  expect(fifth.revealed).toBe(true);
  const after = await viewDashboard(organizer.id, letter.id);
  expect(after.status).toBe("REVEALED");
  expect(after.signatories!.rows.map((s) => s.name)).toEqual(["Signer 0", "Signer 1", "Signer 2", "Signer 3", "Signer 4"]);
  expect(after.count).toBe(5);
});

test("a cancelled letter cannot be unsealed, even with the key still in configuration", async () => {
  const { letter } = await openedLetter({ threshold: 5 });
  await signAs(letter, "t@microsoft.com");
  await db().letter.update({ where: { id: letter.id }, data: { status: "CANCELLED" } });
  await expect(readRevealedSignatories(letter.id)).rejects.toThrow(/refusing to unseal/);
});
