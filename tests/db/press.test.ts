// Press previews and press delivery, on both databases: who may make them, what is
// stored (never the link), what a link shows and when it stops, and that sending
// to the press writes one preview, one mail and one delivery per contact, together.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { hashSecret } from "~/crypto/tokens.server";
import { db } from "~/db/client.server";
import { cancelLetter } from "~/domain/letters/close-letter.server";
import { createDraft } from "~/domain/letters/draft-letter.server";
import { publishLetter } from "~/domain/letters/publish-letter.server";
import { refreshDeliveryStatuses, sendToPress } from "~/domain/press/deliver.server";
import { addPressContact, listPressContacts, removePressContact } from "~/domain/press/press-list.server";
import { createPreview, listPreviews, openPreview, revokePreview } from "~/domain/press/previews.server";
import { viewPress } from "~/domain/press/view-press.server";
import { AppError } from "~/errors";
import { localMailbox, readLocalMailbox, type MailTransport } from "~/mail/transport.server";
import { MAX_ATTEMPTS, deliverDueMail, purgeDeliveredMail } from "~/mail/worker.server";
import { buildSnapshot } from "~/domain/letters/public-record.server";
import { appErrorResponse } from "~/http/app-errors.server";
import { createUser } from "../support/factories";
import { draftInput, openedLetter, signAs } from "../support/letters";
import { queuedById } from "../support/mail";

const DAY_MS = 24 * 60 * 60_000;
const FROM = "Undersigned <no-reply@undersigned.test>";
const mailDir = fs.mkdtempSync(path.join(os.tmpdir(), "press-mailbox-"));
afterAll(() => fs.rmSync(mailDir, { recursive: true, force: true }));

let seq = 0;
/** A REVEALED letter: threshold 5, five signers. */
async function revealedLetter() {
  const { organizer, letter } = await openedLetter({ threshold: 5 });
  seq += 1;
  for (let i = 0; i < 5; i++) await signAs(letter, `press${seq}.signer${i}@microsoft.com`, { name: `Signer ${i}`, title: "Engineer" });
  const revealed = await db().letter.findUniqueOrThrow({ where: { id: letter.id } });
  expect(revealed.status).toBe("REVEALED");
  return { organizer, letter: revealed };
}

/** Publication as publishLetter will do it (until it exists): status, slug, stored snapshot. */
async function publish(letterId: string, publicSlug = `letter-${++seq}`) {
  await db().letter.update({
    where: { id: letterId },
    data: {
      status: "PUBLISHED",
      publicSlug,
      publishedAt: new Date(),
      publishedSnapshot: JSON.stringify(await buildSnapshot(letterId, new Date())),
    },
  });
  return publicSlug;
}

const terms = (overrides: Partial<{ label: string; embargoUntil: Date; expiresInDays: number }> = {}) => ({
  label: "Jane Doe, The Example Times",
  embargoUntil: new Date(Date.now() + 3 * DAY_MS),
  expiresInDays: 14,
  ...overrides,
});

async function expectAppError(promise: Promise<unknown>, message: RegExp) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "an AppError").toBeInstanceOf(AppError);
  expect((error as AppError).userMessage).toMatch(message);
  return error as AppError;
}

/** What the domain throws, answered as HTTP answers it (app/http/app-errors.server.ts). */
async function expectNotFound(promise: Promise<unknown>) {
  const thrown = await promise.then(
    () => null,
    (e: unknown) => appErrorResponse(e),
  );
  expect(thrown, "a 404 Response").toBeInstanceOf(Response);
  expect((thrown as Response).status).toBe(404);
}

/** 09:00 UTC, `days` from now, and how mail and pages write it ("3 December 2026, 09:00 UTC"). */
function embargoIn(days: number) {
  const day = new Date(Date.now() + days * DAY_MS);
  const at = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 9, 0));
  const words = `${at.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" })}, 09:00 UTC`;
  return { at, words };
}

const tokenIn = (text: string | null) => /\/press\/([a-z2-9]{24}\.[a-z2-9]{24})/.exec(text ?? "")?.[1];

