// Sealing the signer's name and title in this browser, for a letter with trustees
// (decision 015): with the crypto bundle the server serves (loaded with Subresource
// Integrity), the trustees' public keys and the signature's id from the page. Only
// the envelope leaves: the form then posts it instead of the name and title.
import { loadTrusteeCrypto } from "~/components/trustee-crypto.client";
import type { SigningPageData } from "./step-props";

export type BrowserSealing = NonNullable<SigningPageData["trusteeSealing"]>;

/** The envelope, base64url, as the form posts it. Throws when the bundle does not load or sealing fails. */
export async function sealInBrowser(sealing: BrowserSealing, identity: { name: string; title: string | null }): Promise<string> {
  if (!sealing.bundle) throw new Error("this server has no sealing code to send");
  const crypto = await loadTrusteeCrypto(sealing.bundle);
  const trustees = sealing.trustees.map((t) => {
    const publicKey = crypto.fromBase64Url(t.publicKey, 32);
    if (!publicKey) throw new Error("a trustee's key is not readable");
    return { id: t.id, publicKey };
  });
  const envelope = await crypto.sealForTrustees(identity, {
    letterId: sealing.letterId,
    signatureId: sealing.signatureId,
    textHash: sealing.textHash,
    threshold: sealing.threshold,
    trustees,
  });
  return crypto.toBase64Url(envelope);
}
