// The organizer pages' addresses (/my/…), built in one place as the public ones
// are (public-urls.ts).

/** The organizer's letters. */
export const MY_LETTERS_PATH = "/my/letters";

/** Invitations to co-organize, for the signed-in user. */
export const INVITATIONS_PATH = "/my/invitations";

/** A letter's dashboard, or one of the pages under it. */
export function dashboardPath(letterId: string, page?: "edit" | "review" | "press" | "organizers" | "trustees" | "updates") {
  const dashboard = `${MY_LETTERS_PATH}/${encodeURIComponent(letterId)}`;
  return page ? `${dashboard}/${page}` : dashboard;
}
