// The trustee page's script talks to this resource route during a release (issue
// 15): GET a page of the trustee's sealed shares (?after=<signature id>), POST a
// chunk of opened shares (intent=release, in `shares` fields: release-rules.ts), and
// POST intent=finish once every share is sent. JSON both ways; a refusal is its
// user message with its status, and changes nothing.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { toBase64Url } from "~/crypto/trustee";
import { finishRelease } from "~/domain/trustees/finish-release.server";
import { releaseChunkFields } from "~/domain/trustees/release-rules";
import { releaseShares } from "~/domain/trustees/release-shares.server";
import { trusteeSharesToOpen } from "~/domain/trustees/trustee-shares-to-open.server";
import { AppError, NotFoundError } from "~/errors";
import { FormRefusedError, readFormData } from "~/http/read-form.server";

const NO_STORE = { "Cache-Control": "no-store" };
const AFTER = /^[A-Za-z0-9-]{1,64}$/;

function refusal(error: unknown) {
  if (error instanceof NotFoundError) return Response.json({ message: error.userMessage }, { status: 404, headers: NO_STORE });
  if (error instanceof AppError) return Response.json({ message: error.userMessage }, { status: error.status, headers: NO_STORE });
  throw error;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const after = new URL(request.url).searchParams.get("after") ?? undefined;
  if (after !== undefined && !AFTER.test(after))
    return Response.json({ message: "Not a page of shares." }, { status: 400, headers: NO_STORE });
  try {
    const page = await trusteeSharesToOpen(params.token, { after });
    return Response.json(
      { items: page.items.map((item) => [item.signatureId, toBase64Url(item.sealedShare)]), next: page.next },
      { headers: NO_STORE },
    );
  } catch (error) {
    return refusal(error);
  }
}

const intentSchema = z.enum(["release", "finish"]);

export async function action({ request, params }: ActionFunctionArgs) {
  try {
    const form = await readFormData(request);
    const intent = intentSchema.safeParse(form.get("intent"));
    if (!intent.success) return Response.json({ message: "Reload the page and try again." }, { status: 400, headers: NO_STORE });
    if (intent.data === "finish") return Response.json(await finishRelease(params.token), { headers: NO_STORE });
    const chunk = releaseChunkFields.safeParse(form.getAll("shares"));
    if (!chunk.success) return Response.json({ message: chunk.error.issues[0]!.message }, { status: 400, headers: NO_STORE });
    return Response.json(await releaseShares(params.token, chunk.data), { headers: NO_STORE });
  } catch (error) {
    if (error instanceof FormRefusedError)
      return Response.json({ message: error.userMessage }, { status: error.status, headers: { ...NO_STORE, Connection: "close" } });
    return refusal(error);
  }
}
