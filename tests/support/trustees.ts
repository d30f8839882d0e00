// Trustees for tests (issue 15): a draft with n of them, their invitation links read
// from the sealed outbox the way the worker would open them, and keys as a trustee's
// browser would post them (32 random bytes in base64url).
import crypto from "node:crypto";
import { expect } from "vitest";
import { addTrustee } from "~/domain/trustees/add-trustee.server";
import { registerTrusteeKey } from "~/domain/trustees/register-trustee-key.server";
import { setTrusteeThreshold } from "~/domain/trustees/set-trustee-threshold.server";
import { lastQueuedTo } from "./mail";

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
