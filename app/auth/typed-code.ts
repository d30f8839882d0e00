// The codes people type from an email (login email and work email checks), shared
// by the forms (labels, client-side check) and the servers that make the codes.
import { z } from "zod";

export const CODE_DIGITS = 8;

// People copy "1234 5678" or "1234-5678" from the email: spaces and dashes are dropped.
export const typedCode = z
  .string({ message: `Enter the ${CODE_DIGITS}-digit code from the email.` })
  .max(40, `The code has ${CODE_DIGITS} digits.`)
  .transform((value) => value.replace(/[\s-]/g, ""))
  .pipe(z.string().regex(new RegExp(`^\\d{${CODE_DIGITS}}$`), `The code has ${CODE_DIGITS} digits, like 1234 5678.`));
