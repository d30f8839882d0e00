// What a letter's trustees must be (issue 15), for the forms (their Zod schemas,
// also their checks in the browser) and for the domain (the rules that need the
// stored trustees). Shared with the browser bundle: no server-only import here.
import { decodeBase64urlIgnorePadding } from "@oslojs/encoding";
import { z } from "zod";
import { singleLine } from "~/http/text-fields";

/** Fewer than two would let one party unseal alone; more than nine is more people than anyone can coordinate at a reveal. */
export const MIN_TRUSTEES = 2;
export const MAX_TRUSTEES = 9;
export const TRUSTEE_DESCRIPTION_MAX = 200;
/** A raw X25519 public key. */
export const PUBLIC_KEY_BYTES = 32;

/** How an invitation link's token looks (tokens.server.ts randomSecret): anything else leads nowhere, without a query. */
export const TRUSTEE_TOKEN_SHAPE = /^[a-z2-9]{24}$/;

export const addTrusteeFields = z.object({
  description: singleLine(TRUSTEE_DESCRIPTION_MAX, {
    required: "Describe the trustee as signers will read it, e.g. “Legal aid contact, Tech Workers Union”.",
  }),
  email: z
    .email({ message: "Enter the trustee's email address, like name@example.org." })
    .max(254, "Use at most 254 characters.")
    .transform((email) => email.trim().toLowerCase()),
});

const THRESHOLD_MESSAGE = `Enter a whole number from ${MIN_TRUSTEES} to ${MAX_TRUSTEES}.`;
export const trusteeThresholdFields = z.object({
  threshold: z.coerce
    .number({ message: THRESHOLD_MESSAGE })
    .int(THRESHOLD_MESSAGE)
    .min(MIN_TRUSTEES, `At least ${MIN_TRUSTEES} trustees must agree: one alone could unseal.`)
    .max(MAX_TRUSTEES, THRESHOLD_MESSAGE),
});

export const trusteeActionSchema = z.discriminatedUnion("intent", [
  addTrusteeFields.extend({ intent: z.literal("add") }),
  z.object({ intent: z.literal("remove"), trusteeId: z.uuid() }),
  trusteeThresholdFields.extend({ intent: z.literal("set-threshold") }),
]);

export type AddTrusteeInput = z.output<typeof addTrusteeFields>;

/** The key as the trustee's browser posts it: 32 bytes in base64url, 43 characters without padding. */
export function publicKeyFromBase64url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]{43}$/.test(text)) return null;
  try {
    const bytes = decodeBase64urlIgnorePadding(text);
    return bytes.length === PUBLIC_KEY_BYTES ? bytes : null;
  } catch {
    return null;
  }
}

const KEY_MESSAGE = "Your browser did not send a valid key. Reload the page and create your key again.";
export const registerKeyFields = z.object({
  publicKey: z
    .string({ message: KEY_MESSAGE })
    .trim()
    .transform((text, ctx) => {
      const key = publicKeyFromBase64url(text);
      if (!key) ctx.addIssue({ code: "custom", message: KEY_MESSAGE });
      return key ?? new Uint8Array();
    }),
});

/** Whether a letter's trustees let it open, and if not why: every trustee has a key and 2 ≤ k ≤ n. */
export type TrusteeProblem =
  { code: "trustees-too-few" } | { code: "trustee-threshold-unset" } | { code: "trustee-keys-missing"; missing: number } | null;

export function trusteeProblem(trustees: { hasKey: boolean }[], threshold: number | null): TrusteeProblem {
  if (trustees.length === 0) return null; // a letter without trustees (threshold null)
  if (trustees.length < MIN_TRUSTEES) return { code: "trustees-too-few" };
  if (threshold === null || threshold < MIN_TRUSTEES || threshold > trustees.length) return { code: "trustee-threshold-unset" };
  const missing = trustees.filter((t) => !t.hasKey).length;
  return missing > 0 ? { code: "trustee-keys-missing", missing } : null;
}
