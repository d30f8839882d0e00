// The trustees' release through the routes (issue 15): the trustee page past the
// threshold, its resource route (/trustee/<token>/shares: pages of sealed shares,
// chunks of opened ones, "done"), the refusal form, and the organizers' dashboard.
// Hostile chunks (too many items, too many fields, malformed items, oversized
// bodies, unknown intents) are refused with a message and change nothing.
import { describe, expect, test } from "vitest";
import { sessionCookie } from "~/auth/current-user.server";
import { createSession } from "~/auth/session.server";
import { db } from "~/db/client.server";
import { encodeReleaseFields, MAX_RELEASE_ITEMS } from "~/domain/trustees/release-rules";
import { loader as dashboardLoader } from "~/routes/my.letters.$id._index/route";
import { action as sharesAction, loader as sharesLoader } from "~/routes/trustee.$token.shares";
import { action as trusteeAction, loader as trusteeLoader } from "~/routes/trustee.$token/route";
import { letterAwaitingTrustees, openedSharesOf, openTrusteeLetter } from "../support/trustee-release";
import { call, expectData, expectRedirect, get, post } from "./support";

type TrusteePage = Awaited<ReturnType<typeof trusteeLoader>>;
type Dashboard = Awaited<ReturnType<typeof dashboardLoader>>;

const sharesPath = (token: string) => `/trustee/${token}/shares`;
const fetchPage = async (token: string, after?: string) =>
  (await call(sharesLoader, get(`${sharesPath(token)}${after ? `?after=${after}` : ""}`), { params: { token } })) as Response;
const postFields = (token: string, fields: [string, string][]) =>
  call(sharesAction, new Request(`http://localhost${sharesPath(token)}`, { method: "POST", body: new URLSearchParams(fields) }), {
    params: { token },
  }) as Promise<Response>;
const postChunk = (token: string, items: { signatureId: string; share: string }[]) =>
  postFields(token, [["intent", "release"], ...encodeReleaseFields(items).map((f): [string, string] => ["shares", f])]);

async function snapshot(letterId: string) {
  return {
    shares: await db().trusteeShare.count({ where: { letterId } }),
    trustees: await db().trustee.findMany({ where: { letterId }, select: { releasedAt: true, refusedAt: true } }),
    letter: (await db().letter.findUniqueOrThrow({ where: { id: letterId } })).status,
  };
}

describe("the resource route", () => {
  test("pages of sealed shares, chunks of opened ones, then done: the page then says what comes next", async () => {
    const { letterId, trustees } = await letterAwaitingTrustees({ n: 3, k: 2, signatures: 3 });
    const [t1, t2] = trustees;
    const page = await fetchPage(t1!.token);
    expect(page.status).toBe(200);
    expect(page.headers.get("Cache-Control")).toBe("no-store");
    const body = (await page.json()) as { items: [string, string][]; next: string | null };
    expect(body.items).toHaveLength(3);
    expect(body.next).toBeNull();
    // Only the trustee's own sealed share (82 bytes), never the envelope.
    for (const [, sealed] of body.items) expect(Buffer.from(sealed, "base64url")).toHaveLength(82);

    const view = (await call(trusteeLoader, get(`/trustee/${t1!.token}`), { params: { token: t1!.token } })) as TrusteePage;
    expect(view.release).toMatchObject({
      phase: "open",
      totals: { awaitingYou: 3, signatures: 3, threshold: 2, trustees: 3, released: 0 },
      you: { released: false, refused: false },
    });

    const answer = await postChunk(t1!.token, await openedSharesOf(t1!, letterId));
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ stored: 3, awaitingYou: 0 });
    const done = await postFields(t1!.token, [["intent", "finish"]]);
    expect(await done.json()).toMatchObject({ outcome: "released", released: 1, threshold: 2, revealed: false });
    const again = await postFields(t1!.token, [["intent", "finish"]]);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { message: string }).message).toMatch(/already released/);

    expect(await (await postChunk(t2!.token, await openedSharesOf(t2!, letterId))).json()).toMatchObject({ stored: 3, awaitingYou: 0 });
    expect(await (await postFields(t2!.token, [["intent", "finish"]])).json()).toMatchObject({ outcome: "released", revealed: true });
    const after = (await call(trusteeLoader, get(`/trustee/${t2!.token}`), { params: { token: t2!.token } })) as TrusteePage;
    expect(after.release?.phase).toBe("over");
    expect(after.keyTool).toBeNull();
  });

  test("before the threshold, and for an unknown link", async () => {
    const { trustees } = await openTrusteeLetter({ n: 2, k: 2, threshold: 10 });
    const early = await fetchPage(trustees[0]!.token);
    expect(early.status).toBe(409);
    expect(((await early.json()) as { message: string }).message).toMatch(/not reached its threshold/);
    expect((await fetchPage("a".repeat(24))).status).toBe(404);
    expect((await fetchPage(trustees[0]!.token, "bad id with spaces")).status).toBe(400);
  });

  test("hostile chunks are refused with a message, and nothing is stored", async () => {
    const { letterId, trustees } = await letterAwaitingTrustees({ n: 2, k: 2, signatures: 2 });
    const token = trustees[0]!.token;
    const real = await openedSharesOf(trustees[0]!, letterId);
    const before = await snapshot(letterId);
    const item = (i: number) => ({ signatureId: `sig${i}`, share: real[0]!.share });
    const cases: [[string, string][], number, RegExp][] = [
      [[["intent", "release"]], 400, /cannot read/],
      [[["intent", "nonsense"]], 400, /Reload the page/],
      [
        [
          ["intent", "release"],
          ["shares", "no-dot-here"],
        ],
        400,
        /cannot read/,
      ],
      [
        [
          ["intent", "release"],
          ["shares", `${real[0]!.signatureId}.${real[0]!.share.slice(1)}`],
        ],
        400,
        /cannot read/,
      ],
      [
        [
          ["intent", "release"],
          ...Array.from({ length: 17 }, (): [string, string] => ["shares", `${real[0]!.signatureId}.${real[0]!.share}`]),
        ],
        400,
        /cannot read/,
      ],
      [
        [
          ["intent", "release"],
          ...encodeReleaseFields(Array.from({ length: MAX_RELEASE_ITEMS + 1 }, (_, i) => item(i))).map((f): [string, string] => [
            "shares",
            f,
          ]),
        ],
        400,
        /at most 5,000/,
      ],
      [
        [
          ["intent", "release"],
          ["shares", "x".repeat(70_000)],
        ],
        413,
        /far too long/,
      ],
    ];
    for (const [fields, status, message] of cases) {
      const answer = await postFields(token, fields);
      expect(answer.status, JSON.stringify(fields).slice(0, 80)).toBe(status);
      expect(((await answer.json()) as { message: string }).message).toMatch(message);
    }
    // Past the body limit: refused before it is read.
    const huge = (await call(
      sharesAction,
      new Request(`http://localhost${sharesPath(token)}`, {
        method: "POST",
        body: new URLSearchParams({ intent: "release", a: "y".repeat(1_100_000) }),
      }),
      { params: { token } },
    )) as Response;
    expect(huge.status).toBe(413);
    expect(await snapshot(letterId)).toEqual(before);
  });
});

