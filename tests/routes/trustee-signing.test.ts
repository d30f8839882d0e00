// The signature step of a letter with trustees, through the route modules (issue 15,
// decision 015): the loader hands the browser what it seals with; a browser with
// JavaScript posts the envelope instead of the name (sealed here as the bundle does);
// without JavaScript the name is posted and the server seals it; hostile envelopes
// get a 400 on the form and change nothing.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { ReceiptProtection, ReceiptStatus } from "~/components/signer-receipt";
import { fromBase64Url, sealForTrustees, toBase64Url } from "~/crypto/trustee";
import { db } from "~/db/client.server";
import { privateSlug } from "~/domain/letters/private-link.server";
import * as letterRoute from "~/routes/l.$slug";
import * as signRoute from "~/routes/l.$slug.sign/route";
import * as receiptRoute from "~/routes/receipt.$token";
import { finishRelease } from "~/domain/trustees/finish-release.server";
import { releaseShares } from "~/domain/trustees/release-shares.server";
import { codeFrom } from "../support/factories";
import { openedLetter } from "../support/letters";
import { lastSentTo } from "../support/mail";
import { openedSharesOf } from "../support/trustee-release";
import { openedTrusteeLetter, openWithTrustees } from "../support/trustees";
import { call, cookieFrom, expectData, expectRedirect, get, newIp, post } from "./support";

type SignData = Awaited<ReturnType<typeof signRoute.loader>>;
type LetterData = Awaited<ReturnType<typeof letterRoute.loader>>;
type ReceiptData = Extract<Awaited<ReturnType<typeof receiptRoute.loader>>, { found: true }>;

let serial = 0;
const workEmail = () => `route.trustee.${++serial}.${Date.now().toString(36)}@microsoft.com`;
const signPath = (slug: string) => `/l/${slug}/sign`;

function submit(slug: string, fields: Record<string, string>, cookie?: string) {
  return call(signRoute.action, post(signPath(slug), fields, { cookie }), { params: { slug }, ip: newIp() });
}

async function signPage(slug: string, cookie?: string) {
  return (await call(signRoute.loader, get(signPath(slug), { cookie }), { params: { slug } })) as SignData;
}

/** Work email and code through the route: the signing cookie of a verified browser. */
async function verified(slug: string, email = workEmail()) {
  const requested = expectRedirect(await submit(slug, { intent: "request-code", email }), signPath(slug));
  const cookie = cookieFrom(requested.setCookies, "signing");
  const code = codeFrom((await lastSentTo(email, (m) => m.kind === "signing-code")).text);
  expectRedirect(await submit(slug, { intent: "verify-code", code }, cookie), signPath(slug));
  return cookie;
}

/** Seals as the signature step does in the browser, from what the loader gave it. */
async function sealAsBrowser(sealing: NonNullable<SignData["trusteeSealing"]>, identity: { name: string; title: string | null }) {
  const trustees = sealing.trustees.map((t) => ({ id: t.id, publicKey: fromBase64Url(t.publicKey, 32)! }));
  return toBase64Url(await sealForTrustees(identity, { ...sealing, trustees }));
}

const consented = { intent: "sign", publicLine: "Engineer, Azure", contactEmail: "", consent: "on" };

