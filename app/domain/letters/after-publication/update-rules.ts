// What an update is, and when one is mailed (issue 16, decision 017). Used by the
// organizer's form (as its Zod schema, and to say before posting whether the
// update will be mailed) and by postUpdate, which decides with a guarded update.
import { z } from "zod";
import { DAY_MS } from "~/lib/dates";

export const UPDATE_MAX_CHARS = 5_000;
/** At most this many updates are ever mailed for one letter. */
export const UPDATE_MAIL_CAP = 10;
/** And at most one in this long. */
export const UPDATE_MAIL_GAP_MS = 7 * DAY_MS;

export const updateSchema = z.object({
  body: z
    .string({ message: "Write the update." })
    .trim()
    .min(1, "Write the update.")
    .max(UPDATE_MAX_CHARS, `An update is at most ${UPDATE_MAX_CHARS.toLocaleString("en")} characters.`),
});

export type UpdateMailing =
  { mailed: true; left: number } | { mailed: false; reason: "cap" } | { mailed: false; reason: "gap"; nextOn: Date };

/** Whether an update posted at `now` would be mailed, given what was mailed before. */
export function nextUpdateMailing(letter: { updatesMailed: number; lastUpdateMailedAt: Date | null }, now = new Date()): UpdateMailing {
  if (letter.updatesMailed >= UPDATE_MAIL_CAP) return { mailed: false, reason: "cap" };
  if (letter.lastUpdateMailedAt) {
    const nextOn = new Date(letter.lastUpdateMailedAt.getTime() + UPDATE_MAIL_GAP_MS);
    if (nextOn > now) return { mailed: false, reason: "gap", nextOn };
  }
  return { mailed: true, left: UPDATE_MAIL_CAP - letter.updatesMailed - 1 };
}
