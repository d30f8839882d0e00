// After publication (issue 16, decision 017): updates mailed within the caps, only
// to signers who left a contact address, each with a one-click unsubscribe that
// erases the address; delivery to the addressee sent once, with the PDF.
import { describe, expect, test } from "vitest";
import { db } from "~/db/client.server";
import {
  deliverToAddressee,
  letterAttachment,
  refreshAddresseeDeliveries,
} from "~/domain/letters/after-publication/deliver-to-addressee.server";
import { postUpdate } from "~/domain/letters/after-publication/post-update.server";
import { afterPublication } from "~/domain/letters/after-publication/public-updates.server";
import { unsubscribeFromUpdates } from "~/domain/letters/after-publication/unsubscribe.server";
import { sendUpdateMail } from "~/domain/letters/after-publication/update-mail.server";
import { UPDATE_MAIL_GAP_MS } from "~/domain/letters/after-publication/update-rules";
import { publishLetter } from "~/domain/letters/publish-letter.server";
import { captureTransport } from "~/mail/capture-transport.server";
import { deliverDueMail } from "~/mail/worker.server";
import { errorOf } from "../support/factories";
import { queuedMail } from "../support/mail";
import { publishedLetter } from "../support/published";

/** The update mails queued so far to `to` (opened as the worker opens them). */
async function updateMailTo(to: string) {
  return (await queuedMail({ kind: "letter-update", to })).filter((m) => m.status === "PENDING");
}

/** Moves the last mailed update back in time, as if `ms` had passed. */
async function age(letterId: string, ms: number) {
  const letter = await db().letter.findUniqueOrThrow({ where: { id: letterId } });
  await db().letter.update({ where: { id: letterId }, data: { lastUpdateMailedAt: new Date(letter.lastUpdateMailedAt!.getTime() - ms) } });
}

