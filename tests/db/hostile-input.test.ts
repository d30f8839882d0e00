// The hostile-input suite (issue 13, "Tests that must exist"): every action route
// gets generated request bodies as an employer with a script would send them —
// hostile keys (`x[10000000]`, deep `a.b.c…` paths, `__proto__`, very long keys),
// long values, control characters and lone surrogates, wrong or malformed content
// types, odd methods — mixed with the route's valid fields, as real Requests into
// the route module's action. For each request:
//   (a) never a 5xx: nothing thrown but a Response or data(…) with a status, no status ≥ 500;
//   (b) a small answer: serialized size ≤ 16 KiB + 2 × the request body's size;
//   (c) a refused request (status ≥ 400) changes nothing in the database (every
//       table is compared before and after, less what a refusal may change: see IGNORED);
//   (d) no hang: each request has a guard (fast-check's per-run `timeout`), which
//       reports the counterexample instead of a silent test timeout. Not a speed check.
//
// Runs on both databases: `npx vitest run tests/db/hostile-input.test.ts` and
// `npx vitest run -c vitest.postgres.config.ts tests/db/hostile-input.test.ts`.
//
// Environment:
//   FUZZ_RUNS=2000              runs per route and kind of request (default 12: keeps `npm test` short)
//   FUZZ_SEED=… FUZZ_PATH=…     replay a failure: fast-check prints both ("seed: …, path: …")
//                               and each test's name shows its seed; add `-t '<route file>'`
//                               (and the kind of request) so only that property runs
//   FUZZ_MAX_INDEX=…            the largest `x[n]` index tried (default 4,294,967,294, the
//                               largest array index). Unbounded code (before decision 012)
//                               built a dense array up to n and took the worker's heap
//                               down past 10^8: lower it to see such code fail a property.
//   FUZZ_MAX_VALUE=…            the longest generated value, in characters (default 2,000,000)
//   FUZZ_REQUEST_TIMEOUT_MS=…   the per-request hang guard (default 60,000)
import fs from "node:fs";
import path from "node:path";
import { fc, test } from "@fast-check/vitest";
import type { AppLoadContext } from "@remix-run/node";
import { beforeAll, describe, expect } from "vitest";
import { afterAnswerSettled } from "~/auth/after-answer.server";
import { hashPassword } from "~/auth/password.server";
import { startEmailVerification } from "~/auth/email-verification.server";
import { createSession } from "~/auth/session.server";
import { db } from "~/db/client.server";
import { requestPasswordReset } from "~/domain/accounts/password-reset.server";
import { inviteOrganizer } from "~/domain/letters/co-organizers.server";
import { createDraft } from "~/domain/letters/draft-letter.server";
import { openLetter } from "~/domain/letters/open-letter.server";
import { signLetter } from "~/domain/letters/sign-letter.server";
import { requestSigningCode, verifySigningCode } from "~/domain/letters/signing-verification.server";
import { privateSlug } from "~/domain/letters/private-link.server";
import * as accountRoute from "~/routes/account/route";
import * as forgotPasswordRoute from "~/routes/forgot-password";
import * as signRoute from "~/routes/l.$slug.sign/route";
import * as loginRoute from "~/routes/login";
import * as logoutRoute from "~/routes/logout";
import * as invitationsRoute from "~/routes/my.invitations";
import * as editRoute from "~/routes/my.letters.$id.edit";
import * as organizersRoute from "~/routes/my.letters.$id.organizers";
import * as pressRoute from "~/routes/my.letters.$id.press/route";
import * as reviewRoute from "~/routes/my.letters.$id.review";
import * as dashboardRoute from "~/routes/my.letters.$id";
import * as newLetterRoute from "~/routes/my.letters.new";
import * as receiptRoute from "~/routes/receipt.$token";
import * as resetPasswordRoute from "~/routes/reset-password.$token";
import * as signUpRoute from "~/routes/signup";
import * as trusteeRoute from "~/routes/trustee.$token/route";
import * as trusteeSharesRoute from "~/routes/trustee.$token.shares";
import * as trusteesRoute from "~/routes/my.letters.$id.trustees/route";
import * as unsubscribeRoute from "~/routes/unsubscribe.$token";
import * as updatesRoute from "~/routes/my.letters.$id.updates";
import * as verifyEmailRoute from "~/routes/verify-email";
import { mapAppErrors } from "~/http/app-errors.server";
import { GOOD_PASSWORD, codeFrom } from "../support/factories";
import { draftInput } from "../support/letters";
import { lastSentTo } from "../support/mail";
import { addTrustees, newPublicKey } from "../support/trustees";
import { tableNames } from "../support/tables";

const envInt = (name: string, fallback: number) => {
  const raw = process.env[name];
  return raw ? Number.parseInt(raw, 10) : fallback;
};
const RUNS = envInt("FUZZ_RUNS", 12);
const MAX_INDEX = envInt("FUZZ_MAX_INDEX", 4_294_967_294);
const MAX_VALUE = envInt("FUZZ_MAX_VALUE", 2_000_000);
const REQUEST_TIMEOUT_MS = envInt("FUZZ_REQUEST_TIMEOUT_MS", 60_000);
const REPLAY = process.env.FUZZ_SEED
  ? { seed: Number.parseInt(process.env.FUZZ_SEED, 10), ...(process.env.FUZZ_PATH ? { path: process.env.FUZZ_PATH } : {}) }
  : {};
// fast-check stops a run at its first failure, then shrinks; the per-test timeout only has to
// cover the runs (each bounded by the guard), so it grows with them.
const TEST_TIMEOUT_MS = Math.max(600_000, RUNS * 2_000);

