// THE one code path that opens sealed identities (DESIGN.md, promise 3).
// Names come out only for letters in REVEALED or PUBLISHED; the only other use is
// reading contact addresses to send the mail signers asked for, which opens only
// the contact blobs, never a name. A test fails if any other module imports
// unsealIdentity or unsealContact.
import { unsealContact, unsealIdentity, unwrapDataKey } from "~/crypto/sealing.server";
import type { Db, Tx } from "~/db/client.server";
import { db } from "~/db/client.server";
import { IdentitySealing } from "~/domain/letters/identity-sealing";
import { letterStatus, namesVisible } from "~/domain/letters/lifecycle";
import { nameAtMetWhere, nameAtUnmetWhere, nameReadable } from "~/domain/letters/name-conditions";

export type RevealedSignatory = {
  signatureId: string;
  name: string;
  title: string | null;
  publicLine: string | null;
  /** The team picked, as an index into the letter's teams (decision 018); null for none. */
  team: number | null;
};

// One collator for every sort: localeCompare with a locale builds one per call.
const byName = new Intl.Collator("en");
// Rows are read and unsealed this many at a time, so a letter with 100,000
// signatures never holds every sealed blob in memory at once.
const CHUNK = 5_000;

// Signature ids are random, so bounds on the first character split a letter's
// signatures into parts of similar size; each bound sorts the same way under any
// collation the database may use (digits before letters).
const PART_BOUNDS = ["8", "f", "q"];

/**
 * Each signature whose own condition is met at `signatureCount` (decision 019) and
 * that still has a sealed identity, sealed by the server (one still
 * in a trustee envelope waits for the trustees: trustees/still-sealed.server.ts
 * counts those), read CHUNK rows at a time, in
 * PART_BOUNDS.length + 1 parts read side by side: on PostgreSQL the parts' queries
 * run on several connections (and cores) while this thread decrypts what came back.
 */
async function forEachSealed(
  client: Db,
  letterId: string,
  signatureCount: number,
  visit: (row: { id: string; publicLine: string | null; team: number | null; sealedIdentity: Uint8Array }) => void,
) {
  const bounds = [undefined, ...PART_BOUNDS, undefined];
  const readPart = async (from: string | undefined, to: string | undefined) => {
    for (let after: string | undefined; ;) {
      const rows = await client.signature.findMany({
        where: {
          letterId,
          identitySealing: IdentitySealing.SERVER,
          // Only the met rows are read, let alone opened: an unmet one never leaves the database.
          ...nameAtMetWhere(signatureCount),
          id: { ...(after ? { gt: after } : from ? { gte: from } : {}), ...(to ? { lt: to } : {}) },
        },
        orderBy: { id: "asc" },
        select: { id: true, publicLine: true, team: true, sealedIdentity: true },
        take: CHUNK,
      });
      for (const row of rows) if (row.sealedIdentity) visit({ ...row, sealedIdentity: row.sealedIdentity });
      if (rows.length < CHUNK) return;
      after = rows.at(-1)!.id;
    }
  };
  await Promise.all(bounds.slice(0, -1).map((from, i) => readPart(from, bounds[i + 1])));
}

/** The signers who asked to be named only at a higher count than the letter has (decision 019): how many, and their teams' counts. */
export type Unnamed = {
  count: number;
  /** Per team picked (an index into the letter's teams, null for none): how many of the unnamed. Only for suppressTeamCounts. */
  byTeam: { team: number | null; count: number }[];
};

/** The unnamed at `signatureCount`: counted from the conditions alone, nothing opened. */
export async function countUnnamed(client: Db | Tx, letterId: string, signatureCount: number): Promise<Unnamed> {
  const groups = await client.signature.groupBy({
    by: ["team"],
    where: { letterId, ...nameAtUnmetWhere(signatureCount) },
    _count: { _all: true },
  });
  const byTeam = groups.map((g) => ({ team: g.team, count: g._count._all }));
  return { count: byTeam.reduce((sum, g) => sum + g.count, 0), byTeam };
}

/**
 * Every signatory's name whose own condition is met by the live count (decision
 * 019), for a letter past its threshold; refuses any other status. Also how many
 * stayed unnamed, and their teams (counted, never opened).
 */
