// A seized disk and the server's secrets are not enough for a letter with trustees
// (issue 15, decision 015): from a copy of the SQLite file and its WAL, with
// KEY_ENCRYPTION_KEY and HASH_SECRET, the data key unwraps and with it each
// signature's trustee envelope, but no name opens: not as a server-sealed identity,
// not with fewer than k trustees' shares. With k trustees' key files it opens.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, expect, test } from "vitest";
import { config } from "~/config/env.server";
import { unsealIdentity, unwrapDataKey, unwrapTrusteeEnvelope } from "~/crypto/sealing.server";
import { openKeyFile, openShares, openWithShares, sealForTrustees, shareFor, toBase64Url } from "~/crypto/trustee";
import { sqliteFilePath } from "~/db/sqlite-path.server";
import { signLetter } from "~/domain/letters/sign-letter.server";
import { receiptOf } from "~/domain/letters/signing-receipt.server";
import { signAs, verifiedSigner } from "../support/letters";
import { PASSPHRASE } from "../support/trustee-keys";
import { openedTrusteeLetter, sealContextOf } from "../support/trustees";

const copyDir = fs.mkdtempSync(path.join(os.tmpdir(), "seized-"));
afterAll(() => fs.rmSync(copyDir, { recursive: true, force: true }));

/** The file and its WAL as a running server leaves them, copied, then opened as an attacker would. */
function seizedCopy() {
  const file = sqliteFilePath(process.env.DATABASE_URL!);
  for (const suffix of ["", "-wal", "-shm"]) {
    if (fs.existsSync(`${file}${suffix}`)) fs.copyFileSync(`${file}${suffix}`, path.join(copyDir, `seized.db${suffix}`));
  }
  return new Database(path.join(copyDir, "seized.db"));
}

test("the file bytes, the KEK and HASH_SECRET open no name of a trustee letter; k trustees' key files do", async () => {
  const { letter, trustees } = await openedTrusteeLetter({ count: 3, k: 2, threshold: 2 });
  const names = ["Octavia Browser-Sealed", "Septimus Server-Sealed"];
  // One sealed in the browser (only the envelope posted), one without JavaScript.
  const token = await verifiedSigner(letter, "octavia.seized@microsoft.com");
  const envelope = await sealForTrustees({ name: names[0]!, title: null }, sealContextOf(letter, trustees)(receiptOf(token).id));
  await signLetter(token, letter.id, { sealedIdentity: toBase64Url(envelope) });
  await signAs(letter, "septimus.seized@microsoft.com", { name: names[1]!, title: "Clerk" });

  const seized = seizedCopy();
  const row = seized.prepare('SELECT "status", "wrappedDataKey", "textHash" FROM "Letter" WHERE "id" = ?').get(letter.id) as {
    status: string;
    wrappedDataKey: Buffer;
    textHash: string;
  };
  const signatures = seized
    .prepare('SELECT "id", "sealedIdentity", "identitySealing" FROM "Signature" WHERE "letterId" = ? ORDER BY "id"')
    .all(letter.id) as { id: string; sealedIdentity: Buffer; identitySealing: string }[];
  seized.close();
  expect(row.status).toBe("AWAITING_TRUSTEES");
  expect(signatures.map((s) => s.identitySealing)).toEqual(["trustees", "trustees"]);
  expect(config().hashSecret.length).toBeGreaterThan(0); // the attacker has it too: it opens nothing here

  // The server's secrets unwrap the data key, and each envelope...
  const dataKey = unwrapDataKey(letter.id, row.wrappedDataKey, config().keyEncryptionKey);
  const opened: string[] = [];
  for (const signature of signatures) {
    const at = { letterId: letter.id, signatureId: signature.id };
    expect(() => unsealIdentity(dataKey, at, signature.sealedIdentity)).toThrow();
    const inside = unwrapTrusteeEnvelope(dataKey, at, signature.sealedIdentity);
    for (const name of names) expect(Buffer.from(inside).includes(Buffer.from(name))).toBe(false);
    const ctx = { ...at, textHash: row.textHash };
    // ...but no name opens without shares, nor with one trustee's (k − 1).
    await expect(openWithShares(inside, [], ctx)).rejects.toMatchObject({ reason: "not-enough-shares" });
    const key = await openKeyFile(trustees[0]!.keyFile, PASSPHRASE, { letterId: letter.id, trusteeId: trustees[0]!.id });
    const [one] = await openShares(key, [{ signatureId: signature.id, sealedShare: shareFor(inside, trustees[0]!.id) }], {
      letterId: letter.id,
      trusteeId: trustees[0]!.id,
    });
    await expect(openWithShares(inside, [one!.share], ctx)).rejects.toMatchObject({ reason: "not-enough-shares" });

    // k = 2 trustees' key files (and passphrases) open it.
    const shares = [];
    for (const trustee of trustees.slice(1)) {
      const own = await openKeyFile(trustee.keyFile, PASSPHRASE, { letterId: letter.id, trusteeId: trustee.id });
      const [share] = await openShares(own, [{ signatureId: signature.id, sealedShare: shareFor(inside, trustee.id) }], {
        letterId: letter.id,
        trusteeId: trustee.id,
      });
      shares.push(share!.share);
    }
    opened.push((await openWithShares(inside, shares, ctx)).name);
  }
  expect(opened.sort()).toEqual([...names].sort());
});
