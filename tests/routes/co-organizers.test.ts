// The organizers page and the invitations page, called with real Requests: 404 to
// non-organizers, the same answer for addresses with and without accounts, and the
// dashboard's audit trail naming who did each organizer action.
import { describe, expect, test } from "vitest";
import { sessionCookie } from "~/auth/current-user.server";
import { createSession } from "~/auth/session.server";
import { db } from "~/db/client.server";
import { createDraft } from "~/domain/letters/draft-letter.server";
import { startOfDayUtc } from "~/lib/dates";
import { action as dashboardAction } from "~/routes/my.letters.$id";
import { loader as dashboardLoader } from "~/routes/my.letters.$id._index/route";
import { action as organizersAction, loader as organizersLoader } from "~/routes/my.letters.$id.organizers";
import { loader as listLoader } from "~/routes/my.letters._index";
import { action as invitationsAction, loader as invitationsLoader } from "~/routes/my.invitations";
import { createUser } from "../support/factories";
import { draftInput } from "../support/letters";
import { call, expectData, expectRedirect, get, newEmail, post } from "./support";

type Organizers = Awaited<ReturnType<typeof organizersLoader>>;
type Invitations = Awaited<ReturnType<typeof invitationsLoader>>;
type Dashboard = Awaited<ReturnType<typeof dashboardLoader>>;
type List = Awaited<ReturnType<typeof listLoader>>;

async function signedIn(displayName: string, email = newEmail()) {
  const user = await createUser({ displayName, email });
  const { token, session } = await createSession(db(), user.id, "test");
  const cookie = sessionCookie(token, session.absoluteExpiresAt).split(";")[0]!;
  return { user, cookie };
}

const organizersPage = (cookie: string, id: string) =>
  call(organizersLoader, get(`/my/letters/${id}/organizers`, { cookie }), { params: { id } });
const organizersPost = (cookie: string, id: string, fields: Record<string, string>) =>
  call(organizersAction, post(`/my/letters/${id}/organizers`, fields, { cookie }), { params: { id } });
const invitationsPage = async (cookie: string) => (await call(invitationsLoader, get("/my/invitations", { cookie }))) as Invitations;
const invitationsPost = (cookie: string, fields: Record<string, string>) =>
  call(invitationsAction, post("/my/invitations", fields, { cookie }));
const dashboard = async (cookie: string, id: string) =>
  (await call(dashboardLoader, get(`/my/letters/${id}`, { cookie }), { params: { id } })) as Dashboard;

function expectNotFound(result: unknown) {
  expect(result).toBeInstanceOf(Response);
  expect((result as Response).status).toBe(404);
}

async function letterOf(userId: string) {
  const letter = await createDraft(userId, draftInput({ title: "The secret title" }));
  return letter.id;
}