/** (b): the answer may carry a page's worth of messages and, at most, twice what was sent. */
const sizeBound = (requestBytes: number) => 16 * 1024 + 2 * requestBytes;

// ---------------------------------------------------------------- the database

// What a refused request may still change, and why. Everything else must stay byte for byte.
const IGNORED: Record<string, { table?: true; columns?: string[]; rows?: (row: Record<string, unknown>) => boolean }> = {
  // Limits count refused attempts (wrong passwords, wrong codes): that is what makes them limits.
  RateLimitCounter: { table: true },
  // A wrong code counts against its verification (5 tries, then a new code): a limit too.
  EmailVerification: { columns: ["attempts"] },
  SigningVerification: { columns: ["attempts"] },
  // A failed sign-in is shown to the account's owner on purpose.
  SecurityEvent: { rows: (row) => row.kind === "sign-in-failed" },
  // Sliding session expiry (written at most hourly, by any authenticated request).
  Session: { columns: ["lastActiveAt"] },
};

function serializeValue(value: unknown): unknown {
  if (value instanceof Uint8Array) return `bytes:${Buffer.from(value).toString("hex")}`;
  if (value instanceof Date) return `date:${value.toISOString()}`;
  if (typeof value === "bigint") return `bigint:${value}`;
  return value;
}

type Snapshot = Map<string, string[]>;

/** Every table's rows (less IGNORED), each row serialized, sorted: equal snapshots mean nothing changed. */
async function snapshot(tables: string[]): Promise<Snapshot> {
  const result: Snapshot = new Map();
  for (const table of tables) {
    const ignored = IGNORED[table];
    if (ignored?.table) continue;
    const rows = await db().$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${table}"`);
    result.set(
      table,
      rows
        .filter((row) => !ignored?.rows?.(row))
        .map((row) =>
          JSON.stringify(
            Object.keys(row)
              .filter((column) => !ignored?.columns?.includes(column))
              .sort()
              .map((column) => [column, serializeValue(row[column])]),
          ),
        )
        .sort(),
    );
  }
  return result;
}

/**
 * Empties every table (this file's own database) before fixtures are rebuilt, so the
 * snapshots stay small. Tables go in whatever order their foreign keys allow.
 */
async function wipe(tables: string[]) {
  let left = tables.filter((t) => t !== "_prisma_migrations");
  for (let pass = 0; left.length > 0; pass += 1) {
    const failed: string[] = [];
    for (const table of left) {
      try {
        await db().$executeRawUnsafe(`DELETE FROM "${table}"`);
      } catch (error) {
        if (pass > tables.length) throw error;
        failed.push(table);
      }
    }
    left = failed;
  }
}

function differences(before: Snapshot, after: Snapshot) {
  const found: string[] = [];
  for (const [table, rows] of after) {
    const old = new Set(before.get(table) ?? []);
    const now = new Set(rows);
    const added = rows.filter((r) => !old.has(r));
    const removed = [...old].filter((r) => !now.has(r));
    if (added.length || removed.length) {
      found.push(`${table}: +${added.length} −${removed.length} ${(added[0] ?? removed[0] ?? "").slice(0, 300)}`);
    }
  }
  return found;
}

// ---------------------------------------------------------------- fixtures

// What the routes need to get past their guards: a signed-in organizer, letters in
// the states the routes act on, a verified signing browser, a receipt, a reset link,
// a pending email verification, invitations. Rebuilt whenever a request changed the
// database (an accepted request may have used them up: signed, withdrawn, signed out…).
type Fixtures = {
  organizerId: string;
  organizerEmail: string;
  sessionCookie: string;
  otherSessionId: string;
  draftId: string;
  openLetterId: string;
  openSlug: string;
  signingCookie: string;
  receiptToken: string;
  resetToken: string;
  verificationCookie: string;
  invitationToMe: string;
  invitationByMe: string;
  trusteeId: string;
  trusteeToken: string;
};

let passwordHash = "";
let serial = 0;
const nextIp = () => {
  serial += 1;
  return `10.${(serial >> 16) & 255}.${(serial >> 8) & 255}.${serial & 255}`;
};

async function newUser(verified = true) {
  serial += 1;
  return db().user.create({
    data: {
      email: `fuzz-${serial}-${Date.now()}@personal.example`,
      displayName: "Fuzz Organizer",
      passwordHash,
      emailVerifiedAt: verified ? new Date() : null,
    },
  });
}

async function verifiedSigningToken(letter: { id: string; status: string; allowedDomains: string; organizationName: string }) {
  serial += 1;
  const email = `fuzz.signer.${serial}.${Date.now()}@microsoft.com`;
  const token = await requestSigningCode(letter.id, email, { clientIp: nextIp() });
  const mail = await lastSentTo(email, (m) => m.kind === "signing-code");
  await verifySigningCode(token, letter.id, codeFrom(mail.text), { clientIp: nextIp() });
  return token;
}

