// Where the trustees' release stands (issue 15), on the organizers' dashboard once
// the letter has met its threshold: who released, who refused, k needed, and what is
// still sealed. If too few trustees can still release, the names can never be
// unsealed: the page says so, and that the letter can be cancelled.
import type { ReleaseProgress } from "~/domain/trustees/release-progress.server";

const STATE_WORDS = { released: "Released", refused: "Refused", waiting: "Not yet" } as const;
const n = (value: number) => value.toLocaleString("en");

export function TrusteeReleaseSection({ progress, awaiting }: { progress: ReleaseProgress; awaiting: boolean }) {
  const { stillSealed } = progress;
  return (
    <section aria-labelledby="trustee-release-title" className="space-y-3">
      <h2 id="trustee-release-title" className="text-2xl font-semibold">
        {awaiting ? "Waiting for the trustees" : "The trustees’ release"}
      </h2>
      {awaiting ? (
        <p>
          The threshold is met. The names stay sealed until {progress.threshold} of the {progress.trustees.length} trustees release their
          shares; each was sent an email. {n(progress.released)} of {progress.threshold} needed have released.
        </p>
      ) : null}
      {progress.canStillReveal ? null : (
        <p role="alert" className="rounded-md border border-red-700 bg-red-50 p-4 text-red-900">
          {n(progress.refused)} trustees refused: fewer than {progress.threshold} can still release, so the names can never be unsealed. You
          can cancel the letter, which destroys every sealed name.
        </p>
      )}
      <table className="data-table">
        <caption className="sr-only">Trustees and their release</caption>
        <thead>
          <tr>
            <th scope="col">Trustee</th>
            <th scope="col">Release</th>
          </tr>
        </thead>
        <tbody>
          {progress.trustees.map((t) => (
            <tr key={t.position}>
              <td>{t.description}</td>
              <td>{STATE_WORDS[t.state]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {stillSealed.waiting > 0 ? (
        <p>
          {n(stillSealed.waiting)} {stillSealed.waiting === 1 ? "signature is" : "signatures are"} still sealed, waiting for the trustees
          (signed between one trustee’s release and the last one needed). Publishing waits until they are readable; the trustees see them on
          their page.
        </p>
      ) : null}
      {stillSealed.unopenable > 0 ? (
        <p>
          {n(stillSealed.unopenable)} {stillSealed.unopenable === 1 ? "signature" : "signatures"} could not be opened even with enough
          trustees’ shares: the signer’s browser sealed {stillSealed.unopenable === 1 ? "it" : "them"} wrongly. They are left out of the
          list.
        </p>
      ) : null}
    </section>
  );
}
