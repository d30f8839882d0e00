// Proving a work address for one letter, in one browser: an 8-digit code sent in a
// neutral email, 10 minutes, single use, 5 attempts, stored as a keyed hash. The
// address itself is never stored: the verification keeps only its letter-scoped tag.
import { consumeRateLimit, consumeRateLimits } from "~/auth/rate-limit.server";
import { CODE_DIGITS } from "~/auth/typed-code";
import { config } from "~/config/env.server";
import { keyedHash, keyedHashMatches, newToken, parseToken, randomDigits, secretMatches } from "~/crypto/tokens.server";
import { db } from "~/db/client.server";
import { AppError } from "~/errors";
import { sendFromMemory } from "~/mail/memory-sender.server";
import { signingCodeMail } from "~/mail/templates/letters.server";
import { acceptsSignatures, type LetterStatus, withLetterStatus } from "~/domain/letters/lifecycle";
import { signingStore } from "./signing-store/index.server";
import { assertAllowedDomain, canonicalWorkEmail, domainsOf, workEmailTag } from "~/domain/letters/work-email.server";
import { CODE_TTL_MS } from "~/lib/lifetimes";
import { teamList } from "~/domain/letters/team-rules";

export const SIGNING_COOKIE = "signing";
export const SIGNING_CODE_TTL_MS = CODE_TTL_MS;
/** After the code, how long the signer has to fill in the signature form. */
export const SIGNING_WINDOW_MS = 60 * 60_000;
export const MAX_SIGNING_ATTEMPTS = 5;
/**
 * How long the browser keeps the signing cookie, in seconds: once a code is sent,
 * for the code's life and a signing window after it; once the code is right, for
 * the signing window, which starts then.
 */
export const SIGNING_COOKIE_SECONDS = {
  codeSent: (SIGNING_CODE_TTL_MS + SIGNING_WINDOW_MS) / 1000,
  verified: SIGNING_WINDOW_MS / 1000,
} as const;
const HOUR = 60 * 60_000;

const codeHash = (verificationId: string, code: string) => keyedHash("signing-code", `${verificationId}:${code}`);

/** What the signing steps need of a letter; the route has it already (findLetterToSign). */
export type LetterToSign = {
  id: string;
  status: LetterStatus;
  organizationName: string;
  allowedDomains: string[];
  /** The letter's teams (decision 018); a signature's team is an index into them. */
  teams: string[];
  /** A signer's own bar is at least this (decision 019). */
  threshold: number;
  /** False when the caller knows the letter has no trustees (k unset), so signing skips looking for them. */
  hasTrustees?: boolean;
};

/** The letter by id, or as the caller loaded it moments ago (one read fewer per signer in a rush). */
export async function letterToSign(letter: string | LetterToSign): Promise<LetterToSign | null> {
  if (typeof letter !== "string") return letter;
  const row = await db().letter.findUnique({
    where: { id: letter },
    select: { id: true, status: true, organizationName: true, allowedDomains: true, teams: true, threshold: true },
  });
  return row && { ...withLetterStatus(row), allowedDomains: domainsOf(row), teams: teamList(row.teams) };
}

export async function requestSigningCode(letterOrId: string | LetterToSign, email: string, { clientIp }: { clientIp: string }) {
  const letter = await letterToSign(letterOrId);
  if (!letter || !acceptsSignatures(letter.status)) {
    throw new AppError("not-collecting");
  }
  const { canonical, domain } = canonicalWorkEmail(email);
  assertAllowedDomain(domain, letter.allowedDomains, letter.organizationName);
  const cfg = config();
  await consumeRateLimits([
    {
      limit: { name: "sign-code-ip", max: cfg.SIGNING_CODES_PER_IP_PER_HOUR, windowMs: HOUR, what: "code requests from your network" },
      subject: clientIp,
    },
    {
      limit: {
        name: "sign-code-letter",
        max: cfg.SIGNING_CODES_PER_LETTER_PER_HOUR,
        windowMs: HOUR,
        what: "code requests for this letter",
      },
      subject: letter.id,
    },
    {
      limit: { name: "sign-code-email", max: 3, windowMs: HOUR, what: "codes sent to this address" },
      subject: `${letter.id}:${canonical}`,
    },
  ]);

  const { id, token, secretHash } = newToken();
  const code = randomDigits(CODE_DIGITS);
  const verification = {
    id,
    secretHash,
    letterId: letter.id,
    emailTag: workEmailTag(letter.id, canonical),
    codeHash: codeHash(id, code),
    expiresAt: new Date(Date.now() + SIGNING_CODE_TTL_MS),
  };
  await (await signingStore()).createVerification(verification);
  // Committed: the code goes out from memory, never written to disk (decision 009).
  // The address as typed (not canonical) is where the mail goes.
  sendFromMemory({ to: email.trim(), ...signingCodeMail(code) });
  return token;
}

/** The pending verification behind a browser's cookie, for this letter; null when none. */
export async function findSigningVerification(token: string | null, letterId: string) {
  const parsed = parseToken(token);
  if (!parsed) return null;
  const row = await (await signingStore()).findVerification(parsed.id);
  if (!row || row.letterId !== letterId || !secretMatches(parsed.secret, row.secretHash)) return null;
  return row;
}

const restart = () => new AppError("verification-missing", { flow: "signing" });

/** Checks the typed code. On success the browser may sign within the signing window. */
export async function verifySigningCode(
  token: string | null,
  letterId: string,
  code: string,
  { clientIp }: { clientIp: string },
  now = new Date(),
) {
  await consumeRateLimit({ name: "sign-check-ip", max: 600, windowMs: HOUR, what: "code attempts from your network" }, clientIp);
  const row = await findSigningVerification(token, letterId);
  if (!row) throw restart();
  if (row.verifiedAt) return;
  if (row.expiresAt <= now) throw new AppError("code-expired", { flow: "signing" });
  const right = keyedHashMatches("signing-code", `${row.id}:${code}`, row.codeHash);
  // Every try counts, right or wrong, in the same guarded update that accepts a
  // right code: past the fifth try (concurrent ones included) none is accepted.
  const counted = await (
    await signingStore()
  ).countCodeAttempt(
    row.id,
    MAX_SIGNING_ATTEMPTS,
    right ? { verifiedAt: now, expiresAt: new Date(now.getTime() + SIGNING_WINDOW_MS) } : null,
  );
  if (!counted) throw new AppError("code-attempts", { flow: "signing" });
  if (!right) throw new AppError("code-wrong");
}

export async function purgeExpiredSigningVerifications(now = new Date()) {
  const { count } = await db().signingVerification.deleteMany({ where: { expiresAt: { lt: now } } });
  return count;
}
