// The organizer's press page, /my/letters/$id/press: previews, press list, sending.
import { describe, expect, test } from "vitest";
import { sessionCookie } from "~/auth/current-user.server";
import { createSession } from "~/auth/session.server";
import { db } from "~/db/client.server";
import { createDraft } from "~/domain/letters/draft-letter.server";
import { buildSnapshot } from "~/domain/letters/public-record.server";
import { action, loader } from "~/routes/my.letters.$id.press/route";
import { createUser } from "../support/factories";
import { draftInput, openedLetter, signAs } from "../support/letters";
import { call, expectData, expectRedirect, get } from "./support";
import { queuedById } from "../support/mail";

const DAY_MS = 24 * 60 * 60_000;

type Page = Awaited<ReturnType<typeof loader>>;
type Created = { created?: { url: string; label: string; embargo: string; expires: string } };

async function cookieFor(userId: string) {
  const { token, session } = await createSession(db(), userId, "test");
  return sessionCookie(token, session.absoluteExpiresAt).split(";")[0]!;
}

let seq = 0;
async function revealed() {
  const { organizer, letter } = await openedLetter({ threshold: 5 });
  seq += 1;
  for (let i = 0; i < 5; i++) await signAs(letter, `route${seq}.signer${i}@microsoft.com`, { name: `Signer ${i}` });
  return { organizer, letterId: letter.id, cookie: await cookieFor(organizer.id) };
}

const pathOf = (id: string) => `/my/letters/${id}/press`;
const page = async (cookie: string, id: string) => (await call(loader, get(pathOf(id), { cookie }), { params: { id } })) as Page;
const act = (cookie: string, id: string, fields: Record<string, string> | [string, string][]) =>
  call(
    action,
    new Request(`http://localhost${pathOf(id)}`, { method: "POST", body: new URLSearchParams(fields), headers: { Cookie: cookie } }),
    {
      params: { id },
    },
  );

function future(days: number) {
  const at = new Date(Date.now() + days * DAY_MS);
  return { embargoDate: at.toISOString().slice(0, 10), embargoTime: "09:00" };
}

async function addContact(cookie: string, id: string, name: string, email: string) {
  expectRedirect(await act(cookie, id, { intent: "add-contact", name, outlet: "The Example Times", email }), pathOf(id));
}