async function buildFixtures(): Promise<Fixtures> {
  const organizer = await newUser();
  const { token: sessionToken } = await createSession(db(), organizer.id, "Firefox on Linux");
  const { session: otherSession } = await createSession(db(), organizer.id, "Safari on macOS");
  const draft = await createDraft(organizer.id, draftInput());
  const opened = await createDraft(organizer.id, draftInput());
  await openLetter(organizer, opened.id);
  const letter = await db().letter.findUniqueOrThrow({ where: { id: opened.id } });
  const signingToken = await verifiedSigningToken(letter);
  const { receiptToken } = await signLetter(await verifiedSigningToken(letter), letter.id, {
    publicLine: "Engineer",
    name: "Fuzz Signer",
    title: null,
    contactEmail: null,
  });
  await requestPasswordReset({ email: organizer.email }, { clientIp: nextIp() });
  await afterAnswerSettled();
  const resetMail = await lastSentTo(organizer.email, (m) => m.kind === "account-password-reset");
  const resetToken = /reset-password\/([a-z2-9.]+)/.exec(resetMail.text)![1]!;
  // A sign-up waiting for its code (decision 013: no account exists before it is typed).
  serial += 1;
  const { token: verificationToken } = await startEmailVerification(db(), {
    email: `fuzz-pending-${serial}-${Date.now()}@personal.example`,
    newAccount: { displayName: "Fuzz Pending", passwordHash },
  });
  const inviter = await newUser();
  const inviterDraft = await createDraft(inviter.id, draftInput());
  await inviteOrganizer(inviter.id, inviterDraft.id, organizer.email);
  await inviteOrganizer(organizer.id, draft.id, `co-${serial}@personal.example`);
  const invitations = await db().organizerInvitation.findMany({ where: { letterId: { in: [inviterDraft.id, draft.id] } } });
  // Two trustees of the draft, keys not yet registered (issue 15).
  const [trustee] = await addTrustees(organizer.id, draft.id, { count: 2 });
  const trusteeRow = await db().trustee.findFirstOrThrow({ where: { letterId: draft.id, position: 0 } });
  return {
    organizerId: organizer.id,
    organizerEmail: organizer.email,
    sessionCookie: `session=${sessionToken}`,
    otherSessionId: otherSession.id,
    draftId: draft.id,
    openLetterId: letter.id,
    openSlug: privateSlug(letter.id),
    signingCookie: `signing=${signingToken}`,
    receiptToken,
    resetToken,
    verificationCookie: `email-verification=${verificationToken}`,
    invitationToMe: invitations.find((i) => i.letterId === inviterDraft.id)!.id,
    invitationByMe: invitations.find((i) => i.letterId === draft.id)!.id,
    trusteeId: trusteeRow.id,
    trusteeToken: trustee!.token,
  };
}

// ---------------------------------------------------------------- the routes

type Params = Record<string, string>;
type RouteAction = (args: { request: Request; params: Params; context: AppLoadContext }) => Promise<unknown>;
type RouteSpec = {
  action: RouteAction;
  path: (fx: Fixtures) => string;
  params: (fx: Fixtures) => Params;
  cookie: (fx: Fixtures) => string | null;
  /** Valid fields for the route (some of them complete a request), to mix with hostile ones. */
  fields: (fx: Fixtures) => [string, string][];
  /**
   * For a route that accepts nearly everything (logout): a cookie of its own for each
   * request, so that using it up does not cost a rebuild of every fixture.
   */
  throwawayCookie?: (fx: Fixtures) => Promise<string>;
};

const NEW_PASSWORD = "a brand new passphrase 42";
const uuid = "7b0a3c5e-2f1d-4e8a-9c3b-6d5e4f3a2b1c";
const tomorrow = () => new Date(Date.now() + 2 * 24 * 60 * 60_000).toISOString().slice(0, 10);
const draftFields = (): [string, string][] => [
  ["intent", "preview"],
  ["intent", "save"],
  ["title", "Cancel the contract"],
  ["addressee", "The CEO"],
  ["body", "We, the undersigned, ask you to **cancel** the contract."],
  ["organizationName", "Microsoft"],
  ["allowedDomains", "microsoft.com github.com"],
  ["threshold", "5"],
  ["deadline", tomorrow()],
  ["noteToSigners", "Use a personal device."],
  ["coolingOffHours", "48"],
];

