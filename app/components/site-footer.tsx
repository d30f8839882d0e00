/** The bottom of every page: states the no-third-parties promise in plain words. */
export function SiteFooter() {
  return (
    <footer className="no-print border-t border-stone-200 bg-white">
      <div className="mx-auto w-full max-w-5xl px-4 py-6 text-sm text-stone-600 sm:px-6">
        <p>Undersigned loads nothing from any other site: no fonts, no analytics, no trackers.</p>
      </div>
    </footer>
  );
}
