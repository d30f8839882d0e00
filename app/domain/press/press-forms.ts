// The press page's forms: a preview link made by hand, a journalist added to the
// press list, a send to the press list. Each form's fields are also its check in
// the browser; the action parses the union, by intent. Limits and their messages
// come from the constants (embargo.ts), never typed twice; the domain checks what
// a form's shape cannot (previews.server.ts: the embargo ahead, within a year).
// Shared with the browser bundle: no server-only import here.
import { z } from "zod";
import { plainText, singleLine } from "~/http/text-fields";
import { utcMoment } from "~/lib/dates";
import type { SendInput } from "./deliver.server";
import { MAX_PREVIEW_DAYS, MIN_PREVIEW_DAYS } from "./embargo";

const EMBARGO_DAY_MESSAGE = "Enter the embargo day, like 2026-12-03.";
const EMBARGO_TIME_MESSAGE = "Enter the embargo time, like 09:00.";
const PREVIEW_DAYS_MESSAGE = `Enter a number of days, from ${MIN_PREVIEW_DAYS} to ${MAX_PREVIEW_DAYS}.`;

const embargoFields = {
  embargoDate: z.iso.date({ message: EMBARGO_DAY_MESSAGE }),
  embargoTime: z
    .string({ message: EMBARGO_TIME_MESSAGE })
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Enter the time on a 24-hour clock, like 09:00."),
  expiresInDays: z
    .number({ message: PREVIEW_DAYS_MESSAGE })
    .int("Enter a whole number of days.")
    .min(MIN_PREVIEW_DAYS, `A link works for at least ${MIN_PREVIEW_DAYS} day.`)
    .max(MAX_PREVIEW_DAYS, `A link works for at most ${MAX_PREVIEW_DAYS} days.`),
};

export const createPreviewFields = z.object({
  label: singleLine(120, { required: "Say who the link is for, e.g. “Jane Doe, The Example Times”." }),
  ...embargoFields,
});

export const contactFields = z.object({
  name: singleLine(100, { required: "Enter the journalist's name." }),
  outlet: singleLine(100, { required: "Enter the outlet, e.g. “The Example Times” or “freelance”." }),
  email: z.email({ message: "Enter an email address, like jane@example.org." }).max(254, "Use at most 254 characters."),
});

export const sendFields = z.object({
  kind: z.enum(["preview", "published"], { message: "Reload the page and try again." }),
  contactIds: z.array(z.uuid(), { message: "Choose at least one contact." }).min(1, "Choose at least one contact.").max(500),
  pressContactLine: plainText(500, { required: "Say how journalists can reach you." }),
  // Needed for previews only: sendInputFrom checks them then.
  embargoDate: embargoFields.embargoDate.optional(),
  embargoTime: embargoFields.embargoTime.optional(),
  expiresInDays: embargoFields.expiresInDays.optional(),
});

export const pressActionSchema = z.discriminatedUnion("intent", [
  createPreviewFields.extend({ intent: z.literal("create-preview") }),
  z.object({ intent: z.literal("revoke-preview"), previewId: z.string().regex(/^[a-z0-9]{1,32}$/) }),
  contactFields.extend({ intent: z.literal("add-contact") }),
  z.object({ intent: z.literal("remove-contact"), contactId: z.uuid() }),
  sendFields.extend({ intent: z.literal("send") }),
]);

/** A preview made by hand, as createPreview takes it: the embargo is a moment in UTC. */
export function previewInputFrom({ label, embargoDate, embargoTime, expiresInDays }: z.output<typeof createPreviewFields>) {
  return { label, embargoUntil: utcMoment(embargoDate, embargoTime), expiresInDays };
}

type FieldErrors = Partial<Record<"embargoDate" | "embargoTime" | "expiresInDays", string[]>>;

/**
 * A send as sendToPress takes it, or, for previews, the embargo fields it lacks
 * (the published page needs none, so the form's shape leaves them optional).
 */
export function sendInputFrom(value: z.output<typeof sendFields>): { input: SendInput } | { fieldErrors: FieldErrors } {
  const { contactIds, pressContactLine } = value;
  if (value.kind === "published") return { input: { kind: "published", contactIds, pressContactLine } };
  const { embargoDate, embargoTime, expiresInDays } = value;
  if (!embargoDate || !embargoTime || expiresInDays === undefined) {
    return {
      fieldErrors: {
        ...(embargoDate ? {} : { embargoDate: [EMBARGO_DAY_MESSAGE] }),
        ...(embargoTime ? {} : { embargoTime: [EMBARGO_TIME_MESSAGE] }),
        ...(expiresInDays === undefined ? { expiresInDays: [PREVIEW_DAYS_MESSAGE] } : {}),
      },
    };
  }
  return { input: { kind: "preview", contactIds, pressContactLine, embargoUntil: utcMoment(embargoDate, embargoTime), expiresInDays } };
}