describe("creating a preview", () => {
  test("is refused before the reveal, for closed letters and after publication, with a clear message", async () => {
    const organizer = await createUser();
    const draft = await createDraft(organizer.id, draftInput());
    await expectAppError(createPreview(organizer.id, draft.id, terms()), /once the threshold is met/);

    const open = await openedLetter({ threshold: 5 });
    await expectAppError(createPreview(open.organizer.id, open.letter.id, terms()), /once the threshold is met/);
    await cancelLetter(open.organizer.id, open.letter.id);
    await expectAppError(createPreview(open.organizer.id, open.letter.id, terms()), /closed/);

    const { organizer: owner, letter } = await revealedLetter();
    await publish(letter.id);
    await expectAppError(createPreview(owner.id, letter.id, terms()), /already public/);
    expect(await db().pressPreview.count({ where: { letterId: { in: [draft.id, open.letter.id, letter.id] } } })).toBe(0);
  });

  test("refuses an embargo in the past or an impossible expiry, next to the field", async () => {
    const { organizer, letter } = await revealedLetter();
    const past = await expectAppError(
      createPreview(organizer.id, letter.id, terms({ embargoUntil: new Date(Date.now() - 60_000) })),
      /future/,
    );
    expect(past.options.field).toBe("embargoDate");
    const long = await expectAppError(createPreview(organizer.id, letter.id, terms({ expiresInDays: 91 })), /1 to 90 days/);
    expect(long.options.field).toBe("expiresInDays");
    expect(await db().pressPreview.count({ where: { letterId: letter.id } })).toBe(0);
  });

  test("returns the link once and stores only the SHA-256 of its secret", async () => {
    const { organizer, letter } = await revealedLetter();
    const created = await createPreview(organizer.id, letter.id, terms());
    expect(created.path).toBe(`/press/${created.token}`);
    expect(created.url).toMatch(new RegExp(`^https?://[^/]+/press/${created.token.replace(".", "\\.")}$`));
    const [id, secret] = created.token.split(".") as [string, string];

    const row = await db().pressPreview.findUniqueOrThrow({ where: { id } });
    expect(Buffer.from(row.secretHash).equals(Buffer.from(hashSecret(secret)))).toBe(true);
    // Every column, the binary one as text and hex too: the secret appears nowhere.
    const columns = Object.values(row).map((value) =>
      value instanceof Uint8Array ? `${Buffer.from(value).toString("utf8")} ${Buffer.from(value).toString("hex")}` : String(value),
    );
    for (const column of columns) {
      expect(column).not.toContain(secret);
      expect(column).not.toContain(created.token);
    }
    // Nor in the audit trail.
    const audit = await db().auditEvent.findMany({ where: { letterId: letter.id } });
    expect(audit.map((a) => a.kind)).toContain("preview-created");
    expect(JSON.stringify(audit)).not.toContain(secret);

    // The organizers' list: label, embargo, expiry, status, opens — never the link.
    const list = await listPreviews(organizer.id, letter.id);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id, label: "Jane Doe, The Example Times", openCount: 0, state: "active", revokedAt: null });
    expect(JSON.stringify(list)).not.toContain(secret);
  });
});

