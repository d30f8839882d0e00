// The addressee's address(es) for delivery (issue 16): the publish form and the
// updates page check them with this field; bounded in count and length.
import { z } from "zod";

export const MAX_ADDRESSEE_EMAILS = 5;
const ONE_EMAIL = z.email().max(254);

/** The addressee's addresses as typed (commas, spaces or lines between them): 1 to 5 valid addresses, or a message. */
export const addresseeEmailsField = z
  .string({ message: "Enter the addressee's email address, e.g. ceo@example.com." })
  .max(MAX_ADDRESSEE_EMAILS * 256, `Enter at most ${MAX_ADDRESSEE_EMAILS} addresses.`)
  .transform((text, ctx) => {
    const emails = [...new Set(text.split(/[\s,;]+/).filter(Boolean))];
    if (emails.length === 0) ctx.addIssue({ code: "custom", message: "Enter the addressee's email address, e.g. ceo@example.com." });
    if (emails.length > MAX_ADDRESSEE_EMAILS) ctx.addIssue({ code: "custom", message: `Enter at most ${MAX_ADDRESSEE_EMAILS} addresses.` });
    const bad = emails.find((e) => !ONE_EMAIL.safeParse(e).success);
    if (bad) ctx.addIssue({ code: "custom", message: `“${bad.slice(0, 60)}” is not an email address. Write it like ceo@example.com.` });
    return emails;
  });
