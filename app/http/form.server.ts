// Turning a domain failure into a form answer: the AppError's user message goes
// next to its field (or above the form), with its status (400, 429 + Retry-After…).
// Anything that is not an AppError is a bug and is rethrown (500, logged, no detail shown).
import type { Submission } from "@conform-to/react";
import { data } from "@remix-run/node";
import { AppError } from "~/errors";
import { setResponseHeader } from "./response-scope.server";

export function invalidSubmission<T>(submission: Submission<T>, hideFields: string[] = []) {
  return data(submission.reply({ hideFields }), { status: 400 });
}

export function replyWithAppError<T>(submission: Submission<T>, error: unknown, hideFields: string[] = []) {
  if (!(error instanceof AppError)) throw error;
  const field = error.options.field;
  const reply = submission.reply({
    hideFields,
    ...(field ? { fieldErrors: { [field]: [error.userMessage] } } : { formErrors: [error.userMessage] }),
  });
  const headers: Record<string, string> = {};
  if (error.options.retryAfterSeconds) headers["Retry-After"] = String(error.options.retryAfterSeconds);
  // Also for the whole response: the route's own `headers` export may not pass it on.
  if (headers["Retry-After"]) setResponseHeader("Retry-After", headers["Retry-After"]);
  return data(reply, { status: error.status, headers });
}

/** For routes without a form library: the same mapping, as { error } data. */
export function appErrorData(error: unknown) {
  if (!(error instanceof AppError)) throw error;
  const headers: Record<string, string> = {};
  if (error.options.retryAfterSeconds) headers["Retry-After"] = String(error.options.retryAfterSeconds);
  if (headers["Retry-After"]) setResponseHeader("Retry-After", headers["Retry-After"]);
  return data({ error: error.userMessage, field: error.options.field ?? null }, { status: error.status, headers });
}
