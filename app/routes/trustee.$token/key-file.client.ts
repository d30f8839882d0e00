// A trustee's key file, opened in this browser (issue 15): the file is read here and
// opened with the passphrase by the crypto bundle; neither ever leaves the page. Used
// by the release (release.client.ts) and by the check offered before registering
// (key-file-check.tsx), so both say the same thing about a file that does not open.
import type { TrusteeKey } from "~/crypto/trustee";
import { type KeyTool, loadTrusteeCrypto } from "~/components/trustee-crypto.client";

// A real key file is under 1 KB; anything this large is not one, and is not read.
const MAX_KEY_FILE_BYTES = 64 * 1024;

/** What the page says for each way a key file fails to open (KeyFileError.reason). */
export function keyFileProblem(reason: string | undefined) {
  switch (reason) {
    case "passphrase":
      return "The passphrase does not open this key file. Check it (capital letters, spaces) and try again.";
    case "other-letter":
      return "This key file belongs to another letter. Choose the key file you saved for this letter.";
    case "other-trustee":
      return "This key file belongs to another trustee of this letter. Choose your own key file.";
    case "format":
      return "This is not an Undersigned trustee key file. Choose the .json file you downloaded when you created your key.";
    default:
      return "Your key could not be opened in this browser. Reload the page and try again, or use another up-to-date browser.";
  }
}

/** What the page says for an error thrown while opening a key file (the bundle's errors carry `reason`; not instanceof: another copy of the classes). */
export function keyFileProblemOf(error: unknown) {
  return keyFileProblem((error as { reason?: string } | null)?.reason);
}

/** Opens the chosen file with the passphrase, bound to this letter and trustee. Throws the bundle's KeyFileError. */
export async function openKey(
  tool: KeyTool,
  file: File,
  passphrase: string,
  ids: { letterId: string; trusteeId: string },
): Promise<TrusteeKey> {
  const api = await loadTrusteeCrypto(tool);
  const text = file.size > MAX_KEY_FILE_BYTES ? "" : await file.text();
  return api.openKeyFile(text, passphrase, ids);
}
