// What the account page shows its owner: where they are signed in and what
// happened to the account recently.
import { listSecurityEvents } from "~/auth/security-events.server";
import { listSessions } from "./manage-sessions.server";

/** The user's sessions, the one asking first and then the most recently active, and their security history, newest first. */
export async function accountOverview(userId: string, currentSessionId: string) {
  const [sessions, events] = await Promise.all([listSessions(userId), listSecurityEvents(userId)]);
  return {
    sessions: sessions
      .map((session) => ({ ...session, current: session.id === currentSessionId }))
      .sort((a, b) => Number(b.current) - Number(a.current)),
    events,
  };
}
