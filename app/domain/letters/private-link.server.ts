// The private link shared inside the company: /l/<slug>. The slug is a bearer
// secret. It is derived from the letter id with HASH_SECRET (so organizers can be
// shown it again) and only its SHA-256 is stored (so a database dump alone does
// not lead to the letter page).
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { hashSecret, keyedHash } from "~/crypto/tokens.server";
import { privateLetterPath } from "~/lib/public-urls";

export function privateSlug(letterId: string) {
  return encodeBase32LowerCaseNoPadding(keyedHash("private-link", letterId)).slice(0, 26);
}

export function privateSlugHash(slug: string) {
  return hashSecret(slug);
}

export function privatePath(letterId: string) {
  return privateLetterPath(privateSlug(letterId));
}
