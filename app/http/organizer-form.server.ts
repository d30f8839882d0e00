// The forms of the pages under a letter's dashboard (/my/letters/<id>/…): the
// signed-in organizer, the letter, then the form. Someone else's letter is a 404
// before the form is read, whatever was posted: a stranger learns nothing from
// which of their submissions are invalid.
import type { $ZodType } from "zod/v4/core";
import { requireUser } from "~/auth/current-user.server";
import { letterForOrganizer } from "~/domain/letters/access.server";
import { letterIdFrom } from "./letter-param.server";
import { parseForm } from "./read-form.server";

export async function organizerSubmission<Schema extends $ZodType>(request: Request, params: unknown, schema: Schema) {
  const { user } = await requireUser(request);
  const letterId = letterIdFrom(params);
  await letterForOrganizer(user.id, letterId);
  const submission = await parseForm(request, schema);
  return { user, letterId, submission };
}
