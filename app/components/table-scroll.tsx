import type { ReactNode } from "react";

/**
 * A table that may be wider than a phone scrolls inside this box, never the page.
 * Keyboard users can focus the box to scroll it (role and label name it for screen
 * readers); `relative` keeps visually hidden text in the table (positioned
 * absolutely) inside the box rather than widening the page.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} className="relative overflow-x-auto rounded-md border border-stone-200 bg-white">
      {children}
    </div>
  );
}
