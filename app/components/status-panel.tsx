// The letter's state in plain words (UX.md): Sealed (batched count, progress,
// deadline), Revealed, Published, Expired — nothing kept, Cancelled, Draft.
import { countInWords, SMALL_COUNT } from "~/domain/letters/counts";
import { daysLeft, formatDay, formatUtcMoment } from "~/lib/dates";
import { LetterStatus } from "~/domain/letters/lifecycle";

/** What the panel reads of a letter; every page's letter data has these fields. */
export type LetterStatusFacts = {
  status: LetterStatus;
  count: number;
  threshold: number;
  deadline: string;
  /** How often the count moves, in words ("once an hour"): the configured batch (COUNT_BATCH_MINUTES). */
  countBatch: string;
  /** While cooling off (decision 020): when the names are unsealed, on the hour, as the last batch showed it. */
  coolingOffEndsAt?: string | null;
};

type Props = {
  letter: LetterStatusFacts;
  /** Organizer views say who can see what; signer views say what happens next. */
  audience?: "signer" | "organizer";
};

export function StatusPanel({ letter, audience = "signer" }: Props) {
  const { status, count, threshold, deadline, countBatch, coolingOffEndsAt } = letter;
  const shownCount = countInWords(count);
  // Below five the bar would give the exact number away: show an empty bar then.
  const progress = count < SMALL_COUNT ? 0 : Math.min(100, Math.round((count / threshold) * 100));
  return (
    <section aria-labelledby="letter-status" className="rounded-lg border border-stone-300 bg-white p-5">
      <h2 id="letter-status" className="text-sm font-semibold uppercase tracking-wide text-stone-700">
        Status
      </h2>
      {status === LetterStatus.OPEN ? (
        <>
          <p className="mt-1 text-2xl font-bold">Sealed</p>
          <p className="mt-1">
            Names are hidden until {threshold.toLocaleString("en")} people have signed.{" "}
            {audience === "organizer" ? "Not even you can see them before that." : "Nobody, organizers included, can see them before that."}
          </p>
          <p className="mt-3 text-lg">
            <strong>{shownCount}</strong> of {threshold.toLocaleString("en")} signatures
          </p>
          <div className="mt-2 h-3 w-full overflow-hidden rounded-full bg-stone-200" role="presentation">
            <div className={`h-3 bg-accent-700 progress-${Math.round(progress / 5) * 5}`} />
          </div>
          <p className="mt-2 text-sm text-stone-700">The count moves in batches, about {countBatch}.</p>
          <p className="mt-3">
            Deadline: <strong>{formatDay(deadline)}</strong> ({daysLeft(deadline)} days left). If the threshold is not met by then,
            everything is destroyed.
          </p>
        </>
      ) : status === LetterStatus.COOLING_OFF ? (
        <>
          <p className="mt-1 text-2xl font-bold">Threshold met — cooling off, still sealed</p>
          <p className="mt-1">
            The threshold was met, and the names stay sealed until{" "}
            <strong>{coolingOffEndsAt ? formatUtcMoment(coolingOffEndsAt) : "the cooling-off period ends"}</strong>; until then anyone may
            still withdraw, and if the count falls below {threshold.toLocaleString("en")} the letter goes back to collecting signatures.
          </p>
          {audience === "organizer" ? (
            <p className="mt-2">
              If you think some signatures are not genuine, you can cancel the letter before then: every sealed name is destroyed.
            </p>
          ) : null}
          <p className="mt-3 text-lg">
            <strong>{shownCount}</strong> of {threshold.toLocaleString("en")} signatures
          </p>
          <p className="mt-2 text-sm text-stone-700">The count moves in batches, about {countBatch}.</p>
        </>
      ) : status === LetterStatus.AWAITING_TRUSTEES ? (
        <>
          <p className="mt-1 text-2xl font-bold">Threshold met — still sealed</p>
          <p className="mt-1">
            At least {threshold.toLocaleString("en")} people signed. The names stay sealed until enough of the letter&rsquo;s trustees check
            the count and release them; {audience === "organizer" ? "not even you" : "nobody, organizers included,"} can read them before
            that.
          </p>
          <p className="mt-2 text-sm text-stone-700">The count moves in batches, about {countBatch}.</p>
        </>
      ) : status === LetterStatus.REVEALED ? (
        <>
          <p className="mt-1 text-2xl font-bold">Revealed</p>
          <p className="mt-1">
            {count.toLocaleString("en")} people signed, so the names were unsealed together. The organizers will review the letter before
            publishing it; until then a signer can still withdraw.
          </p>
        </>
      ) : status === LetterStatus.PUBLISHED ? (
        <>
          <p className="mt-1 text-2xl font-bold">Published</p>
          <p className="mt-1">The letter and its {count.toLocaleString("en")} signatories are public.</p>
        </>
      ) : status === LetterStatus.EXPIRED ? (
        <>
          <p className="mt-1 text-2xl font-bold">Expired — nothing kept</p>
          <p className="mt-1">The threshold was not met by the deadline. Every sealed name was destroyed; nobody ever saw them.</p>
        </>
      ) : status === LetterStatus.CANCELLED ? (
        <>
          <p className="mt-1 text-2xl font-bold">Cancelled — nothing kept</p>
          <p className="mt-1">The organizers cancelled this letter. Every sealed name was destroyed; nobody ever saw them.</p>
        </>
      ) : (
        <>
          <p className="mt-1 text-2xl font-bold">Draft</p>
          <p className="mt-1">Only organizers can see this letter. Open it to freeze the text and get the link to share.</p>
        </>
      )}
    </section>
  );
}