export async function readRevealedSignatories(letterId: string): Promise<{ signatories: RevealedSignatory[]; unnamed: Unnamed }> {
  const letter = await db().letter.findUniqueOrThrow({
    where: { id: letterId },
    select: { status: true, wrappedDataKey: true, signatureCount: true },
  });
  if (!namesVisible(letterStatus(letter.status)) || !letter.wrappedDataKey) {
    throw new Error(`refusing to unseal a letter in status ${letter.status}`);
  }
  const dataKey = unwrapDataKey(letterId, letter.wrappedDataKey);
  const signatories: RevealedSignatory[] = [];
  const [unnamed] = await Promise.all([
    countUnnamed(db(), letterId, letter.signatureCount),
    forEachSealed(db(), letterId, letter.signatureCount, (row) => {
      const { name, title } = unsealIdentity(dataKey, { letterId, signatureId: row.id }, row.sealedIdentity);
      signatories.push({ signatureId: row.id, name, title, publicLine: row.publicLine, team: row.team });
    }),
  ]);
  return { signatories: signatories.sort((a, b) => byName.compare(a.name, b.name)), unnamed };
}

/**
 * One signer's own identity, for their receipt page, under the same rule. The
 * receipt's row (a signature, or a decoy receipt: decision 010) is passed in.
 */
export async function readOwnIdentity(
  letterId: string,
  row: { id: string; sealedIdentity: Uint8Array | null; identitySealing: string; nameAt: number | null },
) {
  const letter = await db().letter.findUniqueOrThrow({
    where: { id: letterId },
    select: { status: true, wrappedDataKey: true, signatureCount: true },
  });
  // The same rule as the list: names visible, and the signer's own condition met by the live count (decision 019).
  if (!nameReadable({ status: letterStatus(letter.status), signatureCount: letter.signatureCount }, row.nameAt) || !letter.wrappedDataKey) {
    return null;
  }
  // Still in its trustee envelope: nobody, this signer included, reads it before the trustees release it.
  if (!row.sealedIdentity || row.identitySealing !== IdentitySealing.SERVER) return null;
  const { name, title } = unsealIdentity(
    unwrapDataKey(letterId, letter.wrappedDataKey),
    { letterId, signatureId: row.id },
    row.sealedIdentity,
  );
  return { name, title };
}

/**
 * The contact address a first signature left, to tell it (and only it) that its
 * work address signed again (decision 010). Opens a contact blob, never a name.
 */
export function readFirstSignatureContact(letterId: string, wrappedDataKey: Uint8Array, first: { id: string; sealedContact: Uint8Array }) {
  return unsealContact(unwrapDataKey(letterId, wrappedDataKey), { letterId, signatureId: first.id }, first.sealedContact);
}

/** A contact address and the row (signature or decoy receipt) that left it. */
export type ContactRecipient = { recipientId: string; email: string };

/**
 * Contact addresses signers left for updates (any status before shredding), each
 * with its row; never names. Decoy receipts' contacts too (decision 010): a
 * duplicate hears what a signature hears, so the mail it gets later does not tell
 * the two apart.
 */
export async function readContactRecipients(client: Db | Tx, letterId: string): Promise<ContactRecipient[]> {
  const letter = await client.letter.findUniqueOrThrow({ where: { id: letterId }, select: { wrappedDataKey: true } });
  if (!letter.wrappedDataKey) return [];
  const dataKey = unwrapDataKey(letterId, letter.wrappedDataKey);
  const contacts: ContactRecipient[] = [];
  const open = (row: { id: string; sealedContact: Uint8Array | null }) => ({
    recipientId: row.id,
    email: unsealContact(dataKey, { letterId, signatureId: row.id }, row.sealedContact!),
  });
  // Only the rows that have one: most signers leave no address.
  for (let after: string | undefined; ;) {
    const rows = await client.signature.findMany({
      where: { letterId, sealedContact: { not: null }, ...(after ? { id: { gt: after } } : {}) },
      orderBy: { id: "asc" },
      select: { id: true, sealedContact: true },
      take: CHUNK,
    });
    for (const row of rows) contacts.push(open(row));
    if (rows.length < CHUNK) break;
    after = rows.at(-1)!.id;
  }
  // Decoys are few (one per duplicate): one read.
  const decoys = await client.decoyReceipt.findMany({
    where: { letterId, sealedContact: { not: null } },
    orderBy: { id: "asc" },
    select: { id: true, sealedContact: true },
  });
  for (const row of decoys) contacts.push(open(row));
  dataKey.fill(0);
  return contacts;
}

/** The contact addresses alone (see readContactRecipients). */
export async function readContactEmails(client: Db | Tx, letterId: string): Promise<string[]> {
  return (await readContactRecipients(client, letterId)).map((c) => c.email);
}
