// What every change to a letter's trustees does first, inside its transaction.
import { newWrappedDataKey, unwrapDataKey } from "~/crypto/sealing.server";
import type { Tx } from "~/db/client.server";
import { AppError } from "~/errors";
import { LetterStatus } from "~/domain/letters/lifecycle";

/**
 * Holds the letter as a draft for the rest of the transaction, or throws `refusal`.
 * A write that changes nothing: on PostgreSQL it takes the letter's row lock, so
 * trustee changes and opening (which checks the trustees after its own update of
 * the row: open-letter.server.ts) take turns, and two changes to one letter's
 * trustees never count or renumber them at the same time. SQLite runs one write
 * transaction at a time anyway.
 */
export async function holdDraft(tx: Tx, letterId: string, refusal: "trustees-frozen" | "trustee-registration-closed" = "trustees-frozen") {
  const { count } = await tx.letter.updateMany({
    where: { id: letterId, status: LetterStatus.DRAFT },
    data: { status: LetterStatus.DRAFT },
  });
  if (count === 0) throw new AppError(refusal);
}

/**
 * The letter's data key (zero it after use), made now if the draft has none yet
 * (decision 015: a letter with trustees gets it when the first is added, to seal
 * their addresses; opening keeps it). Call after holdDraft.
 */
export async function draftDataKey(tx: Tx, letterId: string) {
  await tx.letter.updateMany({ where: { id: letterId, wrappedDataKey: null }, data: { wrappedDataKey: newWrappedDataKey(letterId) } });
  const { wrappedDataKey } = await tx.letter.findUniqueOrThrow({ where: { id: letterId }, select: { wrappedDataKey: true } });
  return unwrapDataKey(letterId, wrappedDataKey!);
}

/** The letter's data key if it has one (a shredded letter has none); zero it after use. */
export async function existingDataKey(client: Pick<Tx, "letter">, letterId: string) {
  const { wrappedDataKey } = await client.letter.findUniqueOrThrow({ where: { id: letterId }, select: { wrappedDataKey: true } });
  return wrappedDataKey ? unwrapDataKey(letterId, wrappedDataKey) : null;
}
