import type { LoaderFunctionArgs, MetaFunction, SerializeFrom } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/current-user.server";
import { OrganizerStatusBadge } from "~/components/organizer-status-badge";
import { countPendingInvitations } from "~/domain/letters/co-organizers.server";
import { listMyLetters } from "~/domain/letters/view-letter.server";
import { formatDay } from "~/lib/dates";
import { INVITATIONS_PATH, dashboardPath } from "~/lib/organizer-paths";
import { type Column, DataTable } from "~/components/data-table";

export const meta: MetaFunction = () => [{ title: "My letters — Undersigned" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  const letters = await listMyLetters(user.id);
  const pendingInvitations = await countPendingInvitations(user);
  return {
    pendingInvitations,
    letters: letters.map((l) => ({
      id: l.id,
      title: l.title,
      status: l.status,
      deadline: formatDay(l.deadline),
      deadlineDay: l.deadline.slice(0, 10),
    })),
  };
}

type LetterRow = SerializeFrom<typeof loader>["letters"][number];

const columns: Column<LetterRow>[] = [
  {
    header: "Letter",
    cell: (letter) => (
      <Link to={dashboardPath(letter.id)} className="font-medium">
        {letter.title}
      </Link>
    ),
  },
  { header: "Status", cell: (letter) => <OrganizerStatusBadge status={letter.status} /> },
  {
    header: "Deadline",
    cellClassName: "whitespace-nowrap",
    cell: (letter) => <time dateTime={letter.deadlineDay}>{letter.deadline}</time>,
  },
];

export default function MyLetters() {
  const { letters, pendingInvitations } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-3xl font-bold">My letters</h1>
        <Link to="/my/letters/new" className="button button-primary">
          New letter
        </Link>
      </div>
      {pendingInvitations > 0 ? (
        <p className="max-w-2xl rounded-lg border border-accent-600 bg-accent-50 p-4">
          {pendingInvitations === 1
            ? "You are invited to co-organize a letter. "
            : `You are invited to co-organize ${pendingInvitations.toLocaleString("en")} letters. `}
          <Link to={INVITATIONS_PATH} className="font-medium">
            See your invitations
          </Link>
        </p>
      ) : null}
      {letters.length === 0 ? (
        <div className="max-w-2xl space-y-3 rounded-lg border border-dashed border-stone-400 bg-white p-6">
          <p className="text-lg font-medium">You have no letters yet.</p>
          <p>
            Start one: <Link to="/my/letters/new">write a draft</Link>, preview it, and open it when it reads right. Nobody else sees a
            draft, and nothing is shared until you open it.
          </p>
        </div>
      ) : (
        <DataTable
          label="Table of your letters"
          caption="Your letters, newest first"
          columns={columns}
          rows={letters}
          rowKey={(letter) => letter.id}
        />
      )}
    </div>
  );
}
