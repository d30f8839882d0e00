// What the signing steps read and write, kept in one place and carried out as
// plain SQL on SQLite's connection or PostgreSQL's pool, where a signing rush
// spends its time (decisions 008 and 023), and through Prisma, the reference the
// tests hold both to. All three write the very same rows. The
// rules stay in the domain modules (signing-verification, sign-letter): these
// functions only carry out a step those modules have decided on.
import type { IdentitySealing } from "~/domain/letters/identity-sealing";
import type { LetterStatus } from "~/domain/letters/lifecycle";
import type { OutgoingMail } from "~/mail/outbox.server";

/** Binary columns, as Prisma's generated types have them. */
export type Bytes = Uint8Array<ArrayBuffer>;

/** The letter as the signing pages need it, found by its private link. */
export type LetterToSignRow = {
  id: string;
  status: LetterStatus;
  deadline: Date;
  title: string;
  organizationName: string;
  allowedDomains: string;
  /** The letter's teams, one label a line ("" for none; decision 018). */
  teams: string;
  threshold: number;
  signatureCount: number;
  batchedCount: number;
  /** k of n (decision 015); null for a letter without trustees. */
  trusteeThreshold: number | null;
  /** The cooling-off period's end, and as the last count batch showed it (decision 020). */
  coolingOffEndsAt: Date | null;
  batchedCoolingOffEndsAt: Date | null;
  /** When this period's notices were queued: the period never ends before. */
  coolingOffNoticesAt: Date | null;
};

export type VerificationRow = {
  id: string;
  secretHash: Bytes;
  letterId: string;
  emailTag: Bytes;
  codeHash: Bytes;
  attempts: number;
  expiresAt: Date;
  verifiedAt: Date | null;
};

export type NewVerification = Omit<VerificationRow, "attempts" | "verifiedAt">;

export type NewSignature = {
  id: string;
  letterId: string;
  emailTag: Bytes;
  publicLine: string | null;
  sealedIdentity: Bytes;
  sealedContact: Bytes | null;
  /** What sealedIdentity holds: an identity under the data key, or a wrapped trustee envelope. */
  identitySealing: IdentitySealing;
  receiptHash: Bytes;
  signedOn: Date;
  orderKey: string;
  /** The team picked, as an index into the letter's teams; null for none (decision 018). */
  team: number | null;
  /** The signer's own bar (decision 019); null for none. A decoy receipt keeps it too. */
  nameAt: number | null;
};

/**
 * A decoy receipt: a signature's fields without the address tag (decision 010),
 * and without the team, which would be counted nowhere anyway (decision 018).
 */
export type NewDecoy = Omit<NewSignature, "emailTag" | "team">;

/** The signature an address already made, as a duplicate finds it (decision 010). */
export type FirstSignature = { id: string; sealedContact: Bytes | null };

/** The letter row as the signing transaction locked it. */
export type LockedLetter = {
  status: LetterStatus;
  signatureCount: number;
  threshold: number;
  title: string;
  wrappedDataKey: Uint8Array;
  /** Its trustees unseal it (decision 015): the crossing moves it to AWAITING_TRUSTEES, not REVEALED. */
  hasTrustees: boolean;
  /** Hours from the crossing to the unsealing (decision 020); 0 moves it on at once. */
  coolingOffHours: number;
};

export type SignaturePlan = {
  letterId: string;
  verificationId: string;
  now: Date;
  /** The row to store, sealed under the letter's data key (known once the letter is locked). */
  signature: (letter: LockedLetter) => NewSignature;
  /** The receipt mail, when the signer left a contact address. */
  receipt?: (letter: LockedLetter) => OutgoingMail;
  /**
   * When the address has signed already: the row is stored as a decoy receipt
   * instead (same fields, no address tag, counted nowhere), and this mail, if any,
   * tells the first signature's contact address (decision 010).
   */
  duplicateNotice?: (letter: LockedLetter, first: FirstSignature) => OutgoingMail | null;
};

export type StoredSignature =
  /** `decoy`: the address had signed already; only tests and the store look at it, never a page. */
  | {
      outcome: "stored";
      /** This signature met the threshold and the names became readable (a letter without trustees). */
      revealed: boolean;
      /** This signature met the threshold of a letter with trustees: it now waits for them. */
      awaitingTrustees: boolean;
      /** This signature met the threshold of a letter with a cooling-off period: it now waits for its end. */
      coolingOff: boolean;
      decoy: boolean;
    }
  /** The letter no longer takes signatures. */
  | { outcome: "not-open" }
  /** The verification was used by a signature a moment ago. */
  | { outcome: "verification-used" };

export type SigningStore = {
  findLetterBySlugHash(privateSlugHash: Bytes): Promise<LetterToSignRow | null>;
  /** The verification (its code mail is sent from memory once it has committed, decision 009). */
  createVerification(verification: NewVerification): Promise<void>;
  findVerification(id: string): Promise<VerificationRow | null>;
  /**
   * Counts a try at the code, and accepts it when `accept` is given, in one
   * guarded update: false (nothing changed) once the tries are used up or the
   * code was accepted already.
   */
  countCodeAttempt(id: string, maxAttempts: number, accept: { verifiedAt: Date; expiresAt: Date } | null): Promise<boolean>;
  /**
   * In one transaction: the letter's count goes up (serializing signers on its
   * row), the verification is used up, the signature and its receipt mail are
   * stored, and the signature that reaches the threshold reveals the letter
   * or hands a letter with trustees to them (with its audit event), exactly once. An address that signed already gets a
   * decoy receipt through the same steps: the count goes back down, the first
   * signature is not touched, nothing reveals. The steps are written once, in
   * steps.ts; each store only says how to do each operation.
   */
  storeSignature(plan: SignaturePlan): Promise<StoredSignature>;
};

/** Thrown inside a store's transaction to roll it back and report this outcome. */
export class Outcome extends Error {
  constructor(readonly result: StoredSignature) {
    super(result.outcome);
  }
}
