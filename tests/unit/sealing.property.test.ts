// Properties of sealed identities and contacts (privacy promise 2) over any text a
// signer could send, where the example tests (sealing.test.ts) pick a few: every
// value comes back exactly, a blob opens only on the row it was sealed for, and its
// length tells no more than which 256-byte bucket the plaintext falls in.
import crypto from "node:crypto";
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { newWrappedDataKey, sealContact, sealIdentity, unsealContact, unsealIdentity, unwrapDataKey } from "~/crypto/sealing.server";

const kek = crypto.randomBytes(32);
const letterId = crypto.randomUUID();
const dataKey = unwrapDataKey(letterId, newWrappedDataKey(letterId, kek), kek);

// Any UTF-16 text, lone surrogates and control characters included.
const text = (maxLength: number) => fc.string({ unit: "binary", maxLength });
const identity = fc.record({ name: text(150), title: fc.option(text(150)) });
// Ids are uuids and tokens in the app; any strings here, quotes and commas included,
// to show that the associated data cannot be made ambiguous.
const row = fc.record({ letterId: fc.string({ maxLength: 40 }), signatureId: fc.string({ maxLength: 40 }) });
const OVERHEAD = 1 + 12 + 16; // version, IV, tag

const bucket = (json: string) => Math.ceil((Buffer.byteLength(json) + 1) / 256) * 256;

describe("sealed identities and contacts", () => {
  test.prop([identity, row])("open to exactly what was sealed", (who, at) => {
    const opened = unsealIdentity(dataKey, at, sealIdentity(dataKey, at, who));
    // JSON keeps lone surrogates as \u escapes, so even they come back unchanged.
    expect(opened).toEqual(who);
  });

  test.prop([text(300), row])("a contact address opens to exactly what was sealed", (contact, at) => {
    expect(unsealContact(dataKey, at, sealContact(dataKey, at, contact))).toBe(contact);
  });

  test.prop([identity, row, row])("a blob opens on no other row", (who, at, elsewhere) => {
    fc.pre(at.letterId !== elsewhere.letterId || at.signatureId !== elsewhere.signatureId);
    const blob = sealIdentity(dataKey, at, who);
    expect(() => unsealIdentity(dataKey, elsewhere, blob)).toThrow(/could not be opened/);
    expect(() => unsealContact(dataKey, at, blob)).toThrow(/could not be opened/);
  });

  test.prop([identity, identity, row])("the length tells only the 256-byte bucket", (a, b, at) => {
    const length = (who: { name: string; title: string | null }) => sealIdentity(dataKey, at, who).length;
    const json = (who: { name: string; title: string | null }) => JSON.stringify({ name: who.name, title: who.title });
    expect(length(a)).toBe(OVERHEAD + bucket(json(a)));
    if (bucket(json(a)) === bucket(json(b))) expect(length(a)).toBe(length(b));
  });
});
