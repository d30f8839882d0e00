// The organizers' updates on a published letter's public page (decision 017),
// newest first, each dated by the day and anchored so a mail or the feed can link
// to it. The HTML was rendered once by the letter's Markdown rules when posted.
import { formatDay } from "~/lib/dates";
import { updateAnchor } from "~/lib/public-urls";

type Update = { id: string; postedOn: string; bodyHtml: string };

export function LetterUpdates({ updates }: { updates: Update[] }) {
  if (updates.length === 0) return null;
  return (
    <section aria-labelledby="updates-title" className="space-y-4 print:break-before-page">
      <h2 id="updates-title" className="text-xl font-semibold">
        Updates from the organizers
      </h2>
      <ol className="space-y-4">
        {updates.map((update) => (
          <li key={update.id} id={updateAnchor(update.id)} className="rounded-lg border border-stone-300 bg-white p-5">
            <p className="text-sm font-semibold text-stone-700">
              <time dateTime={update.postedOn.slice(0, 10)}>{formatDay(update.postedOn)}</time>
            </p>
            <div className="mt-2 font-serif" dangerouslySetInnerHTML={{ __html: update.bodyHtml }} />
          </li>
        ))}
      </ol>
    </section>
  );
}
