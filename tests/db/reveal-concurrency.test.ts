import { expect, test } from "vitest";
import { db } from "~/db/client.server";
import { signLetter } from "~/domain/letters/sign-letter.server";
import { openedLetter, signAs, verifiedSigner } from "../support/letters";

test("20 signatures at once across the threshold: exactly one reveal, the exact count", async () => {
  const { letter } = await openedLetter({ threshold: 10 });
  // Start from threshold − 2.
  for (let i = 0; i < 8; i++) await signAs(letter, `early${i}@microsoft.com`);
  const tokens = [];
  for (let i = 0; i < 20; i++) tokens.push(await verifiedSigner(letter, `rush${i}@github.com`, `192.0.2.${i}`));

  const results = await Promise.allSettled(
    tokens.map((token, i) => signLetter(token, letter.id, { publicLine: null, name: `Rusher ${i}`, title: null, contactEmail: null })),
  );
  const failures = results.filter((r) => r.status === "rejected");
  expect(failures).toEqual([]);
  const reveals = results.filter((r) => r.status === "fulfilled" && r.value.revealed);
  expect(reveals).toHaveLength(1);

  const after = await db().letter.findUniqueOrThrow({ where: { id: letter.id } });
  expect(after.status).toBe("REVEALED");
  expect(after.signatureCount).toBe(28);
  expect(await db().signature.count({ where: { letterId: letter.id } })).toBe(28);
  expect(await db().auditEvent.count({ where: { letterId: letter.id, kind: "revealed" } })).toBe(1);
});

test("signing twice with the same address is refused and counts once", async () => {
  const { letter } = await openedLetter();
  await signAs(letter, "dana@microsoft.com");
  await expect(signAs(letter, "Dana+letters@Microsoft.com")).rejects.toMatchObject({ code: "already-signed" });
  const after = await db().letter.findUniqueOrThrow({ where: { id: letter.id } });
  expect(after.signatureCount).toBe(1);
});
