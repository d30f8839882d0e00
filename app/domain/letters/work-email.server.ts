// The work address a signer proves. It is used to send one code and then
// forgotten: only an HMAC tag of its canonical form, scoped to the letter, is kept
// (enough to stop double signing; useless against a staff directory without the key).
import { keyedHash } from "~/crypto/tokens.server";
import { AppError } from "~/errors";

/** Lower case, and "+tag" dropped from the local part, so one person gets one signature. */
export function canonicalWorkEmail(email: string) {
  const trimmed = email.trim().toLowerCase();
  const at = trimmed.lastIndexOf("@");
  if (at < 1 || at === trimmed.length - 1) throw new AppError("email-invalid");
  const local = trimmed.slice(0, at).split("+")[0]!;
  const domain = trimmed.slice(at + 1);
  if (!local) throw new AppError("email-invalid");
  return { canonical: `${local}@${domain}`, domain };
}

export function assertAllowedDomain(domain: string, allowedDomains: string[], organizationName: string) {
  if (!allowedDomains.includes(domain)) {
    throw new AppError("domain-not-allowed", { organizationName, allowedDomains });
  }
}

export function workEmailTag(letterId: string, canonicalEmail: string) {
  return keyedHash("signer-email", `${letterId}\u0000${canonicalEmail}`);
}

export function domainsOf(letter: { allowedDomains: string }) {
  return letter.allowedDomains.split("\n").filter(Boolean);
}