describe("opening a preview", () => {
  test("shows the record as it stands, and counts each open (a count, nothing else)", async () => {
    const { organizer, letter } = await revealedLetter();
    const embargoUntil = embargoIn(30).at;
    const { token, id } = await createPreview(organizer.id, letter.id, terms({ embargoUntil }));
    const opened = await openPreview(token);
    expect(opened?.kind).toBe("preview");
    if (opened?.kind !== "preview") return;
    expect(opened.label).toBe("Jane Doe, The Example Times");
    expect(opened.embargoUntil.toISOString()).toBe(embargoUntil.toISOString());
    expect(opened.snapshot.title).toBe(letter.title);
    expect(opened.snapshot.textHash).toBe(letter.textHash);
    expect(opened.snapshot.signatories.map((s) => s.name)).toEqual(["Signer 0", "Signer 1", "Signer 2", "Signer 3", "Signer 4"]);
    expect(opened.snapshot.verificationStatement).toMatch(/5 signatories each proved a work email at microsoft\.com or github\.com/);
    expect(opened.snapshot.publishedAt).toBeNull();

    await openPreview(token);
    const row = await db().pressPreview.findUniqueOrThrow({ where: { id } });
    expect(row.openCount).toBe(2);
  });

  test("a wrong secret, an unknown id or a malformed link opens nothing and counts nothing", async () => {
    const { organizer, letter } = await revealedLetter();
    const { token, id } = await createPreview(organizer.id, letter.id, terms());
    const [, secret] = token.split(".") as [string, string];
    const wrongSecret = `${id}.${secret.slice(0, -1)}${secret.endsWith("a") ? "b" : "a"}`;
    expect(await openPreview(wrongSecret)).toBeNull();
    expect(await openPreview(`${"a".repeat(24)}.${secret}`)).toBeNull();
    expect(await openPreview("nonsense")).toBeNull();
    expect(await openPreview("")).toBeNull();
    expect((await db().pressPreview.findUniqueOrThrow({ where: { id } })).openCount).toBe(0);
  });

  test("stops after its expiry", async () => {
    const { organizer, letter } = await revealedLetter();
    const { token, id } = await createPreview(organizer.id, letter.id, terms({ expiresInDays: 2 }));
    expect(await openPreview(token, new Date(Date.now() + DAY_MS))).not.toBeNull();
    expect(await openPreview(token, new Date(Date.now() + 2 * DAY_MS + 60_000))).toBeNull();
    expect((await db().pressPreview.findUniqueOrThrow({ where: { id } })).openCount).toBe(1);
    const [listed] = await listPreviews(organizer.id, letter.id, new Date(Date.now() + 3 * DAY_MS));
    expect(listed!.state).toBe("expired");
  });

  test("stops once revoked; revoking twice is fine and audited once", async () => {
    const { organizer, letter } = await revealedLetter();
    const { token, id } = await createPreview(organizer.id, letter.id, terms());
    expect(await openPreview(token)).not.toBeNull();
    expect(await revokePreview(organizer.id, id)).toEqual({ letterId: letter.id, revoked: true });
    expect(await openPreview(token)).toBeNull();
    expect(await revokePreview(organizer.id, id)).toEqual({ letterId: letter.id, revoked: false });
    expect(await db().auditEvent.count({ where: { letterId: letter.id, kind: "preview-revoked" } })).toBe(1);
    const [listed] = await listPreviews(organizer.id, letter.id);
    expect(listed).toMatchObject({ state: "revoked", openCount: 1 });
  });

  test("after publication leads to the public page", async () => {
    const { organizer, letter } = await revealedLetter();
    const { token, id } = await createPreview(organizer.id, letter.id, terms());
    const slug = await publish(letter.id, "cancel-the-ice-contract");
    expect(await openPreview(token)).toEqual({ kind: "published", redirectTo: "/letters/cancel-the-ice-contract" });
    expect(slug).toBe("cancel-the-ice-contract");
    expect((await db().pressPreview.findUniqueOrThrow({ where: { id } })).openCount).toBe(1);
  });

  test("after a real publication (publishLetter) leads to the page it made", async () => {
    const { organizer, letter } = await revealedLetter();
    const { token } = await createPreview(organizer.id, letter.id, terms());
    await publishLetter(organizer.id, letter.id);
    const { publicSlug } = await db().letter.findUniqueOrThrow({ where: { id: letter.id } });
    expect(publicSlug).toBeTruthy();
    expect(await openPreview(token)).toEqual({ kind: "published", redirectTo: `/letters/${publicSlug}` });
  });

  test("of a letter that is no longer revealed or published opens nothing", async () => {
    const { organizer, letter } = await revealedLetter();
    const { token } = await createPreview(organizer.id, letter.id, terms());
    await db().letter.update({ where: { id: letter.id }, data: { status: "CANCELLED" } });
    expect(await openPreview(token)).toBeNull();
  });
});

