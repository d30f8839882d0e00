// A letter's trustees as signers and readers see them (issue 15): k of n, each as
// the organizers described them, and each key's fingerprint, which anyone can
// compare with what the trustee was shown when their browser made the key.
import type { TrusteesView } from "~/domain/trustees/trustees-for-letter.server";

type Props = { trustees: TrusteesView; headingLevel?: 2 | 3; className?: string };

export function TrusteesPanel({ trustees, headingLevel = 2, className }: Props) {
  const Heading = `h${headingLevel}` as const;
  const { threshold, count } = trustees;
  return (
    <section aria-labelledby="trustees-panel-title" className={className ?? "space-y-3 rounded-lg border border-stone-300 bg-white p-5"}>
      <Heading id="trustees-panel-title" className="text-lg font-semibold">
        Trustees
      </Heading>
      <p>
        {threshold
          ? `${threshold} of these ${count} trustees must agree before any name is unsealed.`
          : `How many of these ${count} trustees must agree is not chosen yet.`}
      </p>
      <ol className="space-y-2">
        {trustees.trustees.map((t) => (
          <li key={t.position}>
            <p className="font-medium">{t.description}</p>
            <p className="text-sm text-stone-700">
              {t.fingerprint ? (
                <>
                  Key fingerprint: <code className="break-all font-mono">{t.fingerprint}</code>
                </>
              ) : (
                "No key yet"
              )}
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}
