// Co-organizers, on both databases: invitations by login email that reveal no
// account, mail that names no letter, guarded acceptance, and an audit trail that
// says which organizer did what while signatures stay anonymous.
import { describe, expect, test } from "vitest";
import { db } from "~/db/client.server";
import { AppError } from "~/errors";
import {
  MAX_ORGANIZERS,
  acceptInvitation,
  cancelInvitation,
  countPendingInvitations,
  declineInvitation,
  inviteOrganizer,
  listInvitationsFor,
  listOrganizers,
} from "~/domain/letters/co-organizers.server";
import { cancelLetter } from "~/domain/letters/close-letter.server";
import { publishCountBatches } from "~/domain/letters/count-batches.server";
import { createDraft, updateDraft } from "~/domain/letters/draft-letter.server";
import { openLetter } from "~/domain/letters/open-letter.server";
import { viewDashboard } from "~/domain/letters/view-letter.server";
import { appErrorResponse } from "~/http/app-errors.server";
import { createUser } from "../support/factories";
import { draftInput, signAs } from "../support/letters";
import { lastQueuedTo, queuedMail } from "../support/mail";

const HOUR = 60 * 60_000;
let counter = 0;
const address = (prefix: string) => `${prefix}-${++counter}-${Date.now()}@personal.example`;

/** What the domain throws, answered as HTTP answers it (app/http/app-errors.server.ts). */
async function expectNotFound(promise: Promise<unknown>) {
  const thrown = await promise.then(
    () => null,
    (error: unknown) => appErrorResponse(error),
  );
  expect(thrown, "a 404 Response").toBeInstanceOf(Response);
  expect((thrown as Response).status).toBe(404);
}

async function expectAppError(promise: Promise<unknown>, code: string, field?: string) {
  const thrown = await promise.then(
    () => null,
    (error: unknown) => error,
  );
  expect(thrown, `an AppError ${code}`).toBeInstanceOf(AppError);
  expect((thrown as AppError).code).toBe(code);
  if (field) expect((thrown as AppError).options.field).toBe(field);
}

/** A draft letter and its author. */
async function draftWithAuthor() {
  const author = await createUser({ displayName: "Ada Author", email: address("ada") });
  const letter = await createDraft(author.id, draftInput({ title: "Secret title: cancel the contract", body: "Secret body text." }));
  return { author, letter };
}

/** `invitee` joins `letterId` through an invitation from `inviterId`. */
async function join(inviterId: string, letterId: string, invitee: { id: string; email: string; emailVerifiedAt: Date | null }) {
  await inviteOrganizer(inviterId, letterId, invitee.email);
  const [invitation] = await listInvitationsFor(invitee);
  return acceptInvitation(invitee, invitation!.id);
}

