import { Form, Link, NavLink } from "@remix-run/react";
import { MY_LETTERS_PATH } from "~/lib/organizer-paths";

const navLinkClass = ({ isActive }: { isActive: boolean }) =>
  [
    "rounded px-1 py-1 font-medium no-underline hover:underline",
    isActive ? "text-accent-900 underline decoration-2" : "text-stone-700",
  ].join(" ");

/** The top bar on every page, error pages included. */
export function SiteHeader({ localMailbox, user }: { localMailbox: boolean; user: { displayName: string } | null }) {
  return (
    <header className="border-b border-stone-200 bg-white">
      <div className="mx-auto flex w-full max-w-5xl flex-wrap items-center justify-between gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        <Link to="/" className="text-xl font-semibold tracking-tight text-ink no-underline hover:text-accent-800">
          Undersigned
        </Link>
        <nav aria-label="Main" className="no-print">
          <ul className="-mx-1 flex flex-wrap items-center gap-x-4 gap-y-1">
            {user ? (
              <>
                <li>
                  <NavLink to={MY_LETTERS_PATH} className={navLinkClass}>
                    My letters
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/account" className={navLinkClass}>
                    Account<span className="sr-only"> ({user.displayName})</span>
                  </NavLink>
                </li>
                <li>
                  {/* Signing out changes state: a POST, never a link. */}
                  <Form method="post" action="/logout">
                    <button
                      type="submit"
                      className="cursor-pointer rounded px-1 py-1 font-medium text-stone-700 underline-offset-[0.18em] hover:underline"
                    >
                      Sign out
                    </button>
                  </Form>
                </li>
              </>
            ) : (
              <>
                <li>
                  <NavLink to="/signup" className={navLinkClass}>
                    Start a letter
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/login" className={navLinkClass}>
                    Log in
                  </NavLink>
                </li>
              </>
            )}
            {localMailbox ? (
              <li>
                {/* Only while no SMTP server is configured: codes land here instead. */}
                <NavLink
                  to="/dev/mailbox"
                  className={({ isActive }) =>
                    [
                      "inline-block rounded border border-dashed border-accent-600 px-2 py-0.5 text-sm font-medium no-underline hover:bg-accent-50",
                      isActive ? "bg-accent-50 text-accent-900" : "text-accent-800",
                    ].join(" ")
                  }
                >
                  Local mailbox
                </NavLink>
              </li>
            ) : null}
          </ul>
        </nav>
      </div>
    </header>
  );
}
