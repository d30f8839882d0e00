// What opening and cancelling a letter ask its organizer to confirm: each form's own
// fields (also its check in the browser), and their union, by intent, for the action.
// Shared with the browser bundle: no server-only import here.
import { z } from "zod";

/** Opening freezes the text for good. */
export const openLetterFields = z.object({
  confirmFrozen: z.literal(true, { message: "Tick the box to confirm that the text can no longer change once open." }),
});

/** Cancelling destroys every sealed name (or closes a draft) for good. */
export const cancelLetterFields = z.object({
  confirmDestroy: z.literal(true, { message: "Tick the box to confirm that everything sealed is destroyed." }),
});

export const letterConfirmationSchema = z.discriminatedUnion("intent", [
  openLetterFields.extend({ intent: z.literal("open") }),
  cancelLetterFields.extend({ intent: z.literal("cancel") }),
]);