describe("updates", () => {
  test("mailed only to signers who left a contact address, once each, with RFC 8058 headers", async () => {
    const { organizer, letterId, signers } = await publishedLetter(["ann@home.example", null, "bob@home.example", null, null]);
    const update = await postUpdate(organizer.id, letterId, "The company **answered**: no.");
    expect(update.mailed).toBe(true);
    expect(await sendUpdateMail()).toBe(1);
    expect(await sendUpdateMail()).toBe(0);

    const all = await queuedMail({ kind: "letter-update" });
    expect(all.map((m) => m.to).sort()).toEqual(["ann@home.example", "bob@home.example"]);
    // Nobody without a contact address gets anything, at any address.
    for (const s of signers.filter((s) => !s.contact)) expect(all.some((m) => m.to.includes(s.work))).toBe(false);
    const [mail] = await updateMailTo("ann@home.example");
    expect(mail!.text).toContain("> The company **answered**: no.");
    expect(mail!.headers?.["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(mail!.headers?.["List-Unsubscribe"]).toMatch(/^<http.*\/unsubscribe\/[a-z2-9]{24}>$/);
  });

  test("at most one mailed a week and ten in all; beyond the caps an update is posted but not mailed", async () => {
    const { organizer, letterId } = await publishedLetter(["cap@home.example", null, null, null, null]);
    expect((await postUpdate(organizer.id, letterId, "First")).mailed).toBe(true);
    expect((await postUpdate(organizer.id, letterId, "Second, the same week")).mailed).toBe(false);
    await age(letterId, UPDATE_MAIL_GAP_MS - 60_000);
    expect((await postUpdate(organizer.id, letterId, "Third, not quite a week on")).mailed).toBe(false);
    for (let i = 2; i <= 10; i++) {
      await age(letterId, UPDATE_MAIL_GAP_MS);
      expect((await postUpdate(organizer.id, letterId, `Mailed number ${i}`)).mailed).toBe(true);
    }
    await age(letterId, UPDATE_MAIL_GAP_MS);
    expect((await postUpdate(organizer.id, letterId, "The eleventh")).mailed).toBe(false);
    await sendUpdateMail();
    expect(await updateMailTo("cap@home.example")).toHaveLength(10);
    // Every update is on the page, newest first.
    const { updates } = await afterPublication(letterId);
    expect(updates).toHaveLength(13);
    expect(updates[0]!.body).toBe("The eleventh");
  });

  test("two organizers posting at once: only one of the two is mailed", async () => {
    const { organizer, letterId } = await publishedLetter([null, null, null, null, null]);
    const results = await Promise.all([postUpdate(organizer.id, letterId, "A"), postUpdate(organizer.id, letterId, "B")]);
    expect(results.filter((r) => r.mailed)).toHaveLength(1);
    expect((await db().letter.findUniqueOrThrow({ where: { id: letterId } })).updatesMailed).toBe(1);
  });

  test("one-click unsubscribe erases the address: the next update is not mailed to it; an unknown link is refused", async () => {
    const { organizer, letterId } = await publishedLetter(["stay@home.example", "leave@home.example", null, null, null]);
    await postUpdate(organizer.id, letterId, "One");
    await sendUpdateMail();
    const [mail] = await updateMailTo("leave@home.example");
    const token = /unsubscribe\/([a-z2-9]{24})>/.exec(mail!.headers!["List-Unsubscribe"]!)![1]!;
    await unsubscribeFromUpdates(token);
    await unsubscribeFromUpdates(token); // twice: the same answer, nothing more changes
    expect(await db().signature.count({ where: { letterId, sealedContact: { not: null } } })).toBe(1);

    await age(letterId, UPDATE_MAIL_GAP_MS);
    await postUpdate(organizer.id, letterId, "Two");
    await sendUpdateMail();
    expect(await updateMailTo("leave@home.example")).toHaveLength(1);
    expect(await updateMailTo("stay@home.example")).toHaveLength(2);
    expect((await errorOf(unsubscribeFromUpdates("a".repeat(24)))).code).toBe("unsubscribe-link-unknown");
  });

  test("no update before publication", async () => {
    const { organizer, letterId } = await publishedLetter([null, null, null, null, null]);
    await db().letter.update({ where: { id: letterId }, data: { status: "REVEALED" } });
    expect((await errorOf(postUpdate(organizer.id, letterId, "Too soon"))).code).toBe("updates-not-published");
  });
});

describe("delivery to the addressee", () => {
  test("queued with publication once, with the PDF attached when sent; recorded in the audit trail and on the page", async () => {
    const { organizer, letterId } = await publishedLetter([null, null, null, null, null], {
      deliverTo: ["ceo@microsoft.com", "board@microsoft.com"],
    });
    const [mail] = await queuedMail({ kind: "addressee-delivery" });
    expect(mail!.to).toBe("ceo@microsoft.com, board@microsoft.com");
    expect(mail!.attach).toEqual([`letter-pdf:${letterId}`]);
    // Delivering again, or publishing again, sends nothing more.
    expect((await errorOf(deliverToAddressee(organizer.id, letterId, ["other@microsoft.com"]))).code).toBe("already-delivered");
    expect((await errorOf(publishLetter(organizer.id, letterId, { deliverTo: ["x@microsoft.com"] }))).code).toBe("already-published");
    expect(await queuedMail({ kind: "addressee-delivery" })).toHaveLength(1);

    const capture = captureTransport();
    await deliverDueMail({ db: db(), transport: capture.transport, from: "x@y.z", attachments: letterAttachment });
    const sent = capture.sent.find((m) => m.to === "ceo@microsoft.com, board@microsoft.com")!;
    expect(sent.attachments?.[0]?.contentType).toBe("application/pdf");
    expect(Buffer.from(sent.attachments![0]!.content).subarray(0, 5).toString()).toBe("%PDF-");

    expect((await afterPublication(letterId)).deliveredOn).toBeNull();
    await refreshAddresseeDeliveries();
    expect((await afterPublication(letterId)).deliveredOn).toMatch(/T00:00:00\.000Z$/);
    const kinds = (await db().auditEvent.findMany({ where: { letterId } })).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(["published", "delivery-queued", "delivered"]));
    const letter = await db().letter.findUniqueOrThrow({ where: { id: letterId } });
    expect(JSON.stringify(letter)).not.toContain("ceo@microsoft.com");
  });
});
