import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { ErrorPage } from "~/components/error-page";
import { FocusOnNavigation } from "~/components/focus-on-navigation";
import { SiteFooter } from "~/components/site-footer";
import { SiteHeader } from "~/components/site-header";
import { getCurrentSession } from "~/auth/current-user.server";
import { localMailboxAvailable } from "~/mail/dev-mailbox.server";
import { pageHydrates } from "~/http/hydration";
import { useNonce } from "~/http/nonce";
import styles from "./styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = ({ error }) => {
  if (!error) return [{ title: "Undersigned" }];
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return [{ title: notFound ? "Page not found — Undersigned" : "Error — Undersigned" }];
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const current = await getCurrentSession(request);
  return {
    // The link only where the page itself would answer (this machine, no proxy).
    localMailbox: localMailboxAvailable(context),
    // Only what the header shows: never the whole user row.
    user: current?.user.emailVerifiedAt ? { displayName: current.user.displayName } : null,
  };
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  // Undefined when the root loader itself failed and the ErrorBoundary is rendering.
  const data = useRouteLoaderData<typeof loader>("root");
  const hydrates = pageHydrates(useMatches().map((match) => match.handle));
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="flex min-h-dvh flex-col">
        <a
          href="#main"
          className="no-print sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:rounded-md focus:bg-white focus:px-4 focus:py-2 focus:font-semibold focus:shadow-lg"
        >
          Skip to content
        </a>
        <SiteHeader localMailbox={data?.localMailbox ?? false} user={data?.user ?? null} />
        <main id="main" className="mx-auto w-full max-w-5xl flex-1 px-4 py-8 sm:px-6 sm:py-12">
          {children}
        </main>
        <SiteFooter />
        {hydrates && <FocusOnNavigation />}
        {hydrates && <ScrollRestoration nonce={nonce} />}
        {hydrates && <Scripts nonce={nonce} />}
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
