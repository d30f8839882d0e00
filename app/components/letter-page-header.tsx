// The top of a letter's own pages beside its dashboard (organizers, trustees, press,
// final review): the way back to the dashboard, what the page is about, its title.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { dashboardPath } from "~/lib/organizer-paths";

type Props = { letterId: string; eyebrow: string; title: string; className?: string; children?: ReactNode };

export function LetterPageHeader({ letterId, eyebrow, title, className = "space-y-2", children }: Props) {
  return (
    <header className={className}>
      <p className="no-print">
        <Link to={dashboardPath(letterId)}>← Dashboard</Link>
      </p>
      <p className="text-sm font-semibold uppercase tracking-wide text-stone-700">{eyebrow}</p>
      <h1 className="text-3xl font-bold">{title}</h1>
      {children}
    </header>
  );
}
