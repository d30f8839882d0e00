// The letter id in an organizer page's path (/my/letters/<id>/…): anything that
// is not a letter id is a 404, like a letter that is not yours.
import { z } from "zod";
import { NotFoundError } from "~/errors";

const params = z.object({ id: z.uuid() });

export function letterIdFrom(raw: unknown) {
  const parsed = params.safeParse(raw);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data.id;
}
