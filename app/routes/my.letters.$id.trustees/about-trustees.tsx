// What trustees are for, and what they cannot protect, in plain words (UX.md: the
// limits are told, not hidden).
import { MAX_TRUSTEES, MIN_TRUSTEES } from "~/domain/trustees/trustee-rules";

export function AboutTrustees() {
  return (
    <section aria-labelledby="about-trustees-title" className="max-w-3xl space-y-3">
      <h2 id="about-trustees-title" className="text-2xl font-semibold">
        What trustees do
      </h2>
      <p>
        Trustees are people or organizations you trust to hold a key each: typically an organizer, a union or legal-aid contact, and a
        journalist's organization. You choose between {MIN_TRUSTEES} and {MAX_TRUSTEES} of them, and how many must agree. When the letter
        reaches its threshold, that many trustees must each use their key before any signer's name can be unsealed. Until then nobody can
        read the names: not you, not the other organizers, not whoever runs this server.
      </p>
      <p>
        Each trustee gets an email with a personal link. Their browser creates their key there: the private part never leaves their computer
        (they keep it as a file protected by a passphrase), and the public part comes here with its fingerprint. The letter can open only
        once every trustee has a key, and the trustees are fixed from then on. Signers see them on the letter's page, as you describe them,
        with each key's fingerprint.
      </p>
      <h3 className="text-xl font-semibold">What they cannot protect</h3>
      <ul className="list-disc space-y-1 pl-6">
        <li>
          Enough trustees acting together can unseal the names early. Choose people who do not answer to the employer and could not easily
          be pressed together.
        </li>
        <li>
          If more trustees lose their key file or passphrase than you can spare, the names can never be unsealed, even at the threshold. Ask
          each trustee to keep both safe until the letter is published.
        </li>
        <li>
          Trustees guard the names, nothing else: the employer's mail server still sees a verification email arrive, and the count and
          public lines show as before.
        </li>
        <li>
          A signer without JavaScript hands their name to the server to be sealed, and a server changed to keep it could. Signers with
          JavaScript seal it in their own browser.
        </li>
      </ul>
    </section>
  );
}
