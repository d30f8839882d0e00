// With JavaScript on, Remix changes pages without a page load: a screen reader
// announces nothing, and focus stays on the link that was clicked (or falls back to
// the top of the document). Each new page should start where a page load starts
// reading it: its main heading gets focus. A page that put focus somewhere on
// purpose (a field in error, a form's message) keeps it, and a link to an anchor
// is left to the browser.
import { useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";

export function FocusOnNavigation() {
  const location = useLocation();
  const firstPage = useRef(true);
  useEffect(() => {
    // The first page is a real page load: the browser handles it.
    if (firstPage.current) {
      firstPage.current = false;
      return;
    }
    if (location.hash) return;
    const main = document.getElementById("main");
    if (!main) return;
    const active = document.activeElement;
    if (active && active !== document.body && main.contains(active)) return;
    const heading = main.querySelector<HTMLElement>("h1") ?? main;
    // Focusable by script only, so Tab still moves through the page as before.
    if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
  }, [location.key, location.hash]);
  return null;
}
