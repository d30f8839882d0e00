// Issue 13, 15: a revealed letter still takes signatures until it is published,
// so its dashboard keeps showing the private link to share.
import { expect, test } from "vitest";
import { db } from "~/db/client.server";
import { createDraft } from "~/domain/letters/draft-letter.server";
import { openLetter } from "~/domain/letters/open-letter.server";
import * as dashboardRoute from "~/routes/my.letters.$id._index/route";
import { draftInput, signAs } from "../support/letters";
import { call, createVerifiedUser, get } from "./support";

type Dashboard = Awaited<ReturnType<typeof dashboardRoute.loader>>;

test("the private link stays on the dashboard after the reveal, while the letter takes signatures", async () => {
  const { user, cookie } = await createVerifiedUser();
  const draft = await createDraft(user.id, draftInput({ threshold: 1 }));
  await openLetter(user, draft.id);
  const dashboard = async () =>
    (await call(dashboardRoute.loader, get(`/my/letters/${draft.id}`, { cookie }), { params: { id: draft.id } })) as Dashboard;
  const whileOpen = (await dashboard()).shareUrl;
  expect(whileOpen).toMatch(/^https?:\/\/[^/]+\/l\/[a-z2-7]{26}$/);

  await signAs(await db().letter.findUniqueOrThrow({ where: { id: draft.id } }), "first@microsoft.com");
  const revealed = await dashboard();
  expect(revealed.letter.status).toBe("REVEALED");
  expect(revealed.shareUrl).toBe(whileOpen);
});
