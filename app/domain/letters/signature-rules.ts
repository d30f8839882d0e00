// What a signature must be. The signing form uses this as its schema, and
// signLetter checks it again, so no other caller can store something the form would refuse.
// Shared with the browser bundle (the signing steps' forms below): no server-only import here.
import { z } from "zod";
import { typedCode } from "~/auth/typed-code";
import { NOT_SINGLE_LINE } from "~/http/text-fields";
import { perDomains } from "./per-domains";
import { MAX_TEAMS } from "./team-rules";
import { NAME_AT_MAX } from "./name-conditions";

export const PUBLIC_LINE_MAX = 80;
export const IDENTITY_MAX = 120;

// Control characters, line separators and bidirectional overrides have no place in a
// name or a public line: they could disguise one line as another (and PostgreSQL
// refuses NUL). The one definition for every single-line field: app/http/text-fields.ts.
const INVISIBLE = NOT_SINGLE_LINE;
const visibleText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Use at most ${max} characters.`)
    .refine((value) => !INVISIBLE.test(value), "Use letters, numbers, spaces and punctuation only.");

const optionalText = (max: number) =>
  visibleText(max)
    .optional()
    .transform((value) => value || null);

/** A contact address at the employer's own domains would send the receipt (with the letter's title) through its mail server. */
export function atWorkDomain(email: string, domains: string[]) {
  const domain = email.slice(email.lastIndexOf("@") + 1).toLowerCase();
  return domains.some((d) => domain === d || domain.endsWith(`.${d}`));
}

const TEAM_MESSAGE = "Pick one of the letter's teams, or “Prefer not to say”.";

/**
 * The team picked on the form (decision 018): the option's value is the team's
 * index in the letter's list, "" for none. That the index is one of this letter's
 * teams is the domain's check (signLetter), which knows the list.
 */
const teamChoice = z
  .string()
  .trim()
  .max(2, TEAM_MESSAGE)
  .optional()
  .transform((value, ctx) => {
    if (!value) return null;
    if (!/^\d{1,2}$/.test(value) || Number(value) >= MAX_TEAMS) {
      ctx.addIssue({ code: "custom", message: TEAM_MESSAGE });
      return z.NEVER;
    }
    return Number(value);
  });

export const NAME_AT_MESSAGE = `Pick when your name may be unsealed: at the letter's threshold, or a number of signers up to ${NAME_AT_MAX.toLocaleString("en")}.`;

/**
 * The signer's own bar (decision 019): "" for the letter's threshold (no condition
 * of their own), else a whole number of signers up to NAME_AT_MAX. That it is at
 * least the letter's threshold is the domain's check (signLetter), which knows it.
 */
const nameAtChoice = z
  .string()
  .trim()
  .max(9, NAME_AT_MESSAGE)
  .optional()
  .transform((value, ctx) => {
    if (!value) return null;
    const n = /^\d{1,7}$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n < 1 || n > NAME_AT_MAX) {
      ctx.addIssue({ code: "custom", message: NAME_AT_MESSAGE });
      return z.NEVER;
    }
    return n;
  });

const NAME_MESSAGE = "Enter your full name. It stays sealed until the threshold is met.";

/** The signature form's rules for a letter's domains (built once per set of domains). */
export const signatureSchema = perDomains(buildSignatureSchema);

function buildSignatureSchema(domains: string[]) {
  return z.object({
    publicLine: optionalText(PUBLIC_LINE_MAX),
    team: teamChoice,
    nameAt: nameAtChoice,
    name: z.string({ message: NAME_MESSAGE }).trim().min(1, NAME_MESSAGE).pipe(visibleText(IDENTITY_MAX)),
    title: optionalText(IDENTITY_MAX),
    contactEmail: z
      .string()
      .trim()
      .max(254, "That address is too long.")
      .optional()
      .transform((value) => value || null)
      .pipe(z.email({ message: "Enter an email address, like name@example.org, or leave this empty." }).nullable())
      .refine((value) => value === null || !atWorkDomain(value, domains), {
        message: "Use a personal address, not your work one: your employer's mail server would see the receipt.",
      }),
  });
}

export type SignatureInput = z.output<ReturnType<typeof signatureSchema>>;

/**
 * A signature whose name and title the browser sealed for the letter's trustees
 * (decision 015): the rest is checked as usual; the envelope is checked apart.
 */
export const sealedSignatureSchema = perDomains((domains: string[]) => buildSignatureSchema(domains).omit({ name: true, title: true }));

/**
 * The longest envelope a form may post, in base64url characters: 9 trustees with
 * ids of the trustee module's longest (128), with room to spare. The letter's own
 * exact size is checked by the domain; this bound only keeps the field small.
 */
export const SEALED_IDENTITY_MAX_CHARS = 4_600;

/**
 * What callers may hand to signLetter: empty optional fields as null or left out.
 * Either a name (and title), or `sealedIdentity`, an envelope the browser sealed
 * for the letter's trustees (base64url) — never both.
 */
export type SignatureDraft = {
  name?: string | null;
  publicLine?: string | null;
  title?: string | null;
  contactEmail?: string | null;
  sealedIdentity?: string | null;
  /** An index into the letter's teams, or null/undefined for none. */
  team?: number | null;
  /** The signer's own bar (decision 019): at least the letter's threshold; null/undefined for none. */
  nameAt?: number | null;
};

// The signing steps' forms (the page checks them in the browser too; the action parses with them).

/** Step 1: a work address, the example taken from the letter's first allowed domain. */
export const workEmailFields = perDomains((domains: string[]) => {
  const example = `name@${domains[0] ?? "example.org"}`;
  const message = `Enter your work email address, like ${example}.`;
  return z.object({
    email: z.string({ message }).trim().max(254, "That address is too long.").pipe(z.email({ message })),
  });
});

/** Step 2: the code from the email. */
export const signingCodeFields = z.object({ code: typedCode });

const CONSENT_MESSAGE = "Tick the box to sign: it confirms you understand when your name is unsealed.";

/** Step 3: the signature, and the signer's consent to when their name is unsealed. */
export const signatureFormFields = perDomains((domains: string[]) =>
  signatureSchema(domains).extend({
    consent: z.boolean({ message: CONSENT_MESSAGE }).refine((value) => value, CONSENT_MESSAGE),
  }),
);

/**
 * Step 3 as the action reads it: the browser checks signatureFormFields (a name is
 * required), then, for a letter with trustees, posts the sealed envelope instead of
 * the name and title. One of the two is required here; that never both come, and
 * that an envelope fits the letter, are the domain's checks (signLetter).
 */
export const signatureActionFields = perDomains((domains: string[]) =>
  signatureFormFields(domains)
    .extend({
      name: signatureSchema(domains).shape.name.optional(),
      sealedIdentity: z.string().max(SEALED_IDENTITY_MAX_CHARS, "The sealed name is too long. Reload the page and sign again.").optional(),
    })
    .superRefine(
      (value, ctx) => {
        if (value.name === undefined && value.sealedIdentity === undefined)
          ctx.addIssue({ code: "custom", path: ["name"], message: NAME_MESSAGE });
      },
      // Also when another field failed (the consent box unticked): a missing name is
      // still said beside its field, as the browser's check and the no-JS form expect.
      { when: (payload) => typeof payload.value === "object" && payload.value !== null },
    ),
);
