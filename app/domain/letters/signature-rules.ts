// What a signature must be. The signing form uses this as its schema, and
// signLetter checks it again, so no other caller can store something the form would refuse.
// Shared with the browser bundle (the signing steps' forms below): no server-only import here.
import { z } from "zod";
import { typedCode } from "~/auth/typed-code";
import { NOT_SINGLE_LINE } from "~/http/text-fields";
import { perDomains } from "./per-domains";

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

/** The signature form's rules for a letter's domains (built once per set of domains). */
export const signatureSchema = perDomains(buildSignatureSchema);

function buildSignatureSchema(domains: string[]) {
  return z.object({
    publicLine: optionalText(PUBLIC_LINE_MAX),
    name: z
      .string({ message: "Enter your full name. It stays sealed until the threshold is met." })
      .trim()
      .min(1, "Enter your full name. It stays sealed until the threshold is met.")
      .pipe(visibleText(IDENTITY_MAX)),
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
/** What callers may hand to signLetter: empty optional fields as null or left out. */
export type SignatureDraft = { name: string; publicLine?: string | null; title?: string | null; contactEmail?: string | null };

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
