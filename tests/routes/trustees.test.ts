// Trustees (issue 15, choosing and inviting them, registering their keys), called as
// Remix calls the routes: the organizers' page and its three forms, the trustee's
// page behind the invitation link, the guard on opening, and the panel on the
// letter's pages. Hostile input included: wrong key sizes, a tenth trustee, k > n,
// letters that are no longer drafts, a second registration, someone else's letter.
import crypto from "node:crypto";
import { describe, expect, test } from "vitest";
import { sessionCookie } from "~/auth/current-user.server";
import { createSession } from "~/auth/session.server";
import { unsealTrusteeEmail, unwrapDataKey } from "~/crypto/sealing.server";
import { hashSecret } from "~/crypto/tokens.server";
import { db } from "~/db/client.server";
import { createDraft } from "~/domain/letters/draft-letter.server";
import { publishLetter } from "~/domain/letters/publish-letter.server";
import { privateSlug } from "~/domain/letters/private-link.server";
import { fingerprint } from "~/crypto/trustee";
import { trusteeCryptoBundle } from "~/crypto/trustee/bundle.server";
import { action as letterAction } from "~/routes/my.letters.$id";
import { loader as dashboardLoader } from "~/routes/my.letters.$id._index/route";
import { action as trusteesAction, loader as trusteesLoader } from "~/routes/my.letters.$id.trustees/route";
import { loader as letterPageLoader } from "~/routes/l.$slug";
import { loader as publishedPageLoader } from "~/routes/letters.$slug";
import { action as trusteeAction, loader as trusteeLoader } from "~/routes/trustee.$token/route";
import { createUser } from "../support/factories";
import { draftInput, signAs } from "../support/letters";
import { lastQueuedTo, queuedMail } from "../support/mail";
import { addTrustees, base64url, inviteTokenFor, newPublicKey, trusteeEmail } from "../support/trustees";
import { call, expectData, expectRedirect, get, post } from "./support";

/** The bundle's place and integrity when this checkout has a build (`npm run build`), null when not: the page handles both. */
function builtKeyTool() {
  try {
    const { src, integrity } = trusteeCryptoBundle();
    return { src, integrity };
  } catch {
    return null;
  }
}

type TrusteesPage = Awaited<ReturnType<typeof trusteesLoader>>;
type TrusteePage = Awaited<ReturnType<typeof trusteeLoader>>;
type Dashboard = Awaited<ReturnType<typeof dashboardLoader>>;

async function signedIn(displayName = "Ada Author") {
  const user = await createUser({ displayName });
  const { token, session } = await createSession(db(), user.id, "test");
  return { user, cookie: sessionCookie(token, session.absoluteExpiresAt).split(";")[0]! };
}

async function draftOf(userId: string) {
  return (await createDraft(userId, draftInput({ title: "The secret title" }))).id;
}

const page = async (cookie: string, id: string) =>
  (await call(trusteesLoader, get(`/my/letters/${id}/trustees`, { cookie }), { params: { id } })) as TrusteesPage;
const act = (cookie: string, id: string, fields: Record<string, string>) =>
  call(trusteesAction, post(`/my/letters/${id}/trustees`, fields, { cookie }), { params: { id } });
const add = (cookie: string, id: string, description: string, email: string) => act(cookie, id, { intent: "add", description, email });
const trusteePage = async (token: string) => (await call(trusteeLoader, get(`/trustee/${token}`), { params: { token } })) as TrusteePage;
const register = (token: string, publicKey: string) => call(trusteeAction, post(`/trustee/${token}`, { publicKey }), { params: { token } });
const openIt = (cookie: string, id: string) =>
  call(letterAction, post(`/my/letters/${id}`, { intent: "open", confirmFrozen: "on" }, { cookie }), { params: { id } });
const dashboard = async (cookie: string, id: string) =>
  (await call(dashboardLoader, get(`/my/letters/${id}`, { cookie }), { params: { id } })) as Dashboard;

function expectNotFound(result: unknown) {
  expect(result).toBeInstanceOf(Response);
  expect((result as Response).status).toBe(404);
}