describe("the signature step of a letter with trustees", () => {
  test("the loader hands the browser the letter, its signature's id, the text hash, k and the keys in order; the letter page and every step say k of n", async () => {
    const { letter, trustees } = await openedTrusteeLetter({ count: 3, k: 2 });
    const slug = privateSlug(letter.id);
    // Before the code: no sealing context, but the model shows.
    const email = await signPage(slug);
    expect(email.step).toBe("email");
    expect(email.trusteeSealing).toBeNull();
    expect(email.trustees).toMatchObject({ threshold: 2, count: 3 });
    const cookie = await verified(slug);
    const page = await signPage(slug, cookie);
    expect(page.step).toBe("sign");
    expect(page.trusteeSealing).toMatchObject({
      letterId: letter.id,
      textHash: letter.textHash,
      threshold: 2,
      trustees: trustees.map((t) => ({ id: t.id, publicKey: toBase64Url(t.publicKey) })),
    });
    expect(page.trusteeSealing!.signatureId).toMatch(/^[a-z2-9]{24}$/);
    const letterPage = (await call(letterRoute.loader, get(`/l/${slug}`), { params: { slug } })) as LetterData;
    expect(letterPage.trusteeModel).toMatchObject({ threshold: 2, count: 3 });
  });

  test("with JavaScript: only the envelope is posted, it is stored as the signature's identity, and k trustees open it", async () => {
    const { letter, trustees } = await openedTrusteeLetter({ count: 3, k: 2 });
    const slug = privateSlug(letter.id);
    const cookie = await verified(slug);
    const { trusteeSealing } = await signPage(slug, cookie);
    const sealedIdentity = await sealAsBrowser(trusteeSealing!, { name: "Dana Quinn", title: "Senior Engineer" });
    const signed = expectRedirect(await submit(slug, { ...consented, sealedIdentity }, cookie));
    expect(signed.location).toMatch(/^\/receipt\//);
    const row = await db().signature.findFirstOrThrow({ where: { letterId: letter.id } });
    expect(row).toMatchObject({ id: trusteeSealing!.signatureId, identitySealing: "trustees", publicLine: "Engineer, Azure" });
    expect(await openWithTrustees(letter.id, row, trustees.slice(0, 2))).toEqual({ name: "Dana Quinn", title: "Senior Engineer" });
  });

  test("without JavaScript: the name is posted, and the server seals it for the trustees before storing anything", async () => {
    const { letter, trustees } = await openedTrusteeLetter({ count: 3, k: 2 });
    const slug = privateSlug(letter.id);
    const cookie = await verified(slug);
    expectRedirect(await submit(slug, { ...consented, name: " Dana Quinn ", title: "" }, cookie));
    const row = await db().signature.findFirstOrThrow({ where: { letterId: letter.id } });
    expect(row.identitySealing).toBe("trustees");
    expect(await openWithTrustees(letter.id, row, trustees.slice(1))).toEqual({ name: "Dana Quinn", title: null });
  });

  test("a missing name and no envelope: the name's own message, 400", async () => {
    const { letter } = await openedTrusteeLetter({ count: 2, k: 2 });
    const slug = privateSlug(letter.id);
    const cookie = await verified(slug);
    const { data } = expectData(await submit(slug, consented, cookie), 400);
    expect(data.error?.name).toEqual(["Enter your full name. It stays sealed until the threshold is met."]);
    expect(await db().signature.count({ where: { letterId: letter.id } })).toBe(0);
  });

  test("hostile envelopes: a clear message on the form, 400, nothing stored", async () => {
    const { letter } = await openedTrusteeLetter({ count: 3, k: 2 });
    const slug = privateSlug(letter.id);
    const cookie = await verified(slug);
    const { trusteeSealing } = await signPage(slug, cookie);
    const good = await sealAsBrowser(trusteeSealing!, { name: "Dana Quinn", title: null });
    const other = await sealAsBrowser({ ...trusteeSealing!, threshold: 3 }, { name: "Dana Quinn", title: null });
    const cases: [Record<string, string>, RegExp][] = [
      [{ sealedIdentity: "%%%" }, /was not made for this letter's trustees/],
      [{ sealedIdentity: good.slice(0, -4) }, /was not made for this letter's trustees/],
      [{ sealedIdentity: other }, /was not made for this letter's trustees/],
      [{ sealedIdentity: "A".repeat(5_000) }, /too long/],
      [{ sealedIdentity: good, name: "Dana Quinn" }, /both sealed and in plain text/],
    ];
    for (const [fields, message] of cases) {
      const { data } = expectData(await submit(slug, { ...consented, ...fields }, cookie), 400);
      expect(
        Object.values(data.error ?? {})
          .flat()
          .join(" "),
      ).toMatch(message);
    }
    expect(await db().signature.count({ where: { letterId: letter.id } })).toBe(0);
    expect(await db().decoyReceipt.count({ where: { letterId: letter.id } })).toBe(0);
    // Still verified: the browser's own envelope goes through.
    expectRedirect(await submit(slug, { ...consented, sealedIdentity: good }, cookie));
  });

  test("a letter without trustees gets no sealing context and refuses an envelope with a 400", async () => {
    const { letter } = await openedLetter({ threshold: 5 });
    const { letter: trusted } = await openedTrusteeLetter({ count: 2, k: 2 });
    const slug = privateSlug(letter.id);
    const cookie = await verified(slug);
    const page = await signPage(slug, cookie);
    expect(page.trusteeSealing).toBeNull();
    expect(page.trustees).toBeNull();
    const trustedCookie = await verified(privateSlug(trusted.id));
    const { trusteeSealing } = await signPage(privateSlug(trusted.id), trustedCookie);
    const envelope = await sealAsBrowser(trusteeSealing!, { name: "Dana Quinn", title: null });
    const { data } = expectData(await submit(slug, { ...consented, sealedIdentity: envelope }, cookie), 400);
    expect(data.error?.[""]?.join(" ")).toMatch(/not sealed for trustees/);
    expect(await db().signature.count({ where: { letterId: letter.id } })).toBe(0);
  });
});

describe("the receipt of a signature sealed for the trustees", () => {
  /** The receipt page's loader, and what its "How you are protected" box says, as text. */
  async function receiptOf(location: string) {
    const token = location.slice("/receipt/".length).split("?")[0]!;
    const loaded = (await call(receiptRoute.loader, get(location), { params: { token } })) as ReceiptData;
    const box = renderToStaticMarkup(
      createElement(ReceiptProtection, { status: loaded.letter.status, sealedForTrustees: loaded.sealedForTrustees }),
    ).replace(/<[^>]+>/g, "");
    return { loaded, box };
  }

  test("sealed in the browser or by the server, the box says so, and that the contact address is the server's to seal", async () => {
    const { letter } = await openedTrusteeLetter({ count: 3, k: 2 });
    const slug = privateSlug(letter.id);
    const withScript = await verified(slug);
    const { trusteeSealing } = await signPage(slug, withScript);
    const sealedIdentity = await sealAsBrowser(trusteeSealing!, { name: "Dana Quinn", title: null });
    const inBrowser = expectRedirect(await submit(slug, { ...consented, sealedIdentity }, withScript));
    const onServer = expectRedirect(await submit(slug, { ...consented, name: "Eli Ross", title: "" }, await verified(slug)));

    for (const { location } of [inBrowser, onServer]) {
      const { loaded, box } = await receiptOf(location);
      expect(loaded.sealedForTrustees).toMatchObject({ threshold: 2, count: 3 });
      expect(box).toContain("Your name is sealed for the letter’s trustees: 2 of its 3 must agree");
      expect(box).toContain("by your browser, if JavaScript was on");
      expect(box).toContain("by this server the moment your form arrived, if JavaScript was off");
      expect(box).toContain("Your personal contact address, if you left one, is sealed by this server");
      // Not the ordinary wording, which would promise what is not true here.
      expect(box).not.toContain("Your name is sealed. It is encrypted");
      expect(box).not.toContain("Whoever runs this server must be trusted.");
    }
  });

  test("a decoy receipt says what a signature's receipt says, before the trustees' reveal and after it (decision 010)", async () => {
    const { letter, trustees } = await openedTrusteeLetter({ count: 3, k: 2, threshold: 5 });
    const slug = privateSlug(letter.id);
    const sign = async (email: string) =>
      expectRedirect(await submit(slug, { ...consented, name: "Dana Quinn", title: "" }, await verified(slug, email))).location;
    const twice = workEmail();
    const first = await sign(twice);
    const decoy = await sign(twice);
    for (let i = 0; i < 4; i++) await sign(workEmail());
    expect(await db().decoyReceipt.count({ where: { letterId: letter.id } })).toBe(1);
    const both = async () => [(await receiptOf(first)).loaded, (await receiptOf(decoy)).loaded] as const;

    const [beforeFirst, beforeDecoy] = await both();
    expect(beforeFirst.letter.status).toBe("AWAITING_TRUSTEES");
    expect(beforeFirst.sealedForTrustees).toMatchObject({ threshold: 2, count: 3 });
    expect(beforeDecoy.sealedForTrustees).toEqual(beforeFirst.sealedForTrustees);

    // Two trustees release: the reveal reseals the signatures (not the decoy), and neither receipt tells that apart.
    for (const trustee of trustees.slice(0, 2)) {
      await releaseShares(trustee.token, await openedSharesOf(trustee, letter.id));
      await finishRelease(trustee.token);
    }
    const [afterFirst, afterDecoy] = await both();
    expect(afterFirst.letter.status).toBe("REVEALED");
    expect(afterFirst.sealedForTrustees).toBeNull();
    expect(afterDecoy.sealedForTrustees).toBeNull();
    // The signature's name is open now and the decoy's never will be: no receipt shows a name on a trustee letter.
    expect(await db().signature.count({ where: { letterId: letter.id, identitySealing: "server" } })).toBe(5);
    expect(afterFirst.identity).toBeNull();
    expect(afterDecoy.identity).toBeNull();
    expect(afterFirst.withTrustees).toBe(true);
    expect(afterDecoy.withTrustees).toBe(true);
    const { receiptUrl: _a, signedOn: _b, ...firstRest } = afterFirst;
    const { receiptUrl: _c, signedOn: _d, ...decoyRest } = afterDecoy;
    expect(decoyRest).toEqual(firstRest);
    const status = (loaded: typeof afterFirst) =>
      renderToStaticMarkup(
        createElement(ReceiptStatus, { ...loaded.letter, identity: loaded.identity, withTrustees: loaded.withTrustees }),
      );
    expect(status(afterFirst)).toContain("the trustees released the names to the organizers");
    expect(status(afterFirst)).not.toContain("Dana Quinn");
    expect(status(afterDecoy)).toBe(status(afterFirst));
  });

  test("on a letter without trustees the receipt keeps the ordinary wording", async () => {
    const { letter } = await openedLetter({ threshold: 5 });
    const slug = privateSlug(letter.id);
    const signed = expectRedirect(await submit(slug, { ...consented, name: "Dana Quinn", title: "" }, await verified(slug)));
    const { loaded, box } = await receiptOf(signed.location);
    expect(loaded.sealedForTrustees).toBeNull();
    expect(box).toContain("Your name is sealed. It is encrypted");
    expect(box).toContain("Whoever runs this server must be trusted.");
    expect(box).not.toMatch(/trustees|JavaScript/);
  });
});
