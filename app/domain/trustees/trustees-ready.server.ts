// The guard opening asks (open-letter.server.ts): a letter with trustees opens only
// once every one of them has a key and k is chosen (2 ≤ k ≤ n). Read inside the
// opening transaction, after its update of the letter's row, so no trustee change
// can slip in between (trustee changes hold the same row: trustee-letter.server.ts).
import type { Tx } from "~/db/client.server";
import { AppError } from "~/errors";
import { trusteeProblem } from "./trustee-rules";

export async function assertTrusteesReady(tx: Tx, letterId: string) {
  const { trusteeThreshold } = await tx.letter.findUniqueOrThrow({ where: { id: letterId }, select: { trusteeThreshold: true } });
  const keys = await tx.trustee.findMany({ where: { letterId }, select: { publicKey: true } });
  const problem = trusteeProblem(
    keys.map((t) => ({ hasKey: t.publicKey !== null })),
    trusteeThreshold,
  );
  if (!problem) return;
  throw problem.code === "trustee-keys-missing" ? new AppError(problem.code, { missing: problem.missing }) : new AppError(problem.code);
}
