import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { clearSessionCookie, getCurrentSession } from "~/auth/current-user.server";
import { logOut } from "~/domain/accounts/manage-sessions.server";

// Signing out changes state, so only a POST does it (the header's "Sign out" form).
// A GET (a link, a prefetch, a crawler) signs nobody out.
export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const current = await getCurrentSession(request);
  if (current) await logOut(current.session.id);
  return redirect("/", { headers: { "Set-Cookie": clearSessionCookie() } });
}
