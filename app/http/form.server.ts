// Turning a domain failure into a form answer: the AppError's user message goes
// next to its field (or above the form), with its status (400, 429 + Retry-After…).
// A NotFoundError is not the form's business: it is rethrown, and answered 404 like
// anything a route does not handle (app/http/app-errors.server.ts). Anything that is
// not an AppError is a bug and is rethrown (500, logged, no detail shown).
import type { Submission } from "@conform-to/react";
import { data } from "@remix-run/node";
import { AppError, NotFoundError } from "~/errors";
import { retryAfterHeaders } from "./app-errors.server";

export function invalidSubmission<T>(submission: Submission<T>, hideFields: string[] = []) {
  return data(submission.reply({ hideFields }), { status: 400 });
}

/** The AppError a form can show; anything else (a 404, a bug) is thrown on. */
function formError(error: unknown): AppError {
  if (!(error instanceof AppError) || error instanceof NotFoundError) throw error;
  return error;
}

export function replyWithAppError<T>(submission: Submission<T>, thrown: unknown, hideFields: string[] = []) {
  const error = formError(thrown);
  const field = error.options.field;
  const reply = submission.reply({
    hideFields,
    ...(field ? { fieldErrors: { [field]: [error.userMessage] } } : { formErrors: [error.userMessage] }),
  });
  return data(reply, { status: error.status, headers: retryAfterHeaders(error) });
}

/** For routes without a form library: the same mapping, as { error } data. */
export function appErrorData(thrown: unknown) {
  const error = formError(thrown);
  return data(
    { error: error.userMessage, field: error.options.field ?? null },
    { status: error.status, headers: retryAfterHeaders(error) },
  );
}
