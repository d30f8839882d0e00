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

test("signing twice with the same address counts once, and the second gets a decoy receipt (decision 010)", async () => {
  const { letter } = await openedLetter();
  await signAs(letter, "dana@microsoft.com");
  const again = await signAs(letter, "Dana+letters@Microsoft.com");
  expect(again).toMatchObject({ revealed: false, submittedAgain: false });
  const after = await db().letter.findUniqueOrThrow({ where: { id: letter.id } });
  expect(after.signatureCount).toBe(1);
  expect(await db().signature.count({ where: { letterId: letter.id } })).toBe(1);
  expect(await db().decoyReceipt.count({ where: { letterId: letter.id } })).toBe(1);
});

test("one address signing from 3 browsers at once (3 codes an hour is its limit): one signature, 2 decoys, no error, no reveal by a decoy", async () => {
  const { letter } = await openedLetter({ threshold: 3 });
  await signAs(letter, "early@microsoft.com");
  const tokens = [];
  for (let i = 0; i < 3; i++)
    tokens.push(await verifiedSigner(letter, i ? `Same+${i}@microsoft.com` : "same@microsoft.com", `192.0.2.${40 + i}`));
  const results = await Promise.allSettled(
    tokens.map((token, i) => signLetter(token, letter.id, { publicLine: null, name: `Same ${i}`, title: null, contactEmail: null })),
  );
  expect(results.filter((r) => r.status === "rejected")).toEqual([]);
  const after = await db().letter.findUniqueOrThrow({ where: { id: letter.id } });
  expect(after).toMatchObject({ status: "OPEN", signatureCount: 2 });
  expect(await db().signature.count({ where: { letterId: letter.id } })).toBe(2);
  expect(await db().decoyReceipt.count({ where: { letterId: letter.id } })).toBe(2);
});