describe("the trustee page", () => {
  test("refusing: confirmed, with an optional reason of at most 500 characters", async () => {
    const { letterId, trustees } = await letterAwaitingTrustees({ n: 3, k: 2 });
    const token = trustees[0]!.token;
    const refuse = (fields: Record<string, string>) =>
      call(trusteeAction, post(`/trustee/${token}`, { intent: "refuse", ...fields }), { params: { token } });
    const before = await snapshot(letterId);
    expectData(await refuse({ reason: "no" }), 400);
    const long = expectData(await refuse({ reason: "x".repeat(501), confirmRefuse: "on" }), 400);
    expect(JSON.stringify(long.data.error)).toMatch(/under 500 characters/);
    expect(await snapshot(letterId)).toEqual(before);
    expectRedirect(await refuse({ reason: "The count looks wrong.", confirmRefuse: "on" }), `/trustee/${token}?refused=1`);
    const view = (await call(trusteeLoader, get(`/trustee/${token}`), { params: { token } })) as TrusteePage;
    expect(view.release?.you).toEqual({ released: false, refused: true });
    expect(view.keyTool).toBeNull();
    const again = expectData(await refuse({ confirmRefuse: "on" }), 409);
    expect(JSON.stringify(again.data.error)).toMatch(/already refused/);
  });

  test("the organizers' dashboard shows who released and who refused", async () => {
    const { letterId, trustees, organizer } = await letterAwaitingTrustees({ n: 3, k: 2 });
    await postChunk(trustees[0]!.token, await openedSharesOf(trustees[0]!, letterId));
    await postFields(trustees[0]!.token, [["intent", "finish"]]);
    await call(trusteeAction, post(`/trustee/${trustees[1]!.token}`, { intent: "refuse", confirmRefuse: "on" }), {
      params: { token: trustees[1]!.token },
    });
    const { token, session } = await createSession(db(), organizer.id, "test");
    const cookie = sessionCookie(token, session.absoluteExpiresAt).split(";")[0]!;
    const view = (await call(dashboardLoader, get(`/my/letters/${letterId}`, { cookie }), { params: { id: letterId } })) as Dashboard;
    expect(view.signatories).toBeNull();
    expect(view.trusteeRelease).toMatchObject({
      threshold: 2,
      released: 1,
      refused: 1,
      canStillReveal: true,
      trustees: [{ state: "released" }, { state: "refused" }, { state: "waiting" }],
    });
  });
});
