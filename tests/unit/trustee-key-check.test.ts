// The trustee page's "Check your saved key file" (issue 15) says, for each way a
// saved file can fail to open with the real trustee module, what to do about it,
// before the key is registered: here its words for the errors openKeyFile throws.
import { expect, test } from "vitest";
import { createTrusteeKey, openKeyFile } from "~/crypto/trustee";
import { checkProblem } from "~/routes/trustee.$token/key-file-check";
import { PASSPHRASE } from "../support/trustee-keys";

const ids = { letterId: "letter-1", trusteeId: "trustee-1" };

/** What the check says when this file is opened with this passphrase for `ids`. */
async function problemOpening(keyFile: string, passphrase: string, at = ids) {
  const error = await openKeyFile(keyFile, passphrase, at).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "the file must not open").not.toBeNull();
  return checkProblem({ error });
}

test("each way a saved key file fails has its own plain words", async () => {
  const { keyFile } = await createTrusteeKey({ passphrase: PASSPHRASE, ...ids, scryptLogN: 14 });
  const typo = await problemOpening(keyFile, `${PASSPHRASE}.`);
  expect(typo).toContain("The passphrase does not open this key file.");
  // Nothing is registered yet: a forgotten passphrase costs only a new key.
  expect(typo).toContain("reload this page and create a new key: nothing is registered yet");
  expect(await problemOpening(keyFile, PASSPHRASE, { ...ids, trusteeId: "trustee-2" })).toContain("belongs to another trustee");
  expect(await problemOpening(keyFile, PASSPHRASE, { ...ids, letterId: "letter-2" })).toContain("belongs to another letter");
  expect(await problemOpening("{}", PASSPHRASE)).toContain("This is not an Undersigned trustee key file.");
  expect(await problemOpening("{}", PASSPHRASE)).not.toContain("nothing is registered yet");
});

test("a file of an earlier try opens, but holds another key: the check says which, and to download again", async () => {
  const earlier = await createTrusteeKey({ passphrase: PASSPHRASE, ...ids, scryptLogN: 14 });
  const opened = await openKeyFile(earlier.keyFile, PASSPHRASE, ids);
  const message = checkProblem({ otherFingerprint: opened.fingerprint });
  expect(message).toContain(`holds another key (fingerprint ${opened.fingerprint})`);
  expect(message).toContain("Download your key file again");
});
