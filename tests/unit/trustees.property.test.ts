// Properties of the trustee rules and of sealed trustee addresses (issue 15) over
// any input, where tests/routes/trustees.test.ts picks examples: a posted key is
// accepted exactly when it is 32 bytes in base64url, nothing thrown otherwise; the
// opening rule; an address sealed for one trustee opens on no other row and as no
// other kind of blob.
import crypto from "node:crypto";
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import {
  newWrappedDataKey,
  sealContact,
  sealTrusteeEmail,
  unsealContact,
  unsealTrusteeEmail,
  unwrapDataKey,
} from "~/crypto/sealing.server";
import { MAX_TRUSTEES, publicKeyFromBase64url, trusteeProblem } from "~/domain/trustees/trustee-rules";

const kek = crypto.randomBytes(32);
const letterId = crypto.randomUUID();
const dataKey = unwrapDataKey(letterId, newWrappedDataKey(letterId, kek), kek);
const row = fc.record({ letterId: fc.string({ maxLength: 40 }), trusteeId: fc.string({ maxLength: 40 }) });

describe("a posted public key", () => {
  test.prop([fc.uint8Array({ minLength: 0, maxLength: 80 })])("is accepted exactly when it is 32 bytes, and decodes to them", (bytes) => {
    const parsed = publicKeyFromBase64url(Buffer.from(bytes).toString("base64url"));
    if (bytes.length === 32) expect(parsed && Buffer.from(parsed).equals(Buffer.from(bytes))).toBe(true);
    else expect(parsed).toBeNull();
  });

  test.prop([fc.string({ unit: "binary", maxLength: 200 })])("any text gives a key or null, never an exception", (text) => {
    const parsed = publicKeyFromBase64url(text);
    expect(parsed === null || parsed.length === 32).toBe(true);
  });

  test.prop([fc.uint8Array({ minLength: 32, maxLength: 32 })])("standard base64 and padding are refused", (bytes) => {
    const standard = Buffer.from(bytes).toString("base64");
    if (/[+/]/.test(standard)) expect(publicKeyFromBase64url(standard.replace(/=+$/, ""))).toBeNull();
    expect(publicKeyFromBase64url(`${Buffer.from(bytes).toString("base64url")}=`)).toBeNull();
  });
});

describe("whether trustees let a letter open", () => {
  const trustees = fc.array(fc.record({ hasKey: fc.boolean() }), { maxLength: MAX_TRUSTEES });
  test.prop([trustees, fc.option(fc.integer({ min: -3, max: 12 }))])(
    "only with none at all, or 2 ≤ k ≤ n and every key registered",
    (list, k) => {
      const problem = trusteeProblem(list, k);
      const ready = list.length === 0 || (list.length >= 2 && k !== null && k >= 2 && k <= list.length && list.every((t) => t.hasKey));
      expect(problem === null).toBe(ready);
      if (problem?.code === "trustee-keys-missing") expect(problem.missing).toBe(list.filter((t) => !t.hasKey).length);
    },
  );
});

describe("sealed trustee addresses", () => {
  test.prop([fc.string({ unit: "binary", maxLength: 300 }), row])("open to exactly what was sealed", (email, at) => {
    expect(unsealTrusteeEmail(dataKey, at, sealTrusteeEmail(dataKey, at, email))).toBe(email);
  });

  test.prop([fc.emailAddress(), row, row])("open on no other row, and not as a signer's contact", (email, at, elsewhere) => {
    fc.pre(at.letterId !== elsewhere.letterId || at.trusteeId !== elsewhere.trusteeId);
    const blob = sealTrusteeEmail(dataKey, at, email);
    expect(() => unsealTrusteeEmail(dataKey, elsewhere, blob)).toThrow(/could not be opened/);
    expect(() => unsealContact(dataKey, { letterId: at.letterId, signatureId: at.trusteeId }, blob)).toThrow(/could not be opened/);
    const contact = sealContact(dataKey, { letterId: at.letterId, signatureId: at.trusteeId }, email);
    expect(() => unsealTrusteeEmail(dataKey, at, contact)).toThrow(/could not be opened/);
  });

  test.prop([fc.emailAddress(), fc.emailAddress(), row])(
    "their length says only which 256-byte bucket the address falls in",
    (a, b, at) => {
      const bucket = (email: string) => Math.ceil((Buffer.byteLength(JSON.stringify([email])) + 1) / 256);
      fc.pre(bucket(a) === bucket(b));
      expect(sealTrusteeEmail(dataKey, at, a).length).toBe(sealTrusteeEmail(dataKey, at, b).length);
    },
  );
});
