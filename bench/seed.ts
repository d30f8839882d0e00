// Seeding for the benchmark, through the app's own domain functions: an organizer
// who signs up and verifies, letters drafted and opened, and signers who each
// request a code, read it from the outbox, type it and sign (sealing included).
// Runs in the bench's own process before the server starts, so the server begins
// with a database in the state a real letter would have reached.
import { spawn } from "node:child_process";
import path from "node:path";
import { signUp } from "~/domain/accounts/sign-up.server";
import { verifyLoginEmail } from "~/domain/accounts/verify-login-email.server";
import { createDraft } from "~/domain/letters/draft-letter.server";
import { openLetter } from "~/domain/letters/open-letter.server";
import { publishLetter } from "~/domain/letters/publish-letter.server";
import { signLetter } from "~/domain/letters/sign-letter.server";
import { requestSigningCode, verifySigningCode } from "~/domain/letters/signing-verification.server";
import { db } from "~/db/client.server";
import { privatePath } from "~/domain/letters/private-link.server";
import { installMailCapture } from "~/mail/capture-transport.server";

export const ORGANIZER_PASSWORD = "benchmark organizer passphrase 2026";
export const DOMAIN = "bench-corp.example";
const DAY = 24 * 60 * 60_000;

function codeIn(text: string | null) {
  const match = /(\d{4}) (\d{4})/.exec(text ?? "");
  if (!match) throw new Error("no code in the mail");
  return match[1]! + match[2]!;
}

// Codes are sent from memory (decision 009): the seed reads them from a capture
// installed in place of the transport.
const capture = installMailCapture();

async function newestMailTo(recipient: string) {
  const mail = await capture.latestTo(recipient);
  if (!mail) throw new Error("no mail was sent");
  return mail;
}

export async function seedOrganizer(email: string) {
  const token = await signUp({ email, displayName: "Bench Organizer", password: ORGANIZER_PASSWORD }, { clientIp: "198.51.100.1" });
  const { sessionToken } = await verifyLoginEmail(token, codeIn((await newestMailTo(email)).text), {
    clientIp: "198.51.100.1",
    userAgent: null,
  });
  const user = await db().user.findUniqueOrThrow({ where: { email } });
  return { user, sessionToken };
}

export async function seedOpenLetter(organizer: { id: string; emailVerifiedAt: Date | null }, title: string, threshold: number) {
  const draft = await createDraft(organizer.id, {
    title,
    addressee: "The Chief Executive",
    body: "We, the undersigned employees, ask you to **cancel** the contract.\n\nWe love our work and want to be proud of what it is used for.",
    organizationName: "Bench Corp",
    allowedDomains: [DOMAIN],
    threshold,
    deadline: new Date(Date.now() + 30 * DAY),
    noteToSigners: null,
    // The bench measures the reveal at the crossing: no cooling-off period (decision 020).
    coolingOffHours: 0,
  });
  await openLetter(organizer, draft.id);
  return { id: draft.id, path: privatePath(draft.id) };
}

/** Distinct documentation-range addresses, so per-network limits see many signers. */
export function signerIp(n: number) {
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

/** Signer n's own loopback address, to connect through nginx from (127.1.0.0 onwards; 127.0.0.1 stays the machine's). */
export function signerLoopbackAddress(n: number) {
  return `127.${1 + ((n >> 16) & 127)}.${(n >> 8) & 255}.${n & 255}`;
}

export function signerEmail(prefix: string, n: number) {
  return `${prefix}-${n}@${DOMAIN}`;
}

/** Signers number `from` to `to` - 1, each through the whole verified flow. */
export async function seedSignatureRange(letterId: string, prefix: string, from: number, to: number, onProgress?: (done: number) => void) {
  for (let n = from; n < to; n++) {
    const email = signerEmail(prefix, n);
    const clientIp = signerIp(n);
    const token = await requestSigningCode(letterId, email, { clientIp });
    // Read the code, then forget the mail (it is not real): the capture stays a
    // few mails long, so finding each signer's mail stays as cheap as the first.
    const mail = await newestMailTo(email);
    capture.clear();
    await verifySigningCode(token, letterId, codeIn(mail.text), { clientIp });
    await signLetter(token, letterId, {
      name: `Signer ${prefix} ${n}`,
      title: n % 2 ? "Software Engineer" : null,
      publicLine: n % 3 ? `Engineer, team ${n % 97}` : null,
      contactEmail: null,
    });
    if (onProgress && (n - from + 1) % 1000 === 0) onProgress(n - from + 1);
  }
}

// SQLite takes one writer at a time: two processes keep both cores busy. PostgreSQL
// waits on the network and the disk: more processes overlap those waits.
const SEED_WORKERS = process.env.DATABASE_URL?.startsWith("postgres") ? 4 : 2;

/**
 * `count` signers, split over `workers` processes (bench/seed-worker.ts) so
 * seeding 100,000 takes minutes, not a quarter of an hour: each process has its
 * own database connection, and the database sees concurrent signers as in a rush.
 */
export async function seedSignatures(
  letterId: string,
  prefix: string,
  count: number,
  { workers = SEED_WORKERS, say = (_: string) => {} } = {},
) {
  if (count < 2_000 || workers <= 1) return seedSignatureRange(letterId, prefix, 0, count);
  const per = Math.ceil(count / workers);
  const started = performance.now();
  const done = new Array<number>(workers).fill(0);
  let shown = 0;
  await Promise.all(
    Array.from({ length: workers }, (_, i) =>
      runSeedWorker([letterId, prefix, String(i * per), String(Math.min(count, (i + 1) * per))], (progress) => {
        done[i] = progress;
        const total = done.reduce((a, b) => a + b, 0);
        if (total - shown < 10_000) return;
        shown = total;
        say(
          `  ${total.toLocaleString("en")} of ${count.toLocaleString("en")} (${Math.round(total / ((performance.now() - started) / 1000))}/s)`,
        );
      }),
    ),
  );
}

function runSeedWorker(args: string[], onProgress: (done: number) => void) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, path.resolve("bench/seed-worker.ts"), ...args], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      for (const line of chunk.split("\n")) if (/^\d+$/.test(line)) onProgress(Number(line));
    });
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`seed worker exited with ${code}`))));
  });
}

export async function seedPublishedLetter(
  organizer: { id: string; emailVerifiedAt: Date | null },
  count: number,
  options: Parameters<typeof seedSignatures>[3] = {},
) {
  const letter = await seedOpenLetter(organizer, "Cancel the border surveillance contract", count);
  await seedSignatures(letter.id, "published", count, options);
  const { publicSlug } = await publishLetter(organizer.id, letter.id);
  return { id: letter.id, publicSlug };
}
