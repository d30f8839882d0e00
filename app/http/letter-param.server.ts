// The letter id in an organizer page's path (/my/letters/<id>/…): anything that
// is not a letter id is a 404, like a letter that is not yours.
import { z } from "zod";

const params = z.object({ id: z.uuid() });

export function letterIdFrom(raw: unknown) {
  const parsed = params.safeParse(raw);
  if (!parsed.success) throw new Response("Not found", { status: 404 });
  return parsed.data.id;
}