describe("the press page", () => {
  test("signed out, sends to the sign-in page and back", async () => {
    const { letterId } = await revealed();
    expectRedirect(
      await call(loader, get(pathOf(letterId)), { params: { id: letterId } }),
      `/login?redirectTo=${encodeURIComponent(pathOf(letterId))}`,
    );
  });

  test("starts empty, with a default embargo, and says what to do before the reveal", async () => {
    const { letterId, cookie } = await revealed();
    const view = await page(cookie, letterId);
    expect(view.letter).toMatchObject({ id: letterId, status: "REVEALED", publicUrl: null });
    expect(view.previews).toEqual([]);
    expect(view.contacts).toEqual([]);
    expect(view.defaults.time).toBe("09:00");
    expect(view.defaults.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const organizer = await createUser();
    const draft = await createDraft(organizer.id, draftInput());
    const draftCookie = await cookieFor(organizer.id);
    expect((await page(draftCookie, draft.id)).letter.status).toBe("DRAFT");
    const refused = expectData(
      await act(draftCookie, draft.id, { intent: "create-preview", label: "Jane", ...future(2), expiresInDays: "7" }),
      409,
    );
    expect(refused.data.error?.[""]?.[0]).toMatch(/once the threshold is met/);
  });
});

describe("preview links", () => {
  test("a new link is shown once, in the answer; the page lists it without the link, with opens and status", async () => {
    const { letterId, cookie } = await revealed();
    const answer = expectData<Created>(
      await act(cookie, letterId, {
        intent: "create-preview",
        label: "Jane Doe, The Example Times",
        embargoDate: "2099-12-03",
        embargoTime: "09:00",
        expiresInDays: "14",
      }),
      400,
    );
    // More than a year ahead: refused next to the day.
    expect(Object.keys((answer.data as { error?: object }).error ?? {})).toEqual(["embargoDate"]);

    const created = expectData<Created>(
      await act(cookie, letterId, { intent: "create-preview", label: "Jane Doe, The Example Times", ...future(3), expiresInDays: "14" }),
      200,
    );
    const url = created.data.created!.url;
    expect(url).toMatch(/^https?:\/\/[^/]+\/press\/[a-z2-9]{24}\.[a-z2-9]{24}$/);
    expect(created.data.created!.embargo).toMatch(/^\d{1,2} [A-Z][a-z]+ \d{4}, 09:00 UTC$/);

    const view = await page(cookie, letterId);
    expect(view.previews).toHaveLength(1);
    expect(view.previews[0]).toMatchObject({ label: "Jane Doe, The Example Times", openCount: 0, state: "active" });
    expect(view.previews[0]!.embargo).toBe(created.data.created!.embargo);
    expect(JSON.stringify(view)).not.toContain(url.split("/press/")[1]!.split(".")[1]);

    expectRedirect(await act(cookie, letterId, { intent: "revoke-preview", previewId: view.previews[0]!.id }), pathOf(letterId));
    expect((await page(cookie, letterId)).previews[0]!.state).toBe("revoked");
  });

  test.each([
    ["no label", { label: "  " }, "label"],
    ["an impossible day", { embargoDate: "2026-02-30" }, "embargoDate"],
    ["a time past midnight", { embargoTime: "25:00" }, "embargoTime"],
    ["no expiry", { expiresInDays: "" }, "expiresInDays"],
    ["an expiry of 91 days", { expiresInDays: "91" }, "expiresInDays"],
  ])("with %s is refused next to the field (400) and makes nothing", async (_, fields, field) => {
    const { letterId, cookie } = await revealed();
    const { data } = expectData(
      await act(cookie, letterId, { intent: "create-preview", label: "Jane", ...future(3), expiresInDays: "7", ...fields }),
      400,
    );
    expect(Object.keys(data.error ?? {})).toEqual([field]);
    expect(await db().pressPreview.count({ where: { letterId } })).toBe(0);
  });

  test("an embargo in the past is refused next to the day", async () => {
    const { letterId, cookie } = await revealed();
    const { data } = expectData(
      await act(cookie, letterId, { intent: "create-preview", label: "Jane", ...future(-1), expiresInDays: "7" }),
      400,
    );
    expect(data.error?.embargoDate?.[0]).toMatch(/future/);
  });
});

describe("press list and sending", () => {
  test("add, refuse a duplicate next to the email, send previews to the chosen contacts, and show their status", async () => {
    const { letterId, cookie } = await revealed();
    await addContact(cookie, letterId, "Jane Doe", "jane@news.example");
    await addContact(cookie, letterId, "Raj Patel", "raj@news.example");
    await addContact(cookie, letterId, "Uma Chosen-Not", "uma@news.example");
    const duplicate = expectData(
      await act(cookie, letterId, { intent: "add-contact", name: "J", outlet: "T", email: "JANE@news.example" }),
      409,
    );
    expect(duplicate.data.error?.email?.[0]).toMatch(/already on the press list/);
    const badEmail = expectData(await act(cookie, letterId, { intent: "add-contact", name: "J", outlet: "T", email: "not an email" }), 400);
    expect(Object.keys(badEmail.data.error ?? {})).toEqual(["email"]);

    const contacts = (await page(cookie, letterId)).contacts;
    expect(contacts.map((c) => c.name)).toEqual(["Jane Doe", "Raj Patel", "Uma Chosen-Not"]);
    const [jane, raj, uma] = contacts as [(typeof contacts)[0], (typeof contacts)[0], (typeof contacts)[0]];

    // Nothing chosen: a 400 next to the list, nothing queued.
    const none = expectData(
      await act(cookie, letterId, { intent: "send", kind: "preview", pressContactLine: "Press: Jane", ...future(2), expiresInDays: "7" }),
      400,
    );
    expect(Object.keys(none.data.error ?? {})).toEqual(["contactIds"]);

    const sent = await act(cookie, letterId, [
      ["intent", "send"],
      ["kind", "preview"],
      ["contactIds", jane.id],
      ["contactIds", raj.id],
      ["pressContactLine", "Press contact: Jane, +1 555 0100, jane@proton.me"],
      ["embargoDate", future(2).embargoDate],
      ["embargoTime", "09:00"],
      ["expiresInDays", "7"],
    ]);
    expectRedirect(sent, `${pathOf(letterId)}?sent=2`);
    const after = (await call(loader, get(`${pathOf(letterId)}?sent=2`, { cookie }), { params: { id: letterId } })) as Page;
    expect(after.sentCount).toBe(2);
    expect(after.previews.map((p) => p.label).sort()).toEqual(["Jane Doe, The Example Times", "Raj Patel, The Example Times"]);
    const byName = new Map(after.contacts.map((c) => [c.name, c.deliveries]));
    expect(byName.get("Jane Doe")).toMatchObject([{ kind: "preview", status: "QUEUED" }]);
    expect(byName.get("Raj Patel")).toMatchObject([{ kind: "preview", status: "QUEUED" }]);
    expect(byName.get("Uma Chosen-Not")).toEqual([]);

    // One chosen contact (a single checkbox value) is a list of one.
    expectRedirect(
      await act(cookie, letterId, {
        intent: "send",
        kind: "preview",
        contactIds: uma.id,
        pressContactLine: "Press: Jane",
        ...future(2),
        expiresInDays: "7",
      }),
      `${pathOf(letterId)}?sent=1`,
    );

    // A preview send without its embargo: refused next to the missing fields.
    const noEmbargo = expectData(
      await act(cookie, letterId, { intent: "send", kind: "preview", contactIds: uma.id, pressContactLine: "Press: Jane" }),
      400,
    );
    expect(Object.keys(noEmbargo.data.error ?? {}).sort()).toEqual(["embargoDate", "embargoTime", "expiresInDays"]);
    // The public link before publication: refused with the reason.
    const early = expectData(
      await act(cookie, letterId, { intent: "send", kind: "published", contactIds: uma.id, pressContactLine: "Press: Jane" }),
      409,
    );
    expect(early.data.error?.[""]?.[0]).toMatch(/not published yet/);

    expectRedirect(await act(cookie, letterId, { intent: "remove-contact", contactId: uma.id }), pathOf(letterId));
    expect((await page(cookie, letterId)).contacts.map((c) => c.name)).toEqual(["Jane Doe", "Raj Patel"]);
  });

  test("after publication the page links the public page and sends the public link", async () => {
    const { letterId, cookie } = await revealed();
    await addContact(cookie, letterId, "Jane Doe", "jane@news.example");
    await db().letter.update({
      where: { id: letterId },
      data: {
        status: "PUBLISHED",
        publicSlug: "press-route-letter",
        publishedAt: new Date(),
        publishedSnapshot: JSON.stringify(await buildSnapshot(letterId, new Date())),
      },
    });
    const view = await page(cookie, letterId);
    expect(view.letter.publicUrl).toMatch(/^https?:\/\/[^/]+\/letters\/press-route-letter$/);
    const [jane] = view.contacts;
    expectRedirect(
      await act(cookie, letterId, { intent: "send", kind: "published", contactIds: jane!.id, pressContactLine: "Press: Jane" }),
      `${pathOf(letterId)}?sent=1`,
    );
    const delivery = await db().pressDelivery.findFirstOrThrow({ where: { contactId: jane!.id } });
    expect(delivery.kind).toBe("published");
    const mail = await queuedById(delivery.outboxMessageId);
    expect(mail.text).toContain("/letters/press-route-letter");
  });
});

describe("someone who is not an organizer", () => {
  test("gets 404 from the page and from every action, valid or not, and changes nothing", async () => {
    const { letterId, cookie } = await revealed();
    await addContact(cookie, letterId, "Jane Doe", "jane@news.example");
    expectData<Created>(await act(cookie, letterId, { intent: "create-preview", label: "Jane", ...future(3), expiresInDays: "7" }), 200);
    const view = await page(cookie, letterId);
    const previewId = view.previews[0]!.id;
    const contactId = view.contacts[0]!.id;

    const stranger = await cookieFor((await createUser()).id);
    const notFound = (result: unknown) => {
      expect(result).toBeInstanceOf(Response);
      expect((result as Response).status).toBe(404);
    };
    notFound(await call(loader, get(pathOf(letterId), { cookie: stranger }), { params: { id: letterId } }));
    const forms: Record<string, string>[] = [
      { intent: "create-preview", label: "Eve", ...future(3), expiresInDays: "7" },
      { intent: "revoke-preview", previewId },
      { intent: "add-contact", name: "Eve", outlet: "Corp", email: "eve@corp.example" },
      { intent: "remove-contact", contactId },
      { intent: "send", kind: "preview", contactIds: contactId, pressContactLine: "x", ...future(2), expiresInDays: "7" },
      { intent: "send", kind: "published", contactIds: contactId, pressContactLine: "x" },
      { intent: "create-preview" },
      { intent: "nonsense" },
    ];
    for (const form of forms) notFound(await act(stranger, letterId, form));
    // Nor through a letter of their own, with this letter's preview or contact.
    const own = await revealed();
    notFound(await act(own.cookie, own.letterId, { intent: "revoke-preview", previewId }));
    notFound(await act(own.cookie, own.letterId, { intent: "remove-contact", contactId }));

    const unchanged = await page(cookie, letterId);
    expect(unchanged.previews).toHaveLength(1);
    expect(unchanged.previews[0]!.state).toBe("active");
    expect(unchanged.contacts).toHaveLength(1);
    expect(unchanged.contacts[0]!.deliveries).toEqual([]);
  });
});