// Keyed by the file's path under app/routes: the coverage test compares this list with the folder.
const ACTION_ROUTES: Record<string, RouteSpec> = {
  "account/route.tsx": {
    action: accountRoute.action,
    path: () => "/account",
    params: () => ({}),
    cookie: (fx) => fx.sessionCookie,
    fields: (fx) => [
      ["intent", "change-password"],
      ["intent", "revoke-session"],
      ["intent", "sign-out-everywhere"],
      ["intent", "delete-account"],
      ["currentPassword", GOOD_PASSWORD],
      ["newPassword", NEW_PASSWORD],
      ["password", GOOD_PASSWORD],
      ["sessionId", fx.otherSessionId],
    ],
  },
  "forgot-password.tsx": {
    action: forgotPasswordRoute.action,
    path: () => "/forgot-password",
    params: () => ({}),
    cookie: () => null,
    fields: (fx) => [["email", fx.organizerEmail]],
  },
  "l.$slug.sign/route.tsx": {
    action: signRoute.action,
    path: (fx) => `/l/${fx.openSlug}/sign`,
    params: (fx) => ({ slug: fx.openSlug }),
    cookie: (fx) => fx.signingCookie,
    fields: () => [
      ["intent", "request-code"],
      ["intent", "verify-code"],
      ["intent", "restart"],
      ["intent", "sign"],
      ["email", `someone.${serial}@microsoft.com`],
      ["code", "1234 5678"],
      ["publicLine", "Engineer, Azure"],
      // Decision 019: the signer's own bar (a radio's value, "" for the letter's threshold).
      ["nameAt", ""],
      ["nameAt", "50"],
      ["nameAt", "1000000"],
      ["nameAt", "1000001"],
      ["nameAt", "-5"],
      ["nameAt", "1e3"],
      ["nameAt", "３"],
      ["name", "Dana Quinn"],
      ["title", "Senior Engineer"],
      ["contactEmail", "dana@personal.example"],
      ["consent", "on"],
    ],
  },
  "login.tsx": {
    action: loginRoute.action,
    path: () => "/login",
    params: () => ({}),
    cookie: () => null,
    fields: (fx) => [
      ["email", fx.organizerEmail],
      ["password", GOOD_PASSWORD],
      ["password", "not the password"],
      ["redirectTo", "/my/letters"],
    ],
  },
  "logout.tsx": {
    action: logoutRoute.action,
    path: () => "/logout",
    params: () => ({}),
    cookie: (fx) => fx.sessionCookie,
    fields: () => [],
    throwawayCookie: async (fx) => `session=${(await createSession(db(), fx.organizerId, "Chrome on Windows")).token}`,
  },
  "my.invitations.tsx": {
    action: invitationsRoute.action,
    path: () => "/my/invitations",
    params: () => ({}),
    cookie: (fx) => fx.sessionCookie,
    fields: (fx) => [
      ["intent", "accept"],
      ["intent", "decline"],
      ["invitationId", fx.invitationToMe],
    ],
  },
  "my.letters.$id.edit.tsx": {
    action: editRoute.action,
    path: (fx) => `/my/letters/${fx.draftId}/edit`,
    params: (fx) => ({ id: fx.draftId }),
    cookie: (fx) => fx.sessionCookie,
    fields: draftFields,
  },
  "my.letters.$id.organizers.tsx": {
    action: organizersRoute.action,
    path: (fx) => `/my/letters/${fx.draftId}/organizers`,
    params: (fx) => ({ id: fx.draftId }),
    cookie: (fx) => fx.sessionCookie,
    fields: (fx) => [
      ["intent", "invite"],
      ["intent", "cancel-invitation"],
      ["email", `colleague.${serial}@personal.example`],
      ["invitationId", fx.invitationByMe],
    ],
  },
  "my.letters.$id.press/route.tsx": {
    action: pressRoute.action,
    path: (fx) => `/my/letters/${fx.openLetterId}/press`,
    params: (fx) => ({ id: fx.openLetterId }),
    cookie: (fx) => fx.sessionCookie,
    fields: () => [
      ["intent", "create-preview"],
      ["intent", "revoke-preview"],
      ["intent", "add-contact"],
      ["intent", "remove-contact"],
      ["intent", "send"],
      ["label", "Jane Doe, The Example Times"],
      ["embargoDate", tomorrow()],
      ["embargoTime", "09:00"],
      ["expiresInDays", "14"],
      ["previewId", "abc123"],
      ["name", "Jane Doe"],
      ["outlet", "The Example Times"],
      ["email", "jane@example.org"],
      ["contactId", uuid],
      ["kind", "preview"],
      ["kind", "published"],
      ["contactIds", uuid],
      ["contactIds[0]", uuid],
      ["pressContactLine", "Write to organizers@example.org"],
    ],
  },
  "my.letters.$id.review.tsx": {
    action: reviewRoute.action,
    path: (fx) => `/my/letters/${fx.openLetterId}/review`,
    params: (fx) => ({ id: fx.openLetterId }),
    cookie: (fx) => fx.sessionCookie,
    fields: () => [["confirmPublish", "on"]],
  },
  "my.letters.$id.tsx": {
    action: dashboardRoute.action,
    path: (fx) => `/my/letters/${fx.draftId}`,
    params: (fx) => ({ id: fx.draftId }),
    cookie: (fx) => fx.sessionCookie,
    fields: () => [
      ["intent", "open"],
      ["intent", "cancel"],
      ["confirmFrozen", "on"],
      ["confirmDestroy", "on"],
    ],
  },
  "my.letters.new.tsx": {
    action: newLetterRoute.action,
    path: () => "/my/letters/new",
    params: () => ({}),
    cookie: (fx) => fx.sessionCookie,
    fields: draftFields,
  },
  "receipt.$token.tsx": {
    action: receiptRoute.action,
    path: (fx) => `/receipt/${fx.receiptToken}`,
    params: (fx) => ({ token: fx.receiptToken }),
    cookie: () => null,
    fields: () => [["confirm", "on"]],
  },
  "reset-password.$token.tsx": {
    action: resetPasswordRoute.action,
    path: (fx) => `/reset-password/${fx.resetToken}`,
    params: (fx) => ({ token: fx.resetToken }),
    cookie: () => null,
    fields: () => [["password", NEW_PASSWORD]],
  },
  "signup.tsx": {
    action: signUpRoute.action,
    path: () => "/signup",
    params: () => ({}),
    cookie: () => null,
    fields: () => [
      ["email", `new.${serial}.${Date.now()}@personal.example`],
      ["displayName", "Ada Organizer"],
      ["password", NEW_PASSWORD],
    ],
  },
  "my.letters.$id.trustees/route.tsx": {
    action: trusteesRoute.action,
    path: (fx) => `/my/letters/${fx.draftId}/trustees`,
    params: (fx) => ({ id: fx.draftId }),
    cookie: (fx) => fx.sessionCookie,
    fields: (fx) => [
      ["intent", "add"],
      ["intent", "remove"],
      ["intent", "set-threshold"],
      ["description", "Legal aid contact, Tech Workers Union"],
      ["email", `trustee.${serial}@trust.example`],
      ["trusteeId", fx.trusteeId],
      ["threshold", "2"],
    ],
  },
  "trustee.$token/route.tsx": {
    action: trusteeRoute.action,
    path: (fx) => `/trustee/${fx.trusteeToken}`,
    params: (fx) => ({ token: fx.trusteeToken }),
    cookie: () => null,
    fields: () => [
      ["publicKey", newPublicKey().text],
      ["intent", "refuse"],
      ["reason", "The count looks forged."],
      ["confirmRefuse", "on"],
    ],
  },
  "trustee.$token.shares.ts": {
    action: trusteeSharesRoute.action,
    path: (fx) => `/trustee/${fx.trusteeToken}/shares`,
    params: (fx) => ({ token: fx.trusteeToken }),
    cookie: () => null,
    fields: () => [
      ["intent", "release"],
      ["intent", "finish"],
      ["shares", `${"a".repeat(24)}.${"A".repeat(44)}`],
    ],
  },
  "my.letters.$id.updates.tsx": {
    action: updatesRoute.action,
    // An open letter: whatever the body, the parse runs first and the letter then refuses updates.
    path: (fx) => `/my/letters/${fx.openLetterId}/updates`,
    params: (fx) => ({ id: fx.openLetterId }),
    cookie: (fx) => fx.sessionCookie,
    fields: () => [
      ["intent", "post-update"],
      ["intent", "deliver"],
      ["body", "The company answered: **no**."],
      ["addresseeEmails", "ceo@example.com, board@example.com"],
    ],
  },
  "unsubscribe.$token.tsx": {
    action: unsubscribeRoute.action,
    // A well-formed token nobody holds: the one-click POST carries no fields at all.
    path: () => `/unsubscribe/${"a".repeat(24)}`,
    params: () => ({ token: "a".repeat(24) }),
    cookie: () => null,
    fields: () => [["List-Unsubscribe", "One-Click"]],
  },
  "verify-email.tsx": {
    action: verifyEmailRoute.action,
    path: () => "/verify-email",
    params: () => ({}),
    cookie: (fx) => fx.verificationCookie,
    fields: () => [
      ["intent", "verify"],
      ["intent", "resend"],
      ["code", "1234 5678"],
    ],
  },
};

