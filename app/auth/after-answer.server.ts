// Work that must not change how long an answer takes. A reset request for an
// address with an account does more (a link row, a mail, an account event) than
// one for an unknown address; timed from outside, that difference told the two
// apart (issue 13, finding 8). Such work runs after the answer has gone, so the
// answer costs the same whatever the address.
import { log } from "~/log.server";

const pending = new Set<Promise<void>>();

/** Runs `work` once the current request has answered (next turn of the event loop); failures are logged. */
export function afterAnswer(what: string, work: () => Promise<void>) {
  const done: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
    .then(work)
    .catch((error: unknown) => log.error("work after the answer failed", { what, error }))
    .finally(() => pending.delete(done));
  pending.add(done);
}

/** How many are still waiting or running (tests; shutdown may wait on them). */
export function afterAnswerPending() {
  return pending.size;
}

/** Resolves once every piece of work scheduled so far has finished. */
export async function afterAnswerSettled() {
  while (pending.size > 0) await Promise.all([...pending]);
}
