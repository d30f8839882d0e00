// The trustee's release, in their browser (issue 15): the key file is read and
// opened with the passphrase in this browser (key-file.client.ts); it is never
// uploaded. The sealed shares come from /trustee/<token>/shares a page at a
// time, are opened here, and only the opened shares are posted back, in chunks
// under the form size limit (decision 012), then "done".
import type { TrusteeKey } from "~/crypto/trustee";
import { encodeReleaseFields, RELEASE_CHUNK_ITEMS, type ReleaseItemText } from "~/domain/trustees/release-rules";
import { type KeyTool, loadTrusteeCrypto } from "~/components/trustee-crypto.client";
import { keyFileProblemOf } from "./key-file.client";

export type ReleaseProgress = { stage: "key" | "opening" | "sending" | "finishing"; done: number; total: number };
export type ReleaseResult = { outcome: "released" | "topped-up"; released: number; threshold: number; revealed: boolean; opened: number };

class ServerRefusal extends Error {}

async function json<T>(response: Response): Promise<T> {
  const body = (await response.json().catch(() => null)) as (T & { message?: string }) | null;
  if (!response.ok || !body) throw new ServerRefusal(body?.message ?? "The server could not be reached. Try again in a moment.");
  return body;
}

async function post(path: string, fields: [string, string][]) {
  return fetch(path, { method: "POST", body: new URLSearchParams(fields), credentials: "same-origin" });
}

/**
 * Opens every share waiting for this trustee, sends them, and says done. Runs
 * again if signatures arrived meanwhile (the server refuses "done" while any wait).
 */
export async function releaseAll(
  tool: KeyTool,
  key: TrusteeKey,
  o: { sharesPath: string; letterId: string; trusteeId: string; total: number; onProgress: (p: ReleaseProgress) => void },
): Promise<ReleaseResult> {
  const api = await loadTrusteeCrypto(tool);
  let total = o.total;
  let done = 0;
  for (let round = 0; round < 5; round++) {
    let pending: ReleaseItemText[] = [];
    const send = async () => {
      o.onProgress({ stage: "sending", done, total });
      const fields: [string, string][] = [
        ["intent", "release"],
        ...encodeReleaseFields(pending).map((f): [string, string] => ["shares", f]),
      ];
      await json(await post(o.sharesPath, fields));
      pending = [];
    };
    for (let after: string | null = null, first = true; first || after; first = false) {
      const page: { items: [string, string][]; next: string | null } = await json(
        await fetch(`${o.sharesPath}${after ? `?after=${encodeURIComponent(after)}` : ""}`, { credentials: "same-origin" }),
      );
      const items = page.items.map(([signatureId, sealed]) => ({ signatureId, sealedShare: api.fromBase64Url(sealed)! }));
      total = Math.max(total, done + items.length);
      const opened = await api.openShares(key, items, { letterId: o.letterId, trusteeId: o.trusteeId }, (n) =>
        o.onProgress({ stage: "opening", done: done + n, total }),
      );
      done += opened.length;
      for (const { signatureId, share } of opened) {
        pending.push({ signatureId, share: api.toBase64Url(share) });
        share.fill(0);
      }
      if (pending.length >= RELEASE_CHUNK_ITEMS) await send();
      after = page.next;
    }
    if (pending.length) await send();
    o.onProgress({ stage: "finishing", done, total });
    const response = await post(o.sharesPath, [["intent", "finish"]]);
    // 409 "still wait": signatures came in while this ran; go round again.
    if (response.status === 409 && round < 4) {
      const body = (await response.json().catch(() => null)) as { message?: string } | null;
      if (body?.message && /still wait/.test(body.message)) continue;
      throw new ServerRefusal(body?.message ?? "The server refused.");
    }
    return json<ReleaseResult>(response);
  }
  throw new ServerRefusal("Signatures keep arriving: reload the page and release again.");
}

export function problemOf(error: unknown): string {
  if (error instanceof ServerRefusal) return error.message;
  // Errors from the bundle: their `name` and `reason` say what failed (not instanceof: another copy of the classes).
  if ((error as { name?: string } | null)?.name === "EnvelopeError")
    return "Some shares did not open with this key: is it the key file of this letter, registered for you? Nothing was sent for them.";
  return keyFileProblemOf(error);
}
