// Trustees for tests (issue 15): a draft with n of them, their invitation links read
// from the sealed outbox the way the worker would open them, and keys as a trustee's
// browser would post them (32 random bytes in base64url), or real key pairs for an
// opened letter whose signatures are sealed for them (openedTrusteeLetter).
import crypto from "node:crypto";
import { expect } from "vitest";
import { unwrapDataKey, unwrapTrusteeEnvelope } from "~/crypto/sealing.server";
import { createTrusteeKey, openKeyFile, openShares, openWithShares, shareFor, type TrusteeKey } from "~/crypto/trustee";
import { db } from "~/db/client.server";
import { createDraft } from "~/domain/letters/draft-letter.server";
import type { DraftInput } from "~/domain/letters/draft-rules";
import { openLetter } from "~/domain/letters/open-letter.server";
import { addTrustee } from "~/domain/trustees/add-trustee.server";
import { registerTrusteeKey } from "~/domain/trustees/register-trustee-key.server";
import { setTrusteeThreshold } from "~/domain/trustees/set-trustee-threshold.server";
import { createUser } from "./factories";
import { draftInput } from "./letters";
import { lastQueuedTo } from "./mail";
import { PASSPHRASE } from "./trustee-keys";

let serial = 0;
/** A new trustee address each call (per-address invitation limits). */
export function trusteeEmail(prefix = "trustee") {
  serial += 1;
  return `${prefix}.${serial}.${crypto.randomBytes(3).toString("hex")}@trust.example`;
}

export const base64url = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");

/** A public key as the trustee's browser posts it. */
export function newPublicKey() {
  const bytes = new Uint8Array(crypto.randomBytes(32));
  return { bytes, text: base64url(bytes) };
}

/** The token in the newest invitation queued to `email`. */
export async function inviteTokenFor(email: string) {
  const mail = await lastQueuedTo(email, "trustee-invitation");
  const token = /\/trustee\/([a-z2-9]{24})\b/.exec(mail.text)?.[1];
  expect(token, "an invitation link").toBeDefined();
  return token!;
}

export type TestTrustee = { email: string; description: string; token: string; publicKey: Uint8Array | null };

/** Adds `count` trustees to a draft through the domain; registers their keys and sets k when asked. */
export async function addTrustees(
  organizerId: string,
  letterId: string,
  { count = 3, threshold = null as number | null, register = false } = {},
): Promise<TestTrustee[]> {
  const trustees: TestTrustee[] = [];
  for (let i = 0; i < count; i++) {
    const email = trusteeEmail();
    const description = `Trustee number ${i + 1}, Example Union`;
    await addTrustee(organizerId, letterId, { description, email });
    const token = await inviteTokenFor(email);
    let publicKey: Uint8Array | null = null;
    if (register) {
      publicKey = newPublicKey().bytes;
      await registerTrusteeKey(token, publicKey);
    }
    trustees.push({ email, description, token, publicKey });
  }
  if (threshold !== null) await setTrusteeThreshold(organizerId, letterId, threshold);
  return trustees;
}

export type KeyedTrustee = TestTrustee & { id: string; key: TrusteeKey; publicKey: Uint8Array; keyFile: string };

/**
 * An OPEN letter with `count` trustees, k of them needed, each with a real key pair
 * made as their browser would make it (a cheap scrypt cost: tests/support/trustee-keys.ts),
 * so that what is sealed for them can be opened with k of their keys in a test.
 */
export async function openedTrusteeLetter({ count = 3, k = 2, ...overrides }: { count?: number; k?: number } & Partial<DraftInput> = {}) {
  const organizer = await createUser();
  const draft = await createDraft(organizer.id, draftInput(overrides));
  const added = await addTrustees(organizer.id, draft.id, { count });
  const rows = await db().trustee.findMany({ where: { letterId: draft.id }, orderBy: { position: "asc" }, select: { id: true } });
  const trustees: KeyedTrustee[] = [];
  for (const [i, row] of rows.entries()) {
    const made = await createTrusteeKey({ passphrase: PASSPHRASE, letterId: draft.id, trusteeId: row.id, scryptLogN: 14 });
    await registerTrusteeKey(added[i]!.token, made.publicKey);
    const key = await openKeyFile(made.keyFile, PASSPHRASE, { letterId: draft.id, trusteeId: row.id });
    trustees.push({ ...added[i]!, id: row.id, key, publicKey: made.publicKey, keyFile: made.keyFile });
  }
  await setTrusteeThreshold(organizer.id, draft.id, k);
  await openLetter(organizer, draft.id);
  const letter = await db().letter.findUniqueOrThrow({ where: { id: draft.id } });
  return { organizer, letter, trustees };
}

/** What a signer's browser seals with, as the signature step's loader hands it over (keys as bytes). */
export function sealContextOf(letter: { id: string; textHash: string | null; trusteeThreshold: number | null }, trustees: KeyedTrustee[]) {
  return (signatureId: string) => ({
    letterId: letter.id,
    signatureId,
    textHash: letter.textHash!,
    threshold: letter.trusteeThreshold!,
    trustees: trustees.map((t) => ({ id: t.id, publicKey: t.publicKey })),
  });
}

/**
 * The identity in a stored row, opened as the trustees' release would: the wrapped
 * envelope unwrapped with the data key, each of `holders`' shares opened with their
 * own key, then the envelope with those shares. Throws when they are too few.
 */
export async function openWithTrustees(
  letterId: string,
  row: { id: string; sealedIdentity: Uint8Array | null },
  holders: KeyedTrustee[],
): Promise<{ name: string; title: string | null }> {
  const { wrappedDataKey } = await db().letter.findUniqueOrThrow({ where: { id: letterId }, select: { wrappedDataKey: true } });
  const envelope = unwrapTrusteeEnvelope(unwrapDataKey(letterId, wrappedDataKey!), { letterId, signatureId: row.id }, row.sealedIdentity!);
  const shares = [];
  for (const t of holders) {
    const [opened] = await openShares(t.key, [{ signatureId: row.id, sealedShare: shareFor(envelope, t.id) }], {
      letterId,
      trusteeId: t.id,
    });
    shares.push(opened!.share);
  }
  return openWithShares(envelope, shares, { letterId, signatureId: row.id, textHash: (await textHashOf(letterId))! });
}

async function textHashOf(letterId: string) {
  return (await db().letter.findUniqueOrThrow({ where: { id: letterId }, select: { textHash: true } })).textHash;
}