describe("the press list", () => {
  test("holds validated, per-letter unique addresses (case does not make a new one)", async () => {
    const { organizer, letter } = await revealedLetter();
    await addPressContact(organizer.id, letter.id, { name: " Jane Doe ", outlet: "The Example Times", email: "Jane@Example.org " });
    const duplicate = await expectAppError(
      addPressContact(organizer.id, letter.id, { name: "Jane D.", outlet: "Times", email: "jane@example.org" }),
      /already on the press list/,
    );
    expect(duplicate.options.field).toBe("email");
    const contacts = await listPressContacts(organizer.id, letter.id);
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({ name: "Jane Doe", outlet: "The Example Times", email: "jane@example.org", deliveries: [] });

    // Another letter may list the same journalist.
    const other = await revealedLetter();
    await addPressContact(other.organizer.id, other.letter.id, {
      name: "Jane Doe",
      outlet: "The Example Times",
      email: "jane@example.org",
    });

    await removePressContact(organizer.id, contacts[0]!.id);
    expect(await listPressContacts(organizer.id, letter.id)).toEqual([]);
  });

  test("opens only once the names are revealed", async () => {
    const { organizer, letter } = await openedLetter({ threshold: 5 });
    await expectAppError(
      addPressContact(organizer.id, letter.id, { name: "Jane", outlet: "Times", email: "jane@example.org" }),
      /once the threshold is met/,
    );
  });
});

describe("a non-organizer", () => {
  test("gets 404 from every press action, and changes nothing", async () => {
    const { organizer, letter } = await revealedLetter();
    const stranger = await createUser();
    const { id: previewId } = await createPreview(organizer.id, letter.id, terms());
    const { id: contactId } = await addPressContact(organizer.id, letter.id, { name: "Jane", outlet: "Times", email: "jane@example.org" });

    await expectNotFound(createPreview(stranger.id, letter.id, terms()));
    await expectNotFound(revokePreview(stranger.id, previewId));
    await expectNotFound(listPreviews(stranger.id, letter.id));
    await expectNotFound(addPressContact(stranger.id, letter.id, { name: "Eve", outlet: "Corp", email: "eve@example.org" }));
    await expectNotFound(removePressContact(stranger.id, contactId));
    await expectNotFound(listPressContacts(stranger.id, letter.id));
    await expectNotFound(viewPress(stranger.id, letter.id));
    await expectNotFound(
      sendToPress(stranger.id, letter.id, {
        kind: "preview",
        contactIds: [contactId],
        pressContactLine: "x",
        embargoUntil: new Date(Date.now() + DAY_MS),
        expiresInDays: 7,
      }),
    );

    expect(await db().pressPreview.count({ where: { letterId: letter.id } })).toBe(1);
    expect((await db().pressPreview.findUniqueOrThrow({ where: { id: previewId } })).revokedAt).toBeNull();
    expect(await db().pressContact.count({ where: { letterId: letter.id } })).toBe(1);
    expect(await db().pressDelivery.count({ where: { contactId } })).toBe(0);
  });
});

async function pressList(organizerId: string, letterId: string, n = 3) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const { id } = await addPressContact(organizerId, letterId, {
      name: `Reporter ${i}`,
      outlet: `Outlet ${i}`,
      email: `reporter${i}.${letterId.slice(0, 8)}@news.example`,
    });
    ids.push(id);
  }
  return ids;
}

