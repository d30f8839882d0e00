import { db } from "~/db/client.server";
import { AppError } from "~/errors";
import { letterForOrganizer } from "~/domain/letters/access.server";
import { recordAudit } from "~/domain/letters/audit.server";
import { LetterStatus, letterStatus } from "~/domain/letters/lifecycle";
import { notADraft } from "./open-letter.server";
import { type DraftInput, coolingOffProblem, deadlineProblem } from "~/domain/letters/draft-rules";

function draftData(input: DraftInput) {
  const problem = deadlineProblem(input.deadline);
  if (problem) throw new AppError("deadline", { problem });
  const coolingOff = coolingOffProblem(input.coolingOffHours);
  if (coolingOff) throw new AppError("cooling-off", { problem: coolingOff });
  return {
    title: input.title,
    addressee: input.addressee,
    body: input.body,
    organizationName: input.organizationName,
    allowedDomains: input.allowedDomains.join("\n"),
    threshold: input.threshold,
    deadline: input.deadline,
    noteToSigners: input.noteToSigners,
    teams: (input.teams ?? []).join("\n"),
    coolingOffHours: input.coolingOffHours,
  };
}

/** A new DRAFT letter, owned by its author. */
export async function createDraft(userId: string, input: DraftInput) {
  return db().$transaction(async (tx) => {
    const letter = await tx.letter.create({ data: { ...draftData(input), organizers: { create: { userId, role: "owner" } } } });
    await recordAudit(tx, letter.id, "created", { actorUserId: userId });
    return letter;
  });
}

/** Edits a draft. Once a letter is open its text is frozen: no edit goes through. */
export async function updateDraft(userId: string, letterId: string, input: DraftInput) {
  await letterForOrganizer(userId, letterId);
  const data = draftData(input);
  await db().$transaction(async (tx) => {
    const { count } = await tx.letter.updateMany({ where: { id: letterId, status: LetterStatus.DRAFT }, data });
    if (count === 0) {
      const { status } = await tx.letter.findUniqueOrThrow({ where: { id: letterId }, select: { status: true } });
      throw notADraft(letterStatus(status));
    }
    await recordAudit(tx, letterId, "edited", { actorUserId: userId });
  });
}
