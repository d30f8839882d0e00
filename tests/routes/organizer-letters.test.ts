import { describe, expect, test } from "vitest";
import { sessionCookie } from "~/auth/current-user.server";
import { createSession } from "~/auth/session.server";
import { db } from "~/db/client.server";
import { startOfDayUtc } from "~/lib/dates";
import { action as dashboardAction } from "~/routes/my.letters.$id";
import { loader as dashboardLoader } from "~/routes/my.letters.$id._index/route";
import { action as editAction } from "~/routes/my.letters.$id.edit";
import { loader as listLoader } from "~/routes/my.letters._index";
import { action as newAction, loader as newLoader } from "~/routes/my.letters.new";
import { createUser } from "../support/factories";
import { call, expectData, expectRedirect, get, post } from "./support";

const DAY_MS = 24 * 60 * 60_000;

/** "YYYY-MM-DD", `days` from today (UTC). */
function inDays(days: number) {
  return new Date(startOfDayUtc().getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

const GOOD_DRAFT = {
  title: "Cancel the ICE contract",
  addressee: "Satya Nadella, CEO",
  organizationName: "Microsoft",
  allowedDomains: "microsoft.com\ngithub.com, linkedin.com",
  body: "We, the undersigned, ask you to **cancel** the contract.\n\n- It harms people\n- It harms trust",
  noteToSigners: "",
  threshold: "1000",
  deadline: inDays(30),
};

async function signedIn() {
  const user = await createUser();
  const { token, session } = await createSession(db(), user.id, "test");
  const cookie = sessionCookie(token, session.absoluteExpiresAt).split(";")[0]!;
  return { user, cookie };
}

type Dashboard = Awaited<ReturnType<typeof dashboardLoader>>;
type List = Awaited<ReturnType<typeof listLoader>>;

const createDraftAs = (cookie: string, fields: Record<string, string>) => call(newAction, post("/my/letters/new", fields, { cookie }));
const dashboard = async (cookie: string, id: string) =>
  (await call(dashboardLoader, get(`/my/letters/${id}`, { cookie }), { params: { id } })) as Dashboard;
const act = (cookie: string, id: string, fields: Record<string, string>) =>
  call(dashboardAction, post(`/my/letters/${id}`, fields, { cookie }), { params: { id } });
const edit = (cookie: string, id: string, fields: Record<string, string>) =>
  call(editAction, post(`/my/letters/${id}/edit`, fields, { cookie }), { params: { id } });

async function newDraft(cookie: string, fields: Partial<typeof GOOD_DRAFT> = {}) {
  const { location } = expectRedirect(await createDraftAs(cookie, { ...GOOD_DRAFT, ...fields, intent: "save" }));
  const id = /^\/my\/letters\/([0-9a-f-]{36})$/.exec(location)?.[1];
  expect(id, `a dashboard location, got ${location}`).toBeDefined();
  return id!;
}

async function openedLetter(cookie: string) {
  const id = await newDraft(cookie);
  expectRedirect(await act(cookie, id, { intent: "open", confirmFrozen: "on" }), `/my/letters/${id}`);
  return id;
}

describe("organizer pages need a signed-in organizer", () => {
  test("signed out, every page sends to the sign-in page and back", async () => {
    expectRedirect(await call(listLoader, get("/my/letters")), "/login?redirectTo=%2Fmy%2Fletters");
    expectRedirect(await call(newLoader, get("/my/letters/new")), "/login?redirectTo=%2Fmy%2Fletters%2Fnew");
    expectRedirect(
      await call(newAction, post("/my/letters/new", { ...GOOD_DRAFT, intent: "save" })),
      "/login?redirectTo=%2Fmy%2Fletters%2Fnew",
    );
  });
});

describe("my letters", () => {
  test("is empty at first, then lists a new draft with its status and deadline in words", async () => {
    const { cookie } = await signedIn();
    const empty = (await call(listLoader, get("/my/letters", { cookie }))) as List;
    expect(empty.letters).toEqual([]);
    const id = await newDraft(cookie, { deadline: inDays(40) });
    const list = (await call(listLoader, get("/my/letters", { cookie }))) as List;
    expect(list.letters).toHaveLength(1);
    expect(list.letters[0]).toMatchObject({ id, title: GOOD_DRAFT.title, status: "DRAFT" });
    expect(list.letters[0]!.deadline).toMatch(/^\d{1,2} [A-Z][a-z]+ \d{4}$/);
  });
});

describe("a new draft", () => {
  const badInputs: [string, Record<string, string>, string][] = [
    ["a malformed domain", { allowedDomains: "micro soft!com" }, "allowedDomains"],
    ["a free-mail domain", { allowedDomains: "microsoft.com\ngmail.com" }, "allowedDomains"],
    ["no domain at all", { allowedDomains: " , " }, "allowedDomains"],
    ["a threshold of 4", { threshold: "4" }, "threshold"],
    ["a threshold that is not a number", { threshold: "many" }, "threshold"],
    ["a deadline of today", { deadline: inDays(0) }, "deadline"],
    ["a deadline in two years", { deadline: inDays(730) }, "deadline"],
    ["a deadline that is not a date", { deadline: "next friday" }, "deadline"],
    ["an empty title", { title: "   " }, "title"],
    ["an empty body", { body: "" }, "body"],
    ["a cooling-off period of 8 days", { coolingOffHours: "192" }, "coolingOffHours"],
    ["a cooling-off period that is not whole hours", { coolingOffHours: "1.5" }, "coolingOffHours"],
  ];

  test.each(badInputs)("with %s is refused next to the field (400) and creates nothing", async (_, fields, field) => {
    const { user, cookie } = await signedIn();
    const result = await createDraftAs(cookie, { ...GOOD_DRAFT, ...fields, intent: "save" });
    const { data } = expectData(result, 400);
    expect(Object.keys(data.error ?? {})).toEqual([field]);
    expect(data.error?.[field]?.[0]).toMatch(/\S/);
    // The entered values come back, so nothing has to be typed again.
    expect(data.initialValue?.addressee).toBe(GOOD_DRAFT.addressee);
    if (fields[field]?.trim()) expect(data.initialValue?.[field]).toBe(fields[field]);
    expect(await db().letter.count({ where: { organizers: { some: { userId: user.id } } } })).toBe(0);
  });

  test("with no intent, or an unknown one, is a 400 and creates nothing", async () => {
    const { user, cookie } = await signedIn();
    for (const intent of [undefined, "publish"]) {
      const fields: Record<string, string> = { ...GOOD_DRAFT, ...(intent ? { intent } : {}) };
      const { data } = expectData(await createDraftAs(cookie, fields), 400);
      expect(Object.keys(data.error ?? {})).toEqual(["intent"]);
    }
    expect(await db().letter.count({ where: { organizers: { some: { userId: user.id } } } })).toBe(0);
  });

  test("preview renders the letter and keeps the values, without saving anything", async () => {
    const { user, cookie } = await signedIn();
    const result = (await createDraftAs(cookie, { ...GOOD_DRAFT, intent: "preview" })) as {
      status?: string;
      initialValue?: Record<string, unknown>;
      preview: { title: string; addressee: string; organizationName: string; bodyHtml: string };
    };
    expect(result.status).toBe("success");
    expect(result.initialValue).toMatchObject({
      title: GOOD_DRAFT.title,
      body: GOOD_DRAFT.body,
      allowedDomains: GOOD_DRAFT.allowedDomains,
      threshold: GOOD_DRAFT.threshold,
      deadline: GOOD_DRAFT.deadline,
    });
    expect(result.preview).toMatchObject({ title: GOOD_DRAFT.title, addressee: GOOD_DRAFT.addressee, organizationName: "Microsoft" });
    expect(result.preview.bodyHtml).toContain("<strong>cancel</strong>");
    expect(result.preview.bodyHtml).toContain("<li>It harms people</li>");
    expect(await db().letter.count({ where: { organizers: { some: { userId: user.id } } } })).toBe(0);
  });

  test("save creates a draft and leads to its dashboard", async () => {
    const { user, cookie } = await signedIn();
    const id = await newDraft(cookie);
    const page = await dashboard(cookie, id);
    expect(page.letter).toMatchObject({
      id,
      status: "DRAFT",
      title: GOOD_DRAFT.title,
      allowedDomains: ["microsoft.com", "github.com", "linkedin.com"],
      threshold: 1000,
      textHash: null,
    });
    expect(page.letter.deadline.slice(0, 10)).toBe(GOOD_DRAFT.deadline);
    expect(page.shareUrl).toBeNull();
    expect(page.signatories).toBeNull();
    expect(page.daysLeft).toBe(31);
    expect(page.audit.map((row) => row.label)).toEqual(["Draft created"]);
    expect(page.audit[0]!.date).toMatch(/^\d{1,2} [A-Z][a-z]+ \d{4}$/);
    const owner = await db().letterOrganizer.findFirstOrThrow({ where: { letterId: id } });
    expect(owner.userId).toBe(user.id);
  });

  test("the draft can be edited while it is a draft", async () => {
    const { cookie } = await signedIn();
    const id = await newDraft(cookie);
    const bad = expectData(await edit(cookie, id, { ...GOOD_DRAFT, threshold: "2", intent: "save" }), 400);
    expect(Object.keys(bad.data.error ?? {})).toEqual(["threshold"]);
    expectRedirect(await edit(cookie, id, { ...GOOD_DRAFT, title: "Drop the contract", intent: "save" }), `/my/letters/${id}`);
    const page = await dashboard(cookie, id);
    expect(page.letter.title).toBe("Drop the contract");
    expect(page.audit.map((row) => row.label)).toEqual(["Draft edited", "Draft created"]);
  });

  test("teams are listed on the draft, refused next to the field when wrong, and kept in order (decision 018)", async () => {
    const { cookie } = await signedIn();
    const id = await newDraft(cookie);
    const twice = expectData(await edit(cookie, id, { ...GOOD_DRAFT, teams: "Azure\nAZURE", intent: "save" }), 400);
    expect(twice.data.error).toEqual({ teams: ["“AZURE” is listed twice. Each team once."] });
    expectRedirect(await edit(cookie, id, { ...GOOD_DRAFT, teams: "Azure\n Bing, Research ", intent: "save" }), `/my/letters/${id}`);
    expect((await dashboard(cookie, id)).letter.teams).toEqual(["Azure", "Bing", "Research"]);
    expectRedirect(await edit(cookie, id, { ...GOOD_DRAFT, teams: "", intent: "save" }), `/my/letters/${id}`);
    expect((await dashboard(cookie, id)).letter.teams).toEqual([]);
  });

  test("the cooling-off period is 48 hours unless chosen, and is frozen once the letter opens (decision 020)", async () => {
    const { cookie } = await signedIn();
    const id = await newDraft(cookie);
    const hours = async () => (await db().letter.findUniqueOrThrow({ where: { id } })).coolingOffHours;
    expect(await hours()).toBe(48);
    expectRedirect(await edit(cookie, id, { ...GOOD_DRAFT, coolingOffHours: "168", intent: "save" }), `/my/letters/${id}`);
    expect(await hours()).toBe(168);
    expectRedirect(await act(cookie, id, { intent: "open", confirmFrozen: "on" }), `/my/letters/${id}`);
    expectData(await edit(cookie, id, { ...GOOD_DRAFT, coolingOffHours: "0", intent: "save" }), 409);
    expect(await hours()).toBe(168);
  });
});

describe("opening", () => {
  test("needs the confirmation box; then the letter is OPEN with a share link and a fingerprint", async () => {
    const { cookie } = await signedIn();
    const id = await newDraft(cookie);
    const refused = expectData(await act(cookie, id, { intent: "open" }), 400);
    expect(Object.keys(refused.data.error ?? {})).toEqual(["confirmFrozen"]);
    expect((await dashboard(cookie, id)).letter.status).toBe("DRAFT");

    expectRedirect(await act(cookie, id, { intent: "open", confirmFrozen: "on" }), `/my/letters/${id}`);
    const page = await dashboard(cookie, id);
    expect(page.letter.status).toBe("OPEN");
    expect(page.shareUrl).toMatch(/^https?:\/\/[^/]+\/l\/[a-z2-7]{26}$/);
    expect(page.letter.textHash).toMatch(/^[0-9a-f]{64}$/);
    expect(page.letter.count).toBe(0);
    expect(page.signatories).toBeNull();
    expect(page.audit.map((row) => row.label)).toEqual(["Opened for signatures — the text was frozen", "Draft created"]);
  });

  test("opening twice is a 409 with a message, not a 500", async () => {
    const { cookie } = await signedIn();
    const id = await openedLetter(cookie);
    const { data } = expectData(await act(cookie, id, { intent: "open", confirmFrozen: "on" }), 409);
    expect(data.error?.[""]).toEqual(["This letter is already open: its text can no longer change."]);
  });

  test("editing after opening is refused with a 409 and changes nothing", async () => {
    const { cookie } = await signedIn();
    const id = await openedLetter(cookie);
    const before = await db().letter.findUniqueOrThrow({ where: { id } });
    const { data } = expectData(await edit(cookie, id, { ...GOOD_DRAFT, title: "A sneaky new title", intent: "save" }), 409);
    expect(data.error?.[""]).toEqual(["This letter is already open: its text can no longer change."]);
    const after = await db().letter.findUniqueOrThrow({ where: { id } });
    expect(after).toEqual(before);
    expect(after.title).toBe(GOOD_DRAFT.title);
  });
});

describe("cancelling", () => {
  test("needs the confirmation box; then an open letter is CANCELLED and its data key destroyed", async () => {
    const { cookie } = await signedIn();
    const id = await openedLetter(cookie);
    const refused = expectData(await act(cookie, id, { intent: "cancel" }), 400);
    expect(Object.keys(refused.data.error ?? {})).toEqual(["confirmDestroy"]);
    expect((await dashboard(cookie, id)).letter.status).toBe("OPEN");

    expectRedirect(await act(cookie, id, { intent: "cancel", confirmDestroy: "on" }), `/my/letters/${id}`);
    const page = await dashboard(cookie, id);
    expect(page.letter.status).toBe("CANCELLED");
    expect(page.shareUrl).toBeNull();
    expect(page.audit[0]!.label).toBe("Cancelled — every sealed name was destroyed");
    expect((await db().letter.findUniqueOrThrow({ where: { id } })).wrappedDataKey).toBeNull();

    const again = expectData(await act(cookie, id, { intent: "cancel", confirmDestroy: "on" }), 409);
    expect(again.data.error?.[""]).toEqual(["Only a draft or an open letter can be cancelled."]);
  });

  test("a draft can be cancelled too", async () => {
    const { cookie } = await signedIn();
    const id = await newDraft(cookie);
    expectRedirect(await act(cookie, id, { intent: "cancel", confirmDestroy: "on" }), `/my/letters/${id}`);
    expect((await dashboard(cookie, id)).letter.status).toBe("CANCELLED");
  });

  test("an unknown intent is a 400 and changes nothing", async () => {
    const { cookie } = await signedIn();
    const id = await newDraft(cookie);
    for (const fields of [{}, { intent: "publish" }, { intent: "" }] as Record<string, string>[]) {
      expectData(await act(cookie, id, fields), 400);
    }
    expect((await dashboard(cookie, id)).letter.status).toBe("DRAFT");
  });
});

describe("another user", () => {
  test("gets 404 on the dashboard, the edit page's action and the dashboard's actions, and changes nothing", async () => {
    const owner = await signedIn();
    const stranger = await signedIn();
    const draftId = await newDraft(owner.cookie);
    const openId = await openedLetter(owner.cookie);

    const notFound = (result: unknown) => {
      expect(result).toBeInstanceOf(Response);
      expect((result as Response).status).toBe(404);
    };
    notFound(await call(dashboardLoader, get(`/my/letters/${openId}`, { cookie: stranger.cookie }), { params: { id: openId } }));
    notFound(await act(stranger.cookie, draftId, { intent: "open", confirmFrozen: "on" }));
    notFound(await act(stranger.cookie, openId, { intent: "cancel", confirmDestroy: "on" }));
    notFound(await edit(stranger.cookie, draftId, { ...GOOD_DRAFT, title: "Hijacked", intent: "save" }));
    notFound(await edit(stranger.cookie, draftId, { ...GOOD_DRAFT, intent: "preview" }));
    // Same answer for a letter that does not exist, or an id that is not one.
    notFound(await dashboard(stranger.cookie, "00000000-0000-4000-8000-000000000000"));
    notFound(await dashboard(stranger.cookie, "../etc/passwd"));

    expect((await db().letter.findUniqueOrThrow({ where: { id: draftId } })).status).toBe("DRAFT");
    expect((await db().letter.findUniqueOrThrow({ where: { id: draftId } })).title).toBe(GOOD_DRAFT.title);
    expect((await db().letter.findUniqueOrThrow({ where: { id: openId } })).status).toBe("OPEN");
    expect(((await call(listLoader, get("/my/letters", { cookie: stranger.cookie }))) as List).letters).toEqual([]);
  });
});

describe("privacy on the dashboard", () => {
  test("HTML and script in the body render inert", async () => {
    const { cookie } = await signedIn();
    const body = [
      "<script>alert('body')</script>",
      '<img src="https://tracker.example/pixel.gif" onerror="alert(1)">',
      "![pixel](https://tracker.example/p.png)",
      "[click me](javascript:alert(document.cookie))",
      '<a href="javascript:alert(2)">raw link</a>',
    ].join("\n\n");
    const id = await newDraft(cookie, { body });
    const { letter } = await dashboard(cookie, id);
    // Tags arrive escaped, as text; no element, attribute or link can run or fetch anything.
    expect(letter.bodyHtml).not.toMatch(/<(script|img|iframe|style)\b/i);
    expect(letter.bodyHtml).not.toMatch(/<[a-z][^>]*\son\w+=/i);
    expect(letter.bodyHtml).not.toMatch(/href="(?!https?:|mailto:)/i);
    expect(letter.bodyHtml).not.toContain("tracker.example/p.png");
    expect(letter.bodyHtml).toContain("&lt;script&gt;");
  });

  test("signature events show per finished day, without who or how many", async () => {
    const { cookie, user } = await signedIn();
    const id = await openedLetter(cookie);
    const yesterday = new Date(startOfDayUtc().getTime() - DAY_MS);
    await db().auditEvent.createMany({
      data: [
        { letterId: id, kind: "signatures-added", createdAt: yesterday },
        { letterId: id, kind: "signatures-added", createdAt: yesterday },
        { letterId: id, kind: "signatures-added", createdAt: yesterday },
        { letterId: id, kind: "signatures-withdrawn", createdAt: yesterday },
        { letterId: id, kind: "signatures-added", createdAt: startOfDayUtc() },
      ],
    });
    const page = await dashboard(cookie, id);
    const signatureRows = page.audit.filter((row) => row.label.startsWith("One or more signatures"));
    expect(signatureRows.map((row) => row.label).sort()).toEqual([
      "One or more signatures were added",
      "One or more signatures were withdrawn",
    ]);
    expect(signatureRows.every((row) => row.day === yesterday.toISOString().slice(0, 10))).toBe(true);
    // Nothing more precise than the day, and no user, reaches the page.
    expect(JSON.stringify(page.audit)).not.toMatch(/T\d\d:\d\d|actor/);
    expect(JSON.stringify(page)).not.toContain(user.id);
    expect(JSON.stringify(page)).not.toContain(user.email);
  });
});
