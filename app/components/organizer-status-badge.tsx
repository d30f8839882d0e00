// A letter's status in plain words, for the organizer's list and dashboard header.
import type { LetterStatus } from "~/domain/letters/lifecycle";

const WORDS: Record<LetterStatus, { label: string; tone: string }> = {
  DRAFT: { label: "Draft", tone: "border-stone-400 bg-stone-50 text-stone-800" },
  OPEN: { label: "Open — names sealed", tone: "border-accent-600 bg-accent-50 text-accent-900" },
  COOLING_OFF: { label: "Threshold met — cooling off, names sealed", tone: "border-accent-600 bg-accent-50 text-accent-900" },
  AWAITING_TRUSTEES: { label: "Threshold met — waiting for trustees", tone: "border-accent-600 bg-accent-50 text-accent-900" },
  REVEALED: { label: "Revealed", tone: "border-accent-700 bg-accent-100 text-accent-900" },
  PUBLISHED: { label: "Published", tone: "border-green-700 bg-green-50 text-green-900" },
  EXPIRED: { label: "Expired — nothing kept", tone: "border-stone-500 bg-stone-100 text-stone-800" },
  CANCELLED: { label: "Cancelled — nothing kept", tone: "border-stone-500 bg-stone-100 text-stone-800" },
};

export function statusInWords(status: LetterStatus) {
  return WORDS[status].label;
}

export function OrganizerStatusBadge({ status }: { status: LetterStatus }) {
  const { tone } = WORDS[status];
  return <span className={`inline-block rounded-full border px-2.5 py-0.5 text-sm font-semibold ${tone}`}>{statusInWords(status)}</span>;
}