/** Every trustee row and the letter's trustee fields, to show a refusal changed nothing. */
async function state(letterId: string) {
  const letter = await db().letter.findUniqueOrThrow({ where: { id: letterId }, select: { trusteeThreshold: true, status: true } });
  const trustees = await db().trustee.findMany({ where: { letterId }, orderBy: { position: "asc" } });
  return { letter, trustees, mail: (await queuedMail({ kind: "trustee-invitation" })).length };
}

describe("choosing trustees", () => {
  test("an organizer adds trustees; each gets a neutral invitation with a personal link, and the address is stored only sealed", async () => {
    const { user, cookie } = await signedIn();
    const id = await draftOf(user.id);
    expect((await db().letter.findUniqueOrThrow({ where: { id } })).wrappedDataKey).toBeNull();
    const email = trusteeEmail();
    expectRedirect(
      await add(cookie, id, "Legal aid contact, Tech Workers Union", email.toUpperCase()),
      `/my/letters/${id}/trustees?invited=1`,
    );

    const mail = await lastQueuedTo(email, "trustee-invitation");
    expect(mail.subject).toBe("You are asked to be a trustee on Undersigned");
    expect(`${mail.subject}\n${mail.text}`).not.toContain("The secret title");
    expect(`${mail.subject}\n${mail.text}`).not.toContain("Microsoft");
    expect(mail.text).toContain('"Ada Author"');
    expect(mail.text).toContain('"Legal aid contact, Tech Workers Union"');
    const token = await inviteTokenFor(email);

    const [row] = await db().trustee.findMany({ where: { letterId: id } });
    expect(row).toMatchObject({ position: 0, description: "Legal aid contact, Tech Workers Union", publicKey: null });
    expect(Buffer.from(row!.inviteHash!).equals(Buffer.from(hashSecret(token)))).toBe(true);
    expect(Buffer.from(row!.sealedEmail!).toString("latin1").toLowerCase()).not.toContain(email);
    // Sealed under the letter's data key, made when the first trustee was added, and bound to the row.
    const letter = await db().letter.findUniqueOrThrow({ where: { id } });
    const dataKey = unwrapDataKey(id, letter.wrappedDataKey!);
    expect(unsealTrusteeEmail(dataKey, { letterId: id, trusteeId: row!.id }, row!.sealedEmail!)).toBe(email);
    expect(() => unsealTrusteeEmail(dataKey, { letterId: id, trusteeId: crypto.randomUUID() }, row!.sealedEmail!)).toThrow();

    const view = await page(cookie, id);
    expect(view.trustees).toEqual([
      expect.objectContaining({ number: 1, description: "Legal aid contact, Tech Workers Union", email, fingerprint: null }),
    ]);
    expect(view.notReady).toMatch(/One trustee is not enough/);
    const trail = (await dashboard(cookie, id)).audit.map((a) => a.label);
    expect(trail).toContain("Added a trustee (invitation sent): “Legal aid contact, Tech Workers Union”");
  });

  test("bad input answers next to the field, with the values kept, and changes nothing", async () => {
    const { user, cookie } = await signedIn();
    const id = await draftOf(user.id);
    const taken = trusteeEmail();
    expectRedirect(await add(cookie, id, "First trustee", taken));
    const before = await state(id);

    const cases: [Record<string, string>, number, string, RegExp][] = [
      [{ description: "", email: trusteeEmail() }, 400, "description", /Describe the trustee/],
      [{ description: "x".repeat(201), email: trusteeEmail() }, 400, "description", /at most 200/],
      [{ description: "Two\nlines", email: trusteeEmail() }, 400, "description", /one line/],
      [{ description: "Fine", email: "not an address" }, 400, "email", /email address/],
      [{ description: "Fine", email: `${"a".repeat(250)}@x.example` }, 400, "email", /./],
      [{ description: "Fine", email: "someone@microsoft.com" }, 400, "email", /Microsoft's work-mail domains/],
      [{ description: "Fine", email: "someone@eu.github.com" }, 400, "email", /work-mail domains/],
      [{ description: "Fine", email: taken.toUpperCase() }, 409, "email", /already a trustee/],
    ];
    for (const [fields, status, field, message] of cases) {
      const answer = expectData(await act(cookie, id, { intent: "add", ...fields }), status);
      expect(answer.data.error?.[field]?.[0], JSON.stringify(fields)).toMatch(message);
      if (fields.description) expect(answer.data.initialValue?.description).toBe(fields.description);
    }
    expectData(await act(cookie, id, { intent: "nonsense" }), 400);
    expect(await state(id)).toEqual(before);
  });

  test("at most nine: a tenth trustee is refused", async () => {
    const { user, cookie } = await signedIn();
    const id = await draftOf(user.id);
    await addTrustees(user.id, id, { count: 9 });
    expect((await page(cookie, id)).canAdd).toBe(false);
    const before = await state(id);
    const tenth = expectData(await add(cookie, id, "Tenth", trusteeEmail()), 409);
    expect(tenth.data.error?.[""]).toEqual(["A letter can have at most 9 trustees. Remove one first to add another."]);
    expect(await state(id)).toEqual(before);
  });

  test("k of n: 2 ≤ k ≤ n, and none without two trustees", async () => {
    const { user, cookie } = await signedIn();
    const id = await draftOf(user.id);
    const early = expectData(await act(cookie, id, { intent: "set-threshold", threshold: "2" }), 409);
    expect(early.data.error?.threshold?.[0]).toMatch(/at least two trustees/);
    await addTrustees(user.id, id, { count: 3 });
    const before = await state(id);
    for (const [threshold, status] of [
      ["1", 400],
      ["0", 400],
      ["-2", 400],
      ["4", 400],
      ["10", 400],
      ["2.5", 400],
      ["two", 400],
      ["", 400],
      ["9007199254740993", 400],
    ] as const) {
      const answer = expectData(await act(cookie, id, { intent: "set-threshold", threshold }), status);
      expect(answer.data.error?.threshold?.length, threshold).toBeGreaterThan(0);
    }
    expect(expectData(await act(cookie, id, { intent: "set-threshold", threshold: "4" }), 400).data.error?.threshold?.[0]).toBe(
      "Choose a number from 2 to 3: at least two trustees, and no more than there are.",
    );
    expect(await state(id)).toEqual(before);

    expectRedirect(await act(cookie, id, { intent: "set-threshold", threshold: "3" }), `/my/letters/${id}/trustees`);
    expect((await page(cookie, id)).threshold).toBe(3);
    expect((await dashboard(cookie, id)).audit.map((a) => a.label)).toContain("Chose how many trustees must agree: 3 of 3");
  });

  test("removing keeps positions dense and in order, and unsets a k that no longer fits", async () => {
    const { user, cookie } = await signedIn();
    const id = await draftOf(user.id);
    const trustees = await addTrustees(user.id, id, { count: 4, threshold: 4 });
    const rows = await db().trustee.findMany({ where: { letterId: id }, orderBy: { position: "asc" } });
    expectRedirect(await act(cookie, id, { intent: "remove", trusteeId: rows[1]!.id }), `/my/letters/${id}/trustees`);
    const after = await db().trustee.findMany({ where: { letterId: id }, orderBy: { position: "asc" } });
    expect(after.map((t) => [t.position, t.description])).toEqual([
      [0, trustees[0]!.description],
      [1, trustees[2]!.description],
      [2, trustees[3]!.description],
    ]);
    expect((await page(cookie, id)).threshold).toBeNull();
    // The removed trustee's link now leads nowhere.
    expectNotFound(await call(trusteeLoader, get(`/trustee/${trustees[1]!.token}`), { params: { token: trustees[1]!.token } }));

    // k = 2 still fits three, then two; with one left it goes.
    expectRedirect(await act(cookie, id, { intent: "set-threshold", threshold: "2" }));
    expectRedirect(await act(cookie, id, { intent: "remove", trusteeId: after[0]!.id }));
    expect((await page(cookie, id)).threshold).toBe(2);
    expectRedirect(await act(cookie, id, { intent: "remove", trusteeId: after[1]!.id }));
    expect((await page(cookie, id)).threshold).toBeNull();
    // Removing twice is once; a made-up or malformed id changes nothing.
    expectRedirect(await act(cookie, id, { intent: "remove", trusteeId: after[1]!.id }));
    expectRedirect(await act(cookie, id, { intent: "remove", trusteeId: crypto.randomUUID() }));
    expectData(await act(cookie, id, { intent: "remove", trusteeId: "1 OR 1=1" }), 400);
    expect((await db().trustee.findMany({ where: { letterId: id } })).map((t) => t.position)).toEqual([0]);
  });

  test("someone else's letter is a 404 on the page and every form, valid or not; their trustees cannot be reached", async () => {
    const author = await signedIn();
    const id = await draftOf(author.user.id);
    await addTrustees(author.user.id, id, { count: 2 });
    const victim = await db().trustee.findFirstOrThrow({ where: { letterId: id } });
    const before = await state(id);

    const stranger = await signedIn("Sam Stranger");
    expectNotFound(await call(trusteesLoader, get(`/my/letters/${id}/trustees`, { cookie: stranger.cookie }), { params: { id } }));
    expectNotFound(await add(stranger.cookie, id, "Mine now", trusteeEmail()));
    expectNotFound(await add(stranger.cookie, id, "", "not an address"));
    expectNotFound(await act(stranger.cookie, id, { intent: "remove", trusteeId: victim.id }));
    expectNotFound(await act(stranger.cookie, id, { intent: "set-threshold", threshold: "2" }));
    // Nor through a letter of their own.
    const theirs = await draftOf(stranger.user.id);
    expectRedirect(await act(stranger.cookie, theirs, { intent: "remove", trusteeId: victim.id }));
    expect(await state(id)).toEqual(before);

    const signedOut = await call(trusteesLoader, get(`/my/letters/${id}/trustees`), { params: { id } });
    expectRedirect(signedOut, `/login?redirectTo=${encodeURIComponent(`/my/letters/${id}/trustees`)}`);
  });
});

describe("the trustee's page and key", () => {
  test("shows the letter, the organization, their description and k of n, and registers a 32-byte key once", async () => {
    const { user, cookie } = await signedIn();
    const id = await draftOf(user.id);
    const [first, second] = await addTrustees(user.id, id, { count: 3, threshold: 2 });

    const view = await trusteePage(first!.token);
    expect(view.letter).toMatchObject({
      title: "The secret title",
      addressee: "Satya Nadella, CEO",
      organizationName: "Microsoft",
      status: "DRAFT",
    });
    expect(view.you).toMatchObject({ description: first!.description, fingerprint: null });
    expect(view).toMatchObject({ letterId: id, threshold: 2, count: 3, canRegister: true, keyTool: builtKeyTool() });
    expect(JSON.stringify(view)).not.toContain(first!.email);
    expect(JSON.stringify(view)).not.toContain(second!.email);

    const before = await state(id);
    const hostile = [
      "",
      base64url(crypto.randomBytes(31)),
      base64url(crypto.randomBytes(33)),
      base64url(crypto.randomBytes(64)),
      `${base64url(crypto.randomBytes(32))}=`,
      Buffer.from(crypto.randomBytes(32)).toString("base64").replace(/[-_]/g, "+") + "+/",
      "A".repeat(43).replace(/A$/, "!"),
      "x".repeat(10_000),
      "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", // 32 zero bytes: nobody's key
    ];
    for (const publicKey of hostile) {
      const answer = expectData(await register(first!.token, publicKey), 400);
      expect(answer.data.error?.publicKey?.[0] ?? answer.data.error?.[""]?.[0], publicKey.slice(0, 50)).toMatch(/valid/);
    }
    expect(await state(id)).toEqual(before);

    const key = newPublicKey();
    expectRedirect(await register(first!.token, key.text), `/trustee/${first!.token}?registered=1`);
    const expected = await fingerprint(key.bytes);
    expect(expected).toMatch(/^([0-9A-F]{4} ){7}[0-9A-F]{4}$/);
    const registered = await trusteePage(first!.token);
    expect(registered.you.fingerprint).toBe(expected);
    expect(registered.canRegister).toBe(false);
    expect(registered.trustees.map((t) => t.fingerprint)).toEqual([expected, null, null]);

    // Once only, even with the same key: a registered key is what shares are sealed to.
    const again = expectData(await register(first!.token, newPublicKey().text), 409);
    expect(again.data.error?.[""]?.[0]).toMatch(/already registered for you/);
    expectData(await register(first!.token, key.text), 409);
    // Another trustee cannot register the same key: one key would hold two shares.
    const twin = expectData(await register(second!.token, key.text), 409);
    expect(twin.data.error?.[""]?.[0]).toMatch(/another trustee of this letter/);
    const stored = await db().trustee.findFirstOrThrow({ where: { letterId: id, position: 0 } });
    expect(Buffer.from(stored.publicKey!).equals(Buffer.from(key.bytes))).toBe(true);

    const organizerView = await page(cookie, id);
    expect(organizerView.trustees.map((t) => t.fingerprint)).toEqual([expected, null, null]);
    expect((await dashboard(cookie, id)).audit.map((a) => a.label)).toContain(`A trustee registered their key: “${first!.description}”`);
  });

  test("unknown, malformed and removed links lead nowhere, for the page and the form", async () => {
    const key = newPublicKey().text;
    for (const token of ["abcdefghijkmnpqrstuvwxyz", "short", "../../etc/passwd", "ABCDEFGHIJKMNPQRSTUVWXYZ", "a".repeat(2000)]) {
      expectNotFound(await call(trusteeLoader, get(`/trustee/${encodeURIComponent(token)}`), { params: { token } }));
      expectNotFound(await call(trusteeAction, post(`/trustee/${encodeURIComponent(token)}`, { publicKey: key }), { params: { token } }));
    }
  });

  test("keys are registered only while the letter is a draft; a closed letter's page says there is nothing to do", async () => {
    const { user, cookie } = await signedIn();
    const id = await draftOf(user.id);
    const [trustee] = await addTrustees(user.id, id, { count: 2, threshold: 2 });
    expectRedirect(
      await call(letterAction, post(`/my/letters/${id}`, { intent: "cancel", confirmDestroy: "on" }, { cookie }), { params: { id } }),
    );

    const refused = expectData(await register(trustee!.token, newPublicKey().text), 409);
    expect(refused.data.error?.[""]?.[0]).toMatch(/no longer a draft/);
    expect((await db().trustee.findFirstOrThrow({ where: { letterId: id, position: 0 } })).publicKey).toBeNull();
    const view = await trusteePage(trustee!.token);
    expect(view).toMatchObject({ canRegister: false, keyTool: null, letter: expect.objectContaining({ status: "CANCELLED" }) });
    // Shredding took the data key, and the trustees' addresses with it.
    expect((await page(cookie, id)).trustees.map((t) => t.email)).toEqual([null, null]);
    const frozen = expectData(await add(cookie, id, "Too late", trusteeEmail()), 409);
    expect(frozen.data.error?.[""]?.[0]).toMatch(/only change while the letter is a draft/);
  });
});

describe("opening a letter with trustees", () => {
  test("is refused until there are two or more, k is chosen and every key is registered; then the trustees are fixed", async () => {
    const { user, cookie } = await signedIn();
    const id = await draftOf(user.id);
    const openError = async () => expectData(await openIt(cookie, id), 409).data.error?.[""]?.[0];

    const [one] = await addTrustees(user.id, id, { count: 1 });
    expect(await openError()).toMatch(/only one trustee/);
    const [two, three] = await addTrustees(user.id, id, { count: 2 });
    expect(await openError()).toMatch(/Choose how many of the trustees must agree/);
    expectRedirect(await act(cookie, id, { intent: "set-threshold", threshold: "2" }));
    expect(await openError()).toBe("3 trustees have not created a key yet. The letter can open once every trustee has one.");
    for (const t of [one, two]) expectRedirect(await register(t!.token, newPublicKey().text));
    expect(await openError()).toBe("One trustee has not created a key yet. The letter can open once every trustee has one.");
    expect((await db().letter.findUniqueOrThrow({ where: { id } })).status).toBe("DRAFT");

    const keyBefore = (await db().letter.findUniqueOrThrow({ where: { id } })).wrappedDataKey!;
    expectRedirect(await register(three!.token, newPublicKey().text));
    expectRedirect(await openIt(cookie, id), `/my/letters/${id}`);
    const opened = await db().letter.findUniqueOrThrow({ where: { id } });
    expect(opened.status).toBe("OPEN");
    // Opening kept the key the trustees' addresses are sealed under.
    expect(Buffer.from(opened.wrappedDataKey!).equals(Buffer.from(keyBefore))).toBe(true);
    expect((await page(cookie, id)).trustees.map((t) => t.email)).toEqual([one!.email, two!.email, three!.email]);

    // Fixed from now on.
    const before = await state(id);
    for (const fields of <Record<string, string>[]>[
      { intent: "add", description: "Late", email: trusteeEmail() },
      { intent: "remove", trusteeId: before.trustees[0]!.id },
      { intent: "set-threshold", threshold: "3" },
    ]) {
      expect(expectData(await act(cookie, id, fields), 409).data.error?.[""]?.[0]).toMatch(/only change while the letter is a draft/);
    }
    expect(expectData(await register(one!.token, newPublicKey().text), 409).data.error?.[""]?.[0]).toMatch(/already registered/);
    expect(await state(id)).toEqual(before);
    expect((await page(cookie, id)).canChange).toBe(false);
  });

  test("a letter without trustees opens as before", async () => {
    const { user, cookie } = await signedIn();
    const id = await draftOf(user.id);
    expectRedirect(await openIt(cookie, id), `/my/letters/${id}`);
    expect((await db().letter.findUniqueOrThrow({ where: { id } })).wrappedDataKey).not.toBeNull();
  });

  test("the letter page shows k of n, each description and fingerprint, and never an address", async () => {
    const { user, cookie } = await signedIn();
    const id = await draftOf(user.id);
    const trustees = await addTrustees(user.id, id, { count: 3, threshold: 2, register: true });
    expectRedirect(await openIt(cookie, id));
    const slug = privateSlug(id);
    const letterPage = (await call(letterPageLoader, get(`/l/${slug}`), { params: { slug } })) as Awaited<
      ReturnType<typeof letterPageLoader>
    >;
    expect(letterPage.trustees).toEqual({
      threshold: 2,
      count: 3,
      trustees: await Promise.all(
        trustees.map(async (t, position) => ({ position, description: t.description, fingerprint: await fingerprint(t.publicKey!) })),
      ),
    });
    for (const t of trustees) expect(JSON.stringify(letterPage)).not.toContain(t.email);

    const plain = await createDraft(user.id, draftInput());
    expectRedirect(await openIt(cookie, plain.id));
    const plainSlug = privateSlug(plain.id);
    const plainPage = (await call(letterPageLoader, get(`/l/${plainSlug}`), { params: { slug: plainSlug } })) as typeof letterPage;
    expect(plainPage.trustees).toBeNull();
  });

  test("the published page shows them too, as they were when the letter opened", async () => {
    const { user, cookie } = await signedIn();
    const id = await draftOf(user.id);
    const trustees = await addTrustees(user.id, id, { count: 2, threshold: 2, register: true });
    expectRedirect(await openIt(cookie, id));
    // The names revealed as the trustees' release (a later slice) leaves them: names
    // signed after it are sealed by the server, so this letter can be published.
    const letter = await db().letter.update({ where: { id }, data: { status: "REVEALED", revealedAt: new Date() } });
    for (let i = 0; i < 5; i++) await signAs(letter, `published.${i}.${crypto.randomBytes(3).toString("hex")}@github.com`);
    const { publicSlug } = await publishLetter(user.id, id);
    const result = await call(publishedPageLoader, get(`/letters/${publicSlug}`), { params: { slug: publicSlug } });
    const published = expectData<{ trustees: unknown }>(result, 200).data;
    expect(published.trustees).toEqual({
      threshold: 2,
      count: 2,
      trustees: await Promise.all(
        trustees.map(async (t, position) => ({ position, description: t.description, fingerprint: await fingerprint(t.publicKey!) })),
      ),
    });
  });
});