describe("inviting", () => {
  // Issue 13, finding 10: a display name with "\r\n" and a paragraph went verbatim to
  // the top of the mail, as if Undersigned said it. A name stored before forms
  // refused line breaks must still come out labelled, quoted and on one line.
  test("the inviter's name is set apart in the mail: labelled, quoted, one line, never first", async () => {
    const { author, letter } = await draftWithAuthor();
    const phishing = "Undersigned Security\r\n\r\nYour account will be deleted today. Confirm your password at https://evil.example/login";
    await db().user.update({ where: { id: author.id }, data: { displayName: phishing } });
    const email = address("phished");
    await inviteOrganizer(author.id, letter.id, email);
    const text = (await lastQueuedTo(email)).text;
    const lines = text.split("\n");
    expect(lines[0]).toBe("You are invited to co-organize a letter on Undersigned.");
    const named = lines.filter((line) => line.includes("Your account will be deleted"));
    expect(named).toEqual([
      'Invited by: "Undersigned Security Your account will be deleted today. Confirm your password at https://evil.example/login" (the name they gave, not checked by Undersigned)',
    ]);
    expect(text).not.toContain("\r");
  });

  test("queues a mail naming the inviter, never the letter, to the lower-cased address", async () => {
    const { author, letter } = await draftWithAuthor();
    const email = address("bea");
    await inviteOrganizer(author.id, letter.id, `  ${email.toUpperCase()} `);

    const mail = await lastQueuedTo(email);
    expect(mail.kind).toBe("organizer-invitation");
    expect(mail.text).toContain('Invited by: "Ada Author"');
    expect(mail.text).toContain("/my/invitations");
    for (const secret of ["Secret title", "cancel the contract", "Secret body", "Microsoft", "Satya", letter.id]) {
      expect(`${mail.subject}\n${mail.text}\n${mail.html ?? ""}`).not.toContain(secret);
    }
    const view = await listOrganizers(author.id, letter.id);
    expect(view.invitations).toEqual([expect.objectContaining({ email, invitedBy: "Ada Author" })]);
  });

  test("an address with an account and one without look the same to the inviter", async () => {
    const { author, letter } = await draftWithAuthor();
    const known = await createUser({ email: address("known"), displayName: "Kim Known" });
    const unknown = address("unknown");

    const answers = [await inviteOrganizer(author.id, letter.id, known.email), await inviteOrganizer(author.id, letter.id, unknown)];
    expect(answers[0]).toEqual(answers[1]);

    const mails = [...(await queuedMail({ to: known.email })), ...(await queuedMail({ to: unknown }))];
    expect(mails).toHaveLength(2);
    expect(mails[0]!.subject).toBe(mails[1]!.subject);
    expect(mails[0]!.text).toBe(mails[1]!.text);
    expect(mails[0]!.kind).toBe(mails[1]!.kind);

    const view = await listOrganizers(author.id, letter.id);
    const shown = view.invitations.map(({ email, invitedBy }) => ({ email, invitedBy }));
    expect(shown).toEqual(
      expect.arrayContaining([
        { email: known.email, invitedBy: "Ada Author" },
        { email: unknown, invitedBy: "Ada Author" },
      ]),
    );
    expect(JSON.stringify(view)).not.toContain("Kim Known");

    // The invitation waits: whoever signs up with that address later sees it.
    const later = await createUser({ email: unknown, displayName: "Lou Later" });
    expect((await listInvitationsFor(later)).map((i) => i.letterTitle)).toEqual([letter.title]);
  });

  test("refuses an existing organizer, a pending invitee, and past the limit, on the email field", async () => {
    const { author, letter } = await draftWithAuthor();
    await expectAppError(inviteOrganizer(author.id, letter.id, author.email.toUpperCase()), "already-organizer", "email");
    const email = address("twice");
    await inviteOrganizer(author.id, letter.id, email);
    await expectAppError(inviteOrganizer(author.id, letter.id, email), "already-invited", "email");

    for (let i = 2; i < MAX_ORGANIZERS; i++) await inviteOrganizer(author.id, letter.id, address(`crowd${i}`));
    await expectAppError(inviteOrganizer(author.id, letter.id, address("one-too-many")), "too-many-organizers", "email");
    expect(await db().organizerInvitation.count({ where: { letterId: letter.id } })).toBe(MAX_ORGANIZERS - 1);
  });

  test("two organizers inviting one address at once make one invitation", async () => {
    const { author, letter } = await draftWithAuthor();
    const co = await createUser({ email: address("racer") });
    await join(author.id, letter.id, co);
    const email = address("contested");
    const results = await Promise.allSettled([inviteOrganizer(author.id, letter.id, email), inviteOrganizer(co.id, letter.id, email)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(AppError);
    expect((refused.reason as AppError).code).toBe("already-invited");
    expect(await db().organizerInvitation.count({ where: { letterId: letter.id, email } })).toBe(1);
    expect(await queuedMail({ to: email })).toHaveLength(1);
  });

  test("a non-organizer gets 404 and changes nothing", async () => {
    const { letter } = await draftWithAuthor();
    const stranger = await createUser({ email: address("stranger") });
    await expectNotFound(inviteOrganizer(stranger.id, letter.id, address("friend")));
    await expectNotFound(listOrganizers(stranger.id, letter.id));
    expect(await db().organizerInvitation.count({ where: { letterId: letter.id } })).toBe(0);
    expect((await queuedMail({ kind: "organizer-invitation" })).filter((m) => m.to.includes("friend"))).toHaveLength(0);
  });
});

describe("accepting", () => {
  test("only the verified holder of the invited address can accept; others get 404", async () => {
    const { author, letter } = await draftWithAuthor();
    const invitee = await createUser({ email: address("invitee"), displayName: "Ivy Invitee" });
    await inviteOrganizer(author.id, letter.id, invitee.email);
    const [invitation] = await listInvitationsFor(invitee);
    expect(invitation).toMatchObject({ letterTitle: letter.title, invitedBy: "Ada Author", letterStatus: "DRAFT" });

    const someoneElse = await createUser({ email: address("else") });
    expect(await listInvitationsFor(someoneElse)).toEqual([]);
    await expectNotFound(acceptInvitation(someoneElse, invitation!.id));
    // The author cannot accept on the invitee's behalf either.
    await expectNotFound(acceptInvitation(author, invitation!.id));
    // Declining someone else's invitation does nothing.
    await declineInvitation(someoneElse, invitation!.id);
    expect(await countPendingInvitations(invitee)).toBe(1);

    // An account whose address is not verified sees and accepts nothing.
    await db().user.update({ where: { id: invitee.id }, data: { emailVerifiedAt: null } });
    const unverified = await db().user.findUniqueOrThrow({ where: { id: invitee.id } });
    expect(await listInvitationsFor(unverified)).toEqual([]);
    expect(await countPendingInvitations(unverified)).toBe(0);
    await expectAppError(acceptInvitation(unverified, invitation!.id), "unverified");
    await expectNotFound(viewDashboard(invitee.id, letter.id));
  });

  test("accepting twice joins once; the co-organizer then sees the dashboard", async () => {
    const { author, letter } = await draftWithAuthor();
    const invitee = await createUser({ email: address("joiner"), displayName: "Jo Joiner" });
    await expectNotFound(viewDashboard(invitee.id, letter.id));
    await inviteOrganizer(author.id, letter.id, invitee.email);
    const [invitation] = await listInvitationsFor(invitee);

    const results = await Promise.all([acceptInvitation(invitee, invitation!.id), acceptInvitation(invitee, invitation!.id)]);
    expect(results).toEqual([letter.id, letter.id]);
    expect(await acceptInvitation(invitee, invitation!.id)).toBe(letter.id);

    expect(await db().letterOrganizer.findMany({ where: { letterId: letter.id, userId: invitee.id } })).toEqual([
      expect.objectContaining({ role: "co-organizer" }),
    ]);
    const dashboard = await viewDashboard(invitee.id, letter.id);
    expect(dashboard.title).toBe(letter.title);
    expect(dashboard.audit.filter((a) => a.kind === "organizer-joined")).toEqual([expect.objectContaining({ actorName: "Jo Joiner" })]);
    expect(await listInvitationsFor(invitee)).toEqual([]);

    const view = await listOrganizers(invitee.id, letter.id);
    expect(view.organizers.map(({ displayName, role, isYou }) => ({ displayName, role, isYou }))).toEqual([
      { displayName: "Ada Author", role: "owner", isYou: false },
      { displayName: "Jo Joiner", role: "co-organizer", isYou: true },
    ]);
    expect(view.invitations).toEqual([]);
    // Fellow organizers see names, never login addresses.
    expect(JSON.stringify(view)).not.toContain(author.email);
    expect(JSON.stringify(view)).not.toContain(invitee.email);
  });

  test("declining removes the invitation; the audit line names nobody", async () => {
    const { author, letter } = await draftWithAuthor();
    const invitee = await createUser({ email: address("decliner"), displayName: "Dee Decliner" });
    await inviteOrganizer(author.id, letter.id, invitee.email);
    const [invitation] = await listInvitationsFor(invitee);
    await declineInvitation(invitee, invitation!.id);
    await declineInvitation(invitee, invitation!.id);

    expect(await listInvitationsFor(invitee)).toEqual([]);
    await expectNotFound(acceptInvitation(invitee, invitation!.id));
    const { audit } = await viewDashboard(author.id, letter.id);
    expect(audit.filter((a) => a.kind === "invitation-cancelled")).toEqual([
      expect.objectContaining({ detail: "declined", actorName: null }),
    ]);
    expect(JSON.stringify(audit)).not.toContain("Dee Decliner");
    // It can be sent again.
    await inviteOrganizer(author.id, letter.id, invitee.email);
  });
});

describe("cancelling an invitation", () => {
  test("any organizer can; a non-organizer gets 404; the invitee can no longer accept", async () => {
    const { author, letter } = await draftWithAuthor();
    const co = await createUser({ email: address("co"), displayName: "Cy Co" });
    await join(author.id, letter.id, co);

    const invitee = await createUser({ email: address("cancelled") });
    await inviteOrganizer(author.id, letter.id, invitee.email);
    const [invitation] = await listInvitationsFor(invitee);

    const stranger = await createUser({ email: address("stranger") });
    await expectNotFound(cancelInvitation(stranger.id, invitation!.id));
    expect(await countPendingInvitations(invitee)).toBe(1);

    expect(await cancelInvitation(co.id, invitation!.id)).toBe(letter.id);
    expect(await cancelInvitation(co.id, invitation!.id).catch((e: unknown) => appErrorResponse(e))).toBeInstanceOf(Response);
    await expectNotFound(acceptInvitation(invitee, invitation!.id));
    expect(await listInvitationsFor(invitee)).toEqual([]);

    const { audit } = await viewDashboard(author.id, letter.id);
    expect(audit.filter((a) => a.kind === "invitation-cancelled")).toEqual([expect.objectContaining({ actorName: "Cy Co" })]);
  });

  test("an accepted invitation cannot be cancelled", async () => {
    const { author, letter } = await draftWithAuthor();
    const co = await createUser({ email: address("accepted") });
    await inviteOrganizer(author.id, letter.id, co.email);
    const [invitation] = await listInvitationsFor(co);
    await acceptInvitation(co, invitation!.id);
    await expectAppError(cancelInvitation(author.id, invitation!.id), "already-accepted");
    expect(await db().letterOrganizer.count({ where: { letterId: letter.id } })).toBe(2);
  });
});

describe("a co-organizer runs the letter like its author", () => {
  test("edits, opens and cancels; the audit trail says who did what, and signatures stay anonymous", async () => {
    const { author, letter } = await draftWithAuthor();
    const co = await createUser({ email: address("runner"), displayName: "Rae Runner" });
    await join(author.id, letter.id, co);

    await updateDraft(co.id, letter.id, draftInput({ title: "Edited by Rae", threshold: 50 }));
    await openLetter(co, letter.id);
    const opened = await db().letter.findUniqueOrThrow({ where: { id: letter.id } });
    // Five: below that no batch writes a signature line (nothing may count 1–4).
    for (const name of ["one", "two", "three", "four", "five"]) await signAs(opened, `signer-${name}@microsoft.com`);
    await publishCountBatches(new Date(Date.now() + HOUR));

    // The author sees what the co-organizer did, by name.
    let { audit } = await viewDashboard(author.id, letter.id);
    const byKind = (kind: string) => audit.filter((a) => a.kind === kind).map((a) => a.actorName);
    expect(byKind("created")).toEqual(["Ada Author"]);
    expect(byKind("organizer-invited")).toEqual(["Ada Author"]);
    expect(byKind("organizer-joined")).toEqual(["Rae Runner"]);
    expect(byKind("edited")).toEqual(["Rae Runner"]);
    expect(byKind("opened")).toEqual(["Rae Runner"]);
    const signatureEvents = audit.filter((a) => a.kind.startsWith("signature"));
    expect(signatureEvents.length).toBeGreaterThan(0);
    expect(signatureEvents.every((a) => a.actorName === null)).toBe(true);

    const waiting = await createUser({ email: address("waiting") });
    await inviteOrganizer(author.id, letter.id, waiting.email);
    expect(await countPendingInvitations(waiting)).toBe(1);

    await cancelLetter(co.id, letter.id);
    ({ audit } = await viewDashboard(author.id, letter.id));
    expect(audit.filter((a) => a.kind === "cancelled").map((a) => a.actorName)).toEqual(["Rae Runner"]);
    expect((await viewDashboard(co.id, letter.id)).status).toBe("CANCELLED");

    // A closed letter takes no more invitations, and no longer shows as one waiting.
    await expectAppError(inviteOrganizer(co.id, letter.id, address("late")), "letter-closed");
    expect(await countPendingInvitations(waiting)).toBe(0);
    expect(await listInvitationsFor(waiting)).toEqual([]);
  });

  test("an organizer who deleted their account shows as a former organizer", async () => {
    const { author, letter } = await draftWithAuthor();
    const co = await createUser({ email: address("leaver"), displayName: "Lee Leaver" });
    await join(author.id, letter.id, co);
    await updateDraft(co.id, letter.id, draftInput());
    await db().user.delete({ where: { id: co.id } });
    const { audit } = await viewDashboard(author.id, letter.id);
    expect(audit.find((a) => a.kind === "edited")?.actorName).toBe("A former organizer");
    // Their accepted invitation no longer blocks inviting the address again.
    await inviteOrganizer(author.id, letter.id, co.email);
  });
});