// ---------------------------------------------------------------- what is sent

type Part =
  | { kind: "valid"; index: number; value?: string } // one of the route's valid fields, maybe with a hostile value
  | { kind: "hostile"; key: string; value: string }
  // A whole valid submission (each field once, one intent), some of its values replaced.
  // `poison` goes into the middle of the valid values of the fields `mask` picks.
  | { kind: "form"; choice: number; overrides: { index: number; value: string }[]; poison: string | null; mask: boolean[] };

type Encoding =
  | "urlencoded"
  | "urlencoded-raw-junk"
  | "multipart"
  | "multipart-no-boundary"
  | "multipart-other-boundary"
  | "multipart-truncated"
  | "multipart-no-disposition"
  | "multipart-garbage"
  | "text/plain"
  | "json"
  | "none"
  | "declared-form-sent-json";

type Shape = { method: string; encoding: Encoding; parts: Part[]; withCookie: boolean; junk: string };

const CONTROL = ["\u0000", "\u0001", "\u0007", "\b", "\t", "\n", "\r", "\r\n", "\u000b", "\u000c", "\u001b", "\u001f", "\u007f", "\u0085"];
const ODD = [
  "\ud800",
  "\udfff",
  "\udbff\udc00",
  "\ufeff",
  "\u202e",
  "\u2066",
  "\u2028",
  "\u2029",
  "\uffff",
  "\ufffe",
  "😀",
  "é",
  "e\u0301",
  "\u0130",
];

const controlString = fc.string({
  unit: fc.constantFrom(...CONTROL, ...ODD, "a", " ", "=", "&", "%", '"', "\\", "[", "]", "."),
  maxLength: 40,
});

const longValue = fc
  .tuple(fc.constantFrom("a", " ", "é", "😀", "\u0000", "\r\n", "<script>", "%", "\ud800"), fc.integer({ min: 1_000, max: MAX_VALUE }))
  .map(([unit, length]) => unit.repeat(Math.max(1, Math.floor(length / unit.length))));

const value = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 4, arbitrary: controlString },
  // Text with one control character inside (PostgreSQL refuses NUL in text columns: issue 13, finding 11).
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom(...CONTROL), fc.string({ maxLength: 12 }))
      .map(([a, c, b]) => `${a}${c}${b}`),
  },
  { weight: 2, arbitrary: longValue },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "",
      "on",
      "off",
      "true",
      "false",
      "1",
      "0",
      "-1",
      "NaN",
      "Infinity",
      "1e309",
      "9007199254740993",
      "null",
      "undefined",
      "[]",
      "{}",
      "2026-02-30",
      "25:99",
    ),
  },
);

const hugeIndex = fc.oneof(
  fc.integer({ min: 0, max: MAX_INDEX }),
  fc.constantFrom(MAX_INDEX, 10_000_000, 4_294_967_295, 4_294_967_296, 1e21).filter((i) => i <= MAX_INDEX || i > 4_294_967_294),
);

const key = fc.oneof(
  { weight: 3, arbitrary: hugeIndex.map((i) => `x[${i}]`) },
  { weight: 1, arbitrary: hugeIndex.map((i) => `intent[${i}]`) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "__proto__",
      "constructor",
      "prototype",
      "toString",
      "hasOwnProperty",
      "valueOf",
      "__proto__[polluted]",
      "__proto__.polluted",
      "constructor[prototype][polluted]",
      "constructor.prototype.polluted",
      "x[]",
      "x[][]",
      "x[-1]",
      "x[1e9]",
      "x[0x10]",
      "x[ 1]",
      "x[01]",
      "",
      "[",
      "]",
      "[]",
      "[0]",
      "x[",
      "x]]",
      ".",
      "..",
      "a..b",
      "a.",
      ".a",
      "intent[]",
      "intent.x",
      "email[0]",
      "email.x",
      "password[]",
      "$ACTION_ID",
      "_data",
      "\u0000",
      "\r\nX-Injected: 1",
    ),
  },
  {
    weight: 2,
    arbitrary: fc.integer({ min: 2, max: 5_000 }).map((depth) => Array.from({ length: depth }, (_, i) => `a${i % 10}`).join(".")),
  },
  { weight: 1, arbitrary: fc.integer({ min: 2, max: 2_000 }).map((depth) => `a${"[0]".repeat(depth)}`) },
  { weight: 1, arbitrary: fc.integer({ min: 2, max: 2_000 }).map((depth) => `a${"[b]".repeat(depth)}`) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 200_000 }).map((length) => "k".repeat(length)) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 30 }) },
  { weight: 1, arbitrary: controlString },
);