describe("the organizers page", () => {
  test("signed out, it sends to the sign-in page", async () => {
    const id = crypto.randomUUID();
    expectRedirect(await organizersPage("", id), `/login?redirectTo=${encodeURIComponent(`/my/letters/${id}/organizers`)}`);
    expectRedirect(await call(invitationsLoader, get("/my/invitations")), "/login?redirectTo=%2Fmy%2Finvitations");
  });

  test("a non-organizer gets 404 on the page and on each of its actions, valid or not", async () => {
    const author = await signedIn("Ada Author");
    const id = await letterOf(author.user.id);
    expectRedirect(await organizersPost(author.cookie, id, { intent: "invite", email: newEmail("pending") }));
    const [invitation] = await db().organizerInvitation.findMany({ where: { letterId: id } });

    const stranger = await signedIn("Sam Stranger");
    expectNotFound(await organizersPage(stranger.cookie, id));
    expectNotFound(await organizersPost(stranger.cookie, id, { intent: "invite", email: newEmail("friend") }));
    expectNotFound(await organizersPost(stranger.cookie, id, { intent: "invite", email: "not an address" }));
    expectNotFound(await organizersPost(stranger.cookie, id, { intent: "cancel-invitation", invitationId: invitation!.id }));
    // Cancelling through one of their own letters' pages does not reach it either.
    const theirs = await letterOf(stranger.user.id);
    expectNotFound(await organizersPost(stranger.cookie, theirs, { intent: "cancel-invitation", invitationId: invitation!.id }));
    expectNotFound(await organizersPage(stranger.cookie, "not-a-uuid"));

    expect(await db().organizerInvitation.count({ where: { letterId: id } })).toBe(1);
  });

  test("inviting an address with an account and one without gives the same answer and the same page", async () => {
    const author = await signedIn("Ada Author");
    const id = await letterOf(author.user.id);
    const known = await createUser({ email: newEmail("known"), displayName: "Kim Known" });
    const unknown = newEmail("unknown");

    const answers = [];
    for (const email of [known.email, unknown]) {
      const result = await organizersPost(author.cookie, id, { intent: "invite", email });
      const { location, response } = expectRedirect(result);
      answers.push({ status: response.status, location, cookies: response.headers.getSetCookie() });
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]!.location).toBe(`/my/letters/${id}/organizers?invited=1`);

    const page = (await organizersPage(author.cookie, id)) as Organizers;
    expect(page.invitations.map((i) => i.email).sort()).toEqual([known.email, unknown].sort());
    expect(page.invitations.every((i) => i.invitedBy === "Ada Author" && /^\d{1,2} [A-Z][a-z]+ \d{4}$/.test(i.invitedAt))).toBe(true);
    expect(JSON.stringify(page)).not.toContain("Kim Known");
    expect(page.organizers).toEqual([expect.objectContaining({ displayName: "Ada Author", role: "Author", isYou: true })]);
  });

  test("bad or duplicate addresses answer next to the field, and change nothing", async () => {
    const author = await signedIn("Ada Author");
    const id = await letterOf(author.user.id);
    const bad = expectData(await organizersPost(author.cookie, id, { intent: "invite", email: "not an address" }), 400);
    expect(bad.data.error?.email?.[0]).toMatch(/email address/);
    const self = expectData(await organizersPost(author.cookie, id, { intent: "invite", email: author.user.email }), 409);
    expect(self.data.error?.email?.[0]).toMatch(/already an organizer/);
    const email = newEmail("twice");
    expectRedirect(await organizersPost(author.cookie, id, { intent: "invite", email }));
    const twice = expectData(await organizersPost(author.cookie, id, { intent: "invite", email: email.toUpperCase() }), 409);
    expect(twice.data.error?.email?.[0]).toMatch(/already has an invitation/);
    expect(twice.data.initialValue?.email).toBe(email.toUpperCase());
    expect(await db().organizerInvitation.count({ where: { letterId: id } })).toBe(1);
  });

  test("an organizer cancels a pending invitation", async () => {
    const author = await signedIn("Ada Author");
    const id = await letterOf(author.user.id);
    const invitee = await signedIn("Ivy Invitee");
    expectRedirect(await organizersPost(author.cookie, id, { intent: "invite", email: invitee.user.email }));
    const page = (await organizersPage(author.cookie, id)) as Organizers;
    const invitationId = page.invitations[0]!.id;

    expectData(await organizersPost(author.cookie, id, { intent: "cancel-invitation", invitationId: "nope" }), 400);
    expectRedirect(await organizersPost(author.cookie, id, { intent: "cancel-invitation", invitationId }), `/my/letters/${id}/organizers`);
    expect(((await organizersPage(author.cookie, id)) as Organizers).invitations).toEqual([]);
    expect((await invitationsPage(invitee.cookie)).invitations).toEqual([]);
    expectNotFound(await invitationsPost(invitee.cookie, { intent: "accept", invitationId }));
  });
});