describe("sending to the press", () => {
  test("before publication: one preview, one mail with that contact's own link, one delivery per contact, one audit line", async () => {
    const { organizer, letter } = await revealedLetter();
    const contactIds = await pressList(organizer.id, letter.id);
    const { at: embargoUntil, words } = embargoIn(30);
    const line = "Press contact: Jane, +1 555 0100, jane@proton.me";
    const result = await sendToPress(organizer.id, letter.id, {
      kind: "preview",
      contactIds,
      pressContactLine: line,
      embargoUntil,
      expiresInDays: 10,
    });
    expect(result).toEqual({ letterId: letter.id, kind: "preview", count: 3 });

    const deliveries = await db().pressDelivery.findMany({ where: { contactId: { in: contactIds } }, include: { contact: true } });
    expect(deliveries).toHaveLength(3);
    const tokens = new Set<string>();
    for (const delivery of deliveries) {
      expect(delivery).toMatchObject({ kind: "preview", status: "QUEUED", createdById: organizer.id });
      const mail = await queuedById(delivery.outboxMessageId);
      expect(mail.kind).toBe("press-preview");
      expect(mail.to).toBe(delivery.contact.email);
      expect(mail.subject).toContain(`EMBARGOED until ${words}`);
      expect(mail.text.startsWith(`EMBARGO: NOT FOR PUBLICATION BEFORE ${words.toUpperCase()}.`)).toBe(true);
      expect(mail.text).toContain(`Dear ${delivery.contact.name},`);
      expect(mail.text).toContain(line);
      const token = tokenIn(mail.text);
      expect(token, "a preview link in the mail").toBeDefined();
      tokens.add(token!);
      // The link is this contact's own: its preview carries their name and outlet.
      const opened = await openPreview(token!);
      expect(opened).toMatchObject({ kind: "preview", label: `${delivery.contact.name}, ${delivery.contact.outlet}` });
    }
    expect(tokens.size).toBe(3);
    expect(await db().outboxMessage.count({ where: { kind: "press-preview" } })).toBeGreaterThanOrEqual(3);
    const previews = await db().pressPreview.findMany({ where: { letterId: letter.id } });
    expect(previews).toHaveLength(3);
    for (const preview of previews) {
      expect(preview.embargoUntil.toISOString()).toBe(embargoUntil.toISOString());
      expect(preview.expiresAt.getTime() - preview.createdAt.getTime()).toBeGreaterThan(10 * DAY_MS - 60_000);
    }
    const audit = await db().auditEvent.findMany({ where: { letterId: letter.id, kind: "press-sent" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toBe("Embargoed preview links sent to 3 press contacts");
    expect(audit[0]!.detail).not.toContain("Reporter");
  });

  test("after publication: the public link, no preview", async () => {
    const { organizer, letter } = await revealedLetter();
    const contactIds = await pressList(organizer.id, letter.id, 2);
    await publish(letter.id, "a-public-letter");
    await expectAppError(
      sendToPress(organizer.id, letter.id, {
        kind: "preview",
        contactIds,
        pressContactLine: "Press: Jane",
        embargoUntil: new Date(Date.now() + DAY_MS),
        expiresInDays: 7,
      }),
      /already public/,
    );
    await sendToPress(organizer.id, letter.id, { kind: "published", contactIds, pressContactLine: "Press: Jane" });
    const deliveries = await db().pressDelivery.findMany({ where: { contactId: { in: contactIds } } });
    expect(deliveries).toHaveLength(2);
    for (const delivery of deliveries) {
      expect(delivery.kind).toBe("published");
      const mail = await queuedById(delivery.outboxMessageId);
      expect(mail.kind).toBe("press-published");
      expect(mail.text).toMatch(/https?:\/\/[^/\s]+\/letters\/a-public-letter\n/);
      expect(mail.text).toContain("Press: Jane");
      expect(tokenIn(mail.text)).toBeUndefined();
    }
    expect(await db().pressPreview.count({ where: { letterId: letter.id } })).toBe(0);
  });

  test("the public link is refused before publication", async () => {
    const { organizer, letter } = await revealedLetter();
    const contactIds = await pressList(organizer.id, letter.id, 1);
    await expectAppError(
      sendToPress(organizer.id, letter.id, { kind: "published", contactIds, pressContactLine: "Press: Jane" }),
      /not published yet/,
    );
  });

  test("all or nothing: a contact of another letter sends nothing at all", async () => {
    const { organizer, letter } = await revealedLetter();
    const contactIds = await pressList(organizer.id, letter.id, 2);
    const other = await revealedLetter();
    const [foreign] = await pressList(other.organizer.id, other.letter.id, 1);
    const outboxBefore = await db().outboxMessage.count();
    await expectAppError(
      sendToPress(organizer.id, letter.id, {
        kind: "preview",
        contactIds: [...contactIds, foreign!],
        pressContactLine: "Press: Jane",
        embargoUntil: new Date(Date.now() + DAY_MS),
        expiresInDays: 7,
      }),
      /no longer on the press list/,
    );
    expect(await db().outboxMessage.count()).toBe(outboxBefore);
    expect(await db().pressPreview.count({ where: { letterId: letter.id } })).toBe(0);
    expect(await db().pressDelivery.count({ where: { contactId: { in: contactIds } } })).toBe(0);
    expect(await db().auditEvent.count({ where: { letterId: letter.id, kind: "press-sent" } })).toBe(0);
  });
});

describe("delivery status", () => {
  test("follows the outbox: queued, then sent, and stays sent once the outbox row is purged", async () => {
    const { organizer, letter } = await revealedLetter();
    const contactIds = await pressList(organizer.id, letter.id, 2);
    await sendToPress(organizer.id, letter.id, {
      kind: "preview",
      contactIds,
      pressContactLine: "Press: Jane",
      embargoUntil: new Date(Date.now() + DAY_MS),
      expiresInDays: 7,
    });
    await refreshDeliveryStatuses(letter.id);
    const statuses = async () => (await db().pressDelivery.findMany({ where: { contactId: { in: contactIds } } })).map((d) => d.status);
    expect(await statuses()).toEqual(["QUEUED", "QUEUED"]);

    await deliverDueMail({ db: db(), transport: localMailbox(mailDir), from: FROM, batchSize: 500 });
    const delivered = readLocalMailbox(mailDir).filter((m) => m.subject.startsWith("EMBARGOED"));
    expect(delivered.length).toBeGreaterThanOrEqual(2);
    expect(await statuses()).toEqual(["QUEUED", "QUEUED"]); // not copied until refreshed
    expect(await refreshDeliveryStatuses(letter.id)).toBe(2);
    expect(await statuses()).toEqual(["SENT", "SENT"]);

    // A day later the outbox forgets the mail; the delivery keeps its last status.
    await purgeDeliveredMail(db(), new Date(Date.now() + 2 * DAY_MS));
    const deliveries = await db().pressDelivery.findMany({ where: { contactId: { in: contactIds } } });
    expect(await db().outboxMessage.count({ where: { id: { in: deliveries.map((d) => d.outboxMessageId) } } })).toBe(0);
    expect(await refreshDeliveryStatuses(letter.id)).toBe(0);
    expect(await statuses()).toEqual(["SENT", "SENT"]);
    const view = await viewPress(organizer.id, letter.id);
    expect(view.contacts.flatMap((c) => c.deliveries.map((d) => d.status))).toEqual(["SENT", "SENT"]);
  });

  test("shows a mail the worker gave up on as failed", async () => {
    const { organizer, letter } = await revealedLetter();
    const [contactId] = await pressList(organizer.id, letter.id, 1);
    await sendToPress(organizer.id, letter.id, {
      kind: "preview",
      contactIds: [contactId!],
      pressContactLine: "Press: Jane",
      embargoUntil: new Date(Date.now() + DAY_MS),
      expiresInDays: 7,
    });
    const delivery = await db().pressDelivery.findFirstOrThrow({ where: { contactId } });
    // Only this message is due, on its last attempt; the server refuses it.
    await db().outboxMessage.updateMany({
      where: { status: "PENDING", id: { not: delivery.outboxMessageId } },
      data: { nextAttemptAt: new Date(Date.now() + DAY_MS) },
    });
    await db().outboxMessage.update({ where: { id: delivery.outboxMessageId }, data: { attempts: MAX_ATTEMPTS - 1 } });
    const refusing: MailTransport = {
      async send() {
        throw new Error("550 mailbox unavailable");
      },
    };
    expect(await deliverDueMail({ db: db(), transport: refusing, from: FROM })).toEqual({ sent: 0, retried: 0, failed: 1 });
    await refreshDeliveryStatuses();
    expect((await db().pressDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).status).toBe("FAILED");
  });
});