const validPart = fc.record({ kind: fc.constant("valid" as const), index: fc.nat() });
const validKeyHostileValue = fc.record({ kind: fc.constant("valid" as const), index: fc.nat(), value });
const hostilePart = fc.record({ kind: fc.constant("hostile" as const), key, value });
const formWithHostileValues = fc.record({
  kind: fc.constant("form" as const),
  choice: fc.nat(),
  overrides: fc.array(fc.record({ index: fc.nat(), value }), { maxLength: 3 }),
  poison: fc.option(fc.oneof(fc.constant("\u0000"), fc.constantFrom(...CONTROL, ...ODD)), { nil: null }),
  mask: fc.array(fc.boolean(), { minLength: 1, maxLength: 12 }),
});

const FORM_ENCODINGS: Encoding[] = ["urlencoded", "multipart"];
const OTHER_ENCODINGS: Encoding[] = [
  "urlencoded-raw-junk",
  "multipart-no-boundary",
  "multipart-other-boundary",
  "multipart-truncated",
  "multipart-no-disposition",
  "multipart-garbage",
  "text/plain",
  "json",
  "none",
  "declared-form-sent-json",
];

function shapeOf(encodings: Encoding[], methods: string[], parts: fc.Arbitrary<Part[]>) {
  return fc.record({
    method: fc.constantFrom(...methods),
    encoding: fc.constantFrom(...encodings),
    parts,
    // Mostly with the route's cookie, so requests get past sign-in to the form.
    withCookie: fc.integer({ min: 0, max: 9 }).map((n) => n < 7),
    junk: fc.constantFrom("%", "%ZZ", "%E0%A4%A", "&&&", "==", "=%00", "a=%C0%80", "%ED%A0%80=1", "&x"),
  });
}

// Three kinds of hostile request, each its own property so one failure does not hide the others.
const KINDS: { name: string; shape: fc.Arbitrary<Shape> }[] = [
  {
    name: "hostile keys (indices, deep paths, __proto__, long keys) among valid fields",
    shape: shapeOf(
      FORM_ENCODINGS,
      ["POST"],
      fc.array(fc.oneof({ weight: 1, arbitrary: validPart }, { weight: 2, arbitrary: hostilePart }), { maxLength: 12 }),
    ),
  },
  {
    name: "hostile values (control characters, lone surrogates, long text) in the route's own fields",
    // Mostly one whole submission with a value or three replaced, so the value reaches the domain
    // and the database (a field given twice would stop at the schema).
    shape: shapeOf(
      FORM_ENCODINGS,
      ["POST"],
      fc.oneof(
        { weight: 3, arbitrary: formWithHostileValues.map((form) => [form]) },
        { weight: 1, arbitrary: fc.array(fc.oneof(validPart, validKeyHostileValue), { maxLength: 12 }) },
      ),
    ),
  },
  {
    name: "wrong or malformed content types and odd methods",
    shape: shapeOf(
      [...OTHER_ENCODINGS, ...FORM_ENCODINGS],
      ["POST", "PUT", "PATCH", "DELETE", "OPTIONS", "PROPFIND", "X-ODD"],
      fc.array(fc.oneof(validPart, validKeyHostileValue, hostilePart), { maxLength: 12 }),
    ),
  },
];

// ---------------------------------------------------------------- building requests

/** Percent-encoding of UTF-8 (lone surrogates become U+FFFD, as a browser sends them). */
function formEncode(text: string) {
  let out = "";
  for (const byte of new TextEncoder().encode(text)) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9*\-._]/.test(c) ? c : c === " " ? "+" : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** Each of the route's fields once, the `choice`-th of its valid values (so one intent). */
function wholeForm(fields: [string, string][], choice: number) {
  const names = [...new Set(fields.map(([name]) => name))];
  return names.map((name): [string, string] => {
    const values = fields.filter(([n]) => n === name);
    return values[choice % values.length]!;
  });
}

function entriesOf(s: Shape, fields: [string, string][]): [string, string][] {
  return s.parts.flatMap((p): [string, string][] => {
    if (p.kind === "hostile") return [[p.key, p.value]];
    if (p.kind === "form") {
      const form = wholeForm(fields, p.choice).map(([name, valid], i): [string, string] =>
        p.poison !== null && p.mask[i % p.mask.length]
          ? [name, `${valid.slice(0, valid.length >> 1)}${p.poison}${valid.slice(valid.length >> 1)}`]
          : [name, valid],
      );
      for (const { index, value: replaced } of p.overrides)
        if (form.length) form[index % form.length] = [form[index % form.length]![0], replaced];
      return form;
    }
    if (fields.length === 0) return [];
    const [name, valid] = fields[p.index % fields.length]!;
    return [[name, p.value ?? valid]];
  });
}

const BOUNDARY = "----fuzzBoundary7MA4YWxkTrZu0gW";
const encoder = new TextEncoder();