describe("the invitations page", () => {
  test("the invitee sees the letter's title and inviter, accepts, and runs the letter; the audit says who", async () => {
    const author = await signedIn("Ada Author");
    const id = await letterOf(author.user.id);
    const invitee = await signedIn("Ivy Invitee");

    expect(((await call(listLoader, get("/my/letters", { cookie: invitee.cookie }))) as List).pendingInvitations).toBe(0);
    expectRedirect(await organizersPost(author.cookie, id, { intent: "invite", email: invitee.user.email.toUpperCase() }));
    expect(((await call(listLoader, get("/my/letters", { cookie: invitee.cookie }))) as List).pendingInvitations).toBe(1);

    const { invitations } = await invitationsPage(invitee.cookie);
    expect(invitations).toEqual([
      expect.objectContaining({ letterTitle: "The secret title", invitedBy: "Ada Author", letterStatus: "DRAFT" }),
    ]);
    expect(invitations[0]!.invitedAt).toMatch(/^\d{1,2} [A-Z][a-z]+ \d{4}$/);
    const invitationId = invitations[0]!.id;

    // Someone else cannot accept it, nor make it disappear.
    const other = await signedIn("Oz Other");
    expect((await invitationsPage(other.cookie)).invitations).toEqual([]);
    expectNotFound(await invitationsPost(other.cookie, { intent: "accept", invitationId }));
    expectRedirect(await invitationsPost(other.cookie, { intent: "decline", invitationId }), "/my/invitations");
    expect((await invitationsPage(invitee.cookie)).invitations).toHaveLength(1);
    expectNotFound(await organizersPage(other.cookie, id));

    expectNotFound(await dashboard(invitee.cookie, id));
    expectRedirect(await invitationsPost(invitee.cookie, { intent: "accept", invitationId }), `/my/letters/${id}`);
    // Twice (a double submit, the back button): still one membership, one audit line.
    expectRedirect(await invitationsPost(invitee.cookie, { intent: "accept", invitationId }), `/my/letters/${id}`);
    expect(await db().letterOrganizer.count({ where: { letterId: id } })).toBe(2);
    expect(((await call(listLoader, get("/my/letters", { cookie: invitee.cookie }))) as List).pendingInvitations).toBe(0);

    // The co-organizer opens the letter from its dashboard.
    const open = await call(
      dashboardAction,
      post(`/my/letters/${id}`, { intent: "open", confirmFrozen: "on" }, { cookie: invitee.cookie }),
      { params: { id } },
    );
    expectRedirect(open, `/my/letters/${id}`);

    // Yesterday's signatures show as a line without a name.
    await db().auditEvent.create({
      data: { letterId: id, kind: "signatures-added", createdAt: new Date(startOfDayUtc().getTime() - 24 * 60 * 60_000) },
    });

    const page = await dashboard(author.cookie, id);
    const rows = (label: string) => page.audit.filter((row) => row.label === label).map((row) => row.by);
    expect(rows("Draft created")).toEqual(["Ada Author"]);
    expect(rows("Invited a co-organizer")).toEqual(["Ada Author"]);
    expect(rows("Joined as a co-organizer")).toEqual(["Ivy Invitee"]);
    expect(rows("Opened for signatures — the text was frozen")).toEqual(["Ivy Invitee"]);
    expect(rows("One or more signatures were added")).toEqual([null]);
    // No login address and no user id reaches the page.
    expect(JSON.stringify(page)).not.toContain(invitee.user.email);
    expect(JSON.stringify(page)).not.toContain(invitee.user.id);

    const organizers = (await organizersPage(invitee.cookie, id)) as Organizers;
    expect(organizers.organizers.map(({ displayName, role, isYou }) => ({ displayName, role, isYou }))).toEqual([
      { displayName: "Ada Author", role: "Author", isYou: false },
      { displayName: "Ivy Invitee", role: "Co-organizer", isYou: true },
    ]);
    expect(JSON.stringify(organizers)).not.toContain(author.user.email);
  });

  test("declining removes the invitation and says so in the audit without a name", async () => {
    const author = await signedIn("Ada Author");
    const id = await letterOf(author.user.id);
    const invitee = await signedIn("Dee Decliner");
    expectRedirect(await organizersPost(author.cookie, id, { intent: "invite", email: invitee.user.email }));
    const invitationId = (await invitationsPage(invitee.cookie)).invitations[0]!.id;
    expectData(await invitationsPost(invitee.cookie, { intent: "maybe", invitationId }), 400);
    expectRedirect(await invitationsPost(invitee.cookie, { intent: "decline", invitationId }), "/my/invitations");
    expect((await invitationsPage(invitee.cookie)).invitations).toEqual([]);
    const page = await dashboard(author.cookie, id);
    expect(page.audit.filter((row) => row.label === "An invitation to co-organize was declined")).toEqual([
      expect.objectContaining({ by: null }),
    ]);
  });
});
