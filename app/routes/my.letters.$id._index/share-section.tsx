// The private link, while the letter takes signatures, with how to pass it on.
export function ShareSection({ shareUrl }: { shareUrl: string }) {
  return (
    <section aria-labelledby="share-title" className="space-y-3">
      <h2 id="share-title" className="text-2xl font-semibold">
        Share the private link
      </h2>
      <label htmlFor="share-link" className="block font-medium">
        Private link to the letter
      </label>
      <input
        id="share-link"
        type="text"
        readOnly
        value={shareUrl}
        aria-describedby="share-advice"
        className="input w-full font-mono text-sm"
      />
      <div id="share-advice" className="space-y-2 text-stone-800">
        <p>
          <strong>Share it person to person, not on work channels.</strong> Your employer can read company chat and email: pass the link on
          through personal messaging, from a personal device.
        </p>
        <p>Anyone holding the link can read the letter; only people with an address at an allowed domain can sign it.</p>
      </div>
    </section>
  );
}