function multipart(entries: [string, string][], { disposition = true } = {}) {
  // Names escaped as the HTML standard says (quote and newlines percent-encoded).
  const escape = (name: string) => name.replace(/"/g, "%22").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  return entries
    .map(([name, v]) => `--${BOUNDARY}\r\n${disposition ? `Content-Disposition: form-data; name="${escape(name)}"\r\n` : ""}\r\n${v}\r\n`)
    .join("")
    .concat(`--${BOUNDARY}--\r\n`);
}

function body(s: Shape, entries: [string, string][]): { bytes: Uint8Array<ArrayBuffer>; contentType: string | null } {
  const urlencoded = entries.map(([k, v]) => `${formEncode(k)}=${formEncode(v)}`).join("&");
  const asObject = () => JSON.stringify(Object.fromEntries(entries));
  const form = "application/x-www-form-urlencoded";
  const multi = `multipart/form-data; boundary=${BOUNDARY}`;
  switch (s.encoding) {
    case "urlencoded":
      return { bytes: encoder.encode(urlencoded), contentType: form };
    case "urlencoded-raw-junk":
      return { bytes: encoder.encode(`${urlencoded}&${s.junk}`), contentType: `${form}; charset=utf-16` };
    case "multipart":
      return { bytes: encoder.encode(multipart(entries)), contentType: multi };
    case "multipart-no-boundary":
      return { bytes: encoder.encode(multipart(entries)), contentType: "multipart/form-data" };
    case "multipart-other-boundary":
      return { bytes: encoder.encode(multipart(entries)), contentType: "multipart/form-data; boundary=somethingElse" };
    case "multipart-truncated": {
      const full = multipart(entries);
      return { bytes: encoder.encode(full.slice(0, Math.max(0, full.length - BOUNDARY.length - 8))), contentType: multi };
    }
    case "multipart-no-disposition":
      return { bytes: encoder.encode(multipart(entries.length ? entries : [["a", "b"]], { disposition: false })), contentType: multi };
    case "multipart-garbage":
      return { bytes: encoder.encode(`${urlencoded}${s.junk}\r\n--`), contentType: multi };
    case "text/plain":
      return { bytes: encoder.encode(entries.map(([k, v]) => `${k}=${v}\r\n`).join("")), contentType: "text/plain;charset=UTF-8" };
    case "json":
      return { bytes: encoder.encode(asObject()), contentType: "application/json" };
    case "none":
      return { bytes: encoder.encode(urlencoded), contentType: null };
    case "declared-form-sent-json":
      return { bytes: encoder.encode(asObject()), contentType: form };
  }
}

function buildRequest(spec: RouteSpec, fx: Fixtures, s: Shape, cookie: string | null) {
  const { bytes, contentType } = body(s, entriesOf(s, spec.fields(fx)));
  const headers = new Headers();
  if (contentType) headers.set("Content-Type", contentType);
  if (cookie) headers.set("Cookie", cookie);
  headers.set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0");
  // A Uint8Array body: fetch adds no Content-Type of its own, so "none" really sends none.
  const request = new Request(`http://localhost${spec.path(fx)}`, { method: s.method, body: bytes, headers });
  return { request, requestBytes: bytes.byteLength };
}

// ---------------------------------------------------------------- what came back

type Outcome = { status: number; size: number; what: string };

async function outcomeOf(result: unknown): Promise<Outcome> {
  if (result instanceof Response) {
    const text = await result.text();
    return { status: result.status, size: Buffer.byteLength(text), what: `Response ${result.status} ${text.slice(0, 200)}` };
  }
  const value = result as { type?: string; data?: unknown; init?: ResponseInit | null } | undefined;
  if (value && value.type === "DataWithResponseInit") {
    const json = JSON.stringify(value.data) ?? "";
    return {
      status: value.init?.status ?? 200,
      size: Buffer.byteLength(json),
      what: `data ${value.init?.status ?? 200} ${json.slice(0, 200)}`,
    };
  }
  const json = JSON.stringify(result) ?? "";
  return { status: 200, size: Buffer.byteLength(json), what: `object ${json.slice(0, 200)}` };
}

/**
 * Runs the action like Remix does: a thrown Response, or a thrown `data(…, { status })`
 * (single fetch turns it into an error response with that status; readForm's
 * refusals, decision 012), is an answer; anything else thrown is a 500.
 */
async function send(spec: RouteSpec, fx: Fixtures, s: Shape, cookie: string | null) {
  const { request, requestBytes } = buildRequest(spec, fx, s, cookie);
  const context: AppLoadContext = { cspNonce: "n", clientIp: nextIp(), directLoopback: false };
  try {
    // AppErrors answered as server/web.js has every route answer them.
    const result = await mapAppErrors(spec.action)({ request, params: spec.params(fx), context });
    // Work a route does after answering (a reset request, decision 013) belongs to this request.
    await afterAnswerSettled();
    return { requestBytes, outcome: await outcomeOf(result) };
  } catch (thrown) {
    await afterAnswerSettled();
    if (thrown instanceof Response) return { requestBytes, outcome: await outcomeOf(thrown) };
    if ((thrown as { type?: string } | null)?.type === "DataWithResponseInit") return { requestBytes, outcome: await outcomeOf(thrown) };
    return { requestBytes, outcome: { status: 500, size: 0, what: `thrown ${String(thrown).slice(0, 300)}` } };
  }
}

/** A short description of a generated request, for the failure message (not the whole 2 MB). */
function describeShape(s: Shape, fields: [string, string][]) {
  const shown = (v: string) => `${JSON.stringify(v.slice(0, 40))}(${v.length})`;
  const parts = s.parts.map((p) =>
    p.kind === "valid"
      ? `valid#${p.index}${p.value === undefined ? "" : `=${shown(p.value)}`}`
      : p.kind === "form"
        ? `form[${entriesOf({ ...s, parts: [p] }, fields)
            .map(([name, v]) => `${name}=${shown(v)}`)
            .join(", ")}]`
        : `${shown(p.key)}=${shown(p.value)}`,
  );
  return `${s.method} ${s.encoding} cookie=${s.withCookie} [${parts.join(", ")}]`;
}

// ---------------------------------------------------------------- the tests

let fixtures: Fixtures;
let tables: string[];
// The database as the last request left it: nothing else writes between runs (jobs are off
// in tests), so one snapshot per request is enough.
let current: Snapshot;

async function freshStart() {
  await wipe(tables);
  fixtures = await buildFixtures();
  current = await snapshot(tables);
}

beforeAll(async () => {
  passwordHash = await hashPassword(GOOD_PASSWORD);
  tables = await tableNames();
  await freshStart();
});

describe("every action route is in this suite", () => {
  test("the list matches the files under app/routes that export an action", () => {
    const root = path.resolve(__dirname, "../../app/routes");
    const exportsAction = /export\s+(async\s+)?function\s+action\b|export\s+(const|let)\s+action\b|export\s*\{[^}]*\baction\b[^}]*\}/;
    const found = (fs.readdirSync(root, { recursive: true }) as string[])
      .filter((file) => /\.(tsx?|jsx?)$/.test(file) && exportsAction.test(fs.readFileSync(path.join(root, file), "utf8")))
      .map((file) => file.split(path.sep).join("/"))
      .sort();
    expect(Object.keys(ACTION_ROUTES).sort()).toEqual(found);
  });
});

