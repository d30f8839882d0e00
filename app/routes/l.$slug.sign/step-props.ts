// What every signing step's component gets: the page's data, and the action's last
// answer when it was one of this page's forms.
import type { SubmissionResult } from "@conform-to/react";
import type { useLoaderData } from "@remix-run/react";
import type { loader } from "./route";

export type SigningPageData = ReturnType<typeof useLoaderData<typeof loader>>;
export type LastResult = SubmissionResult<string[]> | undefined;
export type StepProps = { data: SigningPageData; lastResult: LastResult };

/** The last answer, for the form of `intent` only. */
export function forIntent(lastResult: LastResult, intent: string) {
  return lastResult?.initialValue?.intent === intent ? lastResult : undefined;
}
