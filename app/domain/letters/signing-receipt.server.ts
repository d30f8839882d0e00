// A signature's id and receipt, derived from the browser's verification token: a
// second submit from the same browser (a double click, a resubmitted page) is led
// back to the receipt of its first, and only that browser can be. The id is known
// before the signature exists, so a trustee letter's signature step can bind the
// identity the browser seals to the very row it will be stored in (decision 015).
import { derivedToken } from "~/crypto/tokens.server";

export function receiptOf(verificationToken: string) {
  return derivedToken("signing-receipt", verificationToken);
}