for (const kind of KINDS) {
  describe(kind.name, () => {
    for (const [file, spec] of Object.entries(ACTION_ROUTES)) {
      test.prop([kind.shape], { numRuns: RUNS, timeout: REQUEST_TIMEOUT_MS, ...REPLAY })(
        `${file}: no 5xx, a small answer, nothing changed when refused`,
        async (s) => {
          let cookie = s.withCookie ? spec.cookie(fixtures) : null;
          if (cookie && spec.throwawayCookie) {
            cookie = await spec.throwawayCookie(fixtures);
            current = await snapshot(tables);
          }
          const before = current;
          const { requestBytes, outcome } = await send(spec, fixtures, s, cookie);
          current = await snapshot(tables);
          const changed = differences(before, current);
          // An accepted request may have used the fixtures up (signed out, withdrew, published…).
          if (changed.length > 0 && !spec.throwawayCookie) await freshStart();

          const sent = describeShape(s, spec.fields(fixtures));
          expect(outcome.status, `(a) ${sent} → ${outcome.what}`).toBeLessThan(500);
          expect(outcome.size, `(b) ${sent} (${requestBytes} bytes) → ${outcome.what}`).toBeLessThanOrEqual(sizeBound(requestBytes));
          if (outcome.status >= 400) expect(changed, `(c) ${sent} → ${outcome.what}`).toEqual([]);
        },
        TEST_TIMEOUT_MS,
      );
    }
  });
}

// The cooling-off period (decision 020): the form offers a select, but the server takes
// whatever is posted. Anything but a whole number of hours from 0 to 168 gets the
// form's message and changes nothing; a value in range the select does not offer is kept.
describe("the cooling-off period, posted by hand", () => {
  const post = async (route: RouteSpec, hours: string | string[]) => {
    const form = new URLSearchParams(draftFields().filter(([name]) => name !== "coolingOffHours" && name !== "intent"));
    form.set("intent", "save");
    for (const value of Array.isArray(hours) ? hours : [hours]) form.append("coolingOffHours", value);
    const request = new Request(`http://localhost${route.path(fixtures)}`, {
      method: "POST",
      body: form,
      headers: { Cookie: route.cookie(fixtures)!, "Content-Type": "application/x-www-form-urlencoded" },
    });
    const context: AppLoadContext = { cspNonce: "n", clientIp: nextIp(), directLoopback: false };
    // The whole answer: the form's messages are in its data (outcomeOf keeps 200 characters of it).
    const whole = async (result: unknown) => {
      const value = result as { type?: string; data?: unknown; init?: ResponseInit | null };
      if (result instanceof Response) return { status: result.status, what: await result.text() };
      if (value?.type === "DataWithResponseInit") return { status: value.init?.status ?? 200, what: JSON.stringify(value.data) };
      return { status: 200, what: JSON.stringify(result) };
    };
    try {
      return await whole(await mapAppErrors(route.action)({ request, params: route.params(fixtures), context }));
    } catch (thrown) {
      return whole(thrown);
    }
  };

  for (const file of ["my.letters.new.tsx", "my.letters.$id.edit.tsx"]) {
    test(`${file}: hostile hours are refused with the form's message, and nothing changes`, async () => {
      const route = ACTION_ROUTES[file]!;
      for (const hours of ["-1", "169", "1e2", "4.5", "0x10", "abc", "99999999999999999999", " ", "48 hours", ["24", "48"]]) {
        const before = await snapshot(tables);
        const outcome = await post(route, hours);
        expect(outcome.status, `${JSON.stringify(hours)} → ${outcome.what}`).toBe(400);
        expect(outcome.what, JSON.stringify(hours)).toContain("Choose a cooling-off period from the list");
        expect(differences(before, await snapshot(tables)), JSON.stringify(hours)).toEqual([]);
      }
    });
  }

  test("a whole number of hours in range is stored, offered by the form or not; none posted means the default", async () => {
    const route = ACTION_ROUTES["my.letters.$id.edit.tsx"]!;
    for (const [hours, stored] of [
      ["0", 0],
      ["5", 5],
      ["168", 168],
      ["", 48],
    ] as const) {
      const outcome = await post(route, hours);
      expect(outcome.status, `${hours} → ${outcome.what}`).toBeLessThan(400);
      expect((await db().letter.findUniqueOrThrow({ where: { id: fixtures.draftId } })).coolingOffHours).toBe(stored);
    }
    await freshStart();
  });
});
