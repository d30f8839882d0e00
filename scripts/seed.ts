// npm run seed — a demo organizer and one letter in each state, with demo signers
// who go through the real flow (code, verification, sealing). For looking around
// locally; `npm start` never seeds. Run it again to add nothing: it stops if the
// demo organizer exists.
import { hashPassword } from "~/auth/password.server";
import { config } from "~/config/env.server";
import { db, disconnectDb } from "~/db/client.server";
import { migrate } from "~/db/migrate.server";
import { cancelLetter, expireIfDue } from "~/domain/letters/close-letter.server";
import { publishCountBatches } from "~/domain/letters/count-batches.server";
import { createDraft } from "~/domain/letters/draft-letter.server";
import { openLetter } from "~/domain/letters/open-letter.server";
import { signLetter } from "~/domain/letters/sign-letter.server";
import { requestSigningCode, verifySigningCode } from "~/domain/letters/signing-verification.server";
import type { DraftInput } from "~/domain/letters/draft-rules";
import { privatePath } from "~/domain/letters/private-link.server";
import { installMailCapture } from "~/mail/capture-transport.server";

const EMAIL = "demo@undersigned.example";
const PASSWORD = "demo organizer passphrase";
const DAY = 24 * 60 * 60_000;

const cfg = config();
await migrate(cfg.DATABASE_URL);
if (await db().user.findUnique({ where: { email: EMAIL } })) {
  console.log(`The demo organizer already exists. Sign in as ${EMAIL} / ${PASSWORD}`);
  await disconnectDb();
  process.exit(0);
}

const organizer = await db().user.create({
  data: { email: EMAIL, displayName: "Demo Organizer", passwordHash: await hashPassword(PASSWORD), emailVerifiedAt: new Date() },
});

const body = `We are employees of Contoso. We learned that our company is bidding to build
surveillance tools for an agency that separates families at the border.

We ask you to:

1. **withdraw** the bid, and
2. publish a policy on the customers we will not build for.

We love our work. We want to be proud of what it is used for.`;

function draft(title: string, threshold: number): DraftInput {
  return {
    title,
    addressee: "Dana Whitfield, CEO",
    body,
    organizationName: "Contoso",
    allowedDomains: ["contoso.example", "contoso-labs.example"],
    threshold,
    deadline: new Date(Date.now() + 30 * DAY),
    noteToSigners: "Please share this link only in person or over personal messaging.",
    // The demo letters reveal at their threshold (decision 020 would hold them 48 hours).
    coolingOffHours: 0,
  };
}

const capture = installMailCapture();
let signerNumber = 0;
async function demoSigners(letterId: string, count: number) {
  for (let i = 0; i < count; i++) {
    const n = ++signerNumber;
    const email = `signer${n}@contoso.example`;
    const token = await requestSigningCode(letterId, email, { clientIp: "127.0.0.1" });
    // Demo codes are read from a capture, not sent (decision 009: codes go out from memory).
    const mail = await capture.latestTo(email);
    const code = /(\d{4}) (\d{4})/
      .exec(mail?.text ?? "")!
      .slice(1)
      .join("");
    await verifySigningCode(token, letterId, code, { clientIp: "127.0.0.1" });
    await signLetter(token, letterId, {
      publicLine: n % 3 === 0 ? null : `Engineer, team ${n}`,
      name: `Demo Signer ${n}`,
      title: "Software Engineer",
    });
  }
}

const drafted = await createDraft(organizer.id, draft("Withdraw the border surveillance bid (draft)", 50));

const open = await createDraft(organizer.id, draft("Withdraw the border surveillance bid", 25));
await openLetter(organizer, open.id);
await demoSigners(open.id, 7);

const revealed = await createDraft(organizer.id, draft("Publish our customer policy", 5));
await openLetter(organizer, revealed.id);
await demoSigners(revealed.id, 6);

const expired = await createDraft(organizer.id, draft("Bring back the four-day week", 40));
await openLetter(organizer, expired.id);
await demoSigners(expired.id, 3);
await db().letter.update({ where: { id: expired.id }, data: { deadline: new Date(Date.now() - DAY) } });
await expireIfDue(expired.id);

const cancelled = await createDraft(organizer.id, draft("Stop the return-to-office mandate", 30));
await openLetter(organizer, cancelled.id);
await demoSigners(cancelled.id, 2);
await cancelLetter(organizer.id, cancelled.id);

// Move the open letter's count past its first batch, so the demo shows a number.
await publishCountBatches(new Date(Date.now() + cfg.COUNT_BATCH_MINUTES * 60_000));
// The demo signers' codes and receipts are not real mail: drop them rather than fill the mailbox.
await db().outboxMessage.deleteMany({ where: { status: "PENDING" } });

console.log(`Demo data ready.
  Sign in at ${cfg.appUrl}/login as ${EMAIL} / ${PASSWORD}
  Draft:     ${cfg.appUrl}/my/letters/${drafted.id}
  Open:      ${cfg.appUrl}${privatePath(open.id)} (7 signatures, threshold 25)
  Revealed:  ${cfg.appUrl}${privatePath(revealed.id)} (6 signatures, threshold 5)
  Expired and cancelled letters are listed under "My letters".
  Demo signers sign as signerN@contoso.example; their codes are read from the database, as a test would.`);
await disconnectDb();
