// A draft's trustees (issue 15): who must agree before any name is unsealed, the
// state of each one's key, the form to add one, and k of n. Nested under
// my.letters.$id (flat routes), the layout of a letter's pages. Every form works
// without JavaScript; the rules are the domain's (app/domain/trustees/).
import type { SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/auth/current-user.server";
import { FormErrors } from "~/components/forms";
import { addTrustee } from "~/domain/trustees/add-trustee.server";
import { listTrustees } from "~/domain/trustees/list-trustees.server";
import { removeTrustee } from "~/domain/trustees/remove-trustee.server";
import { setTrusteeThreshold } from "~/domain/trustees/set-trustee-threshold.server";
import { MAX_TRUSTEES, MIN_TRUSTEES, trusteeActionSchema } from "~/domain/trustees/trustee-rules";
import { invalidSubmission, replyWithAppError } from "~/http/form.server";
import { letterIdFrom } from "~/http/letter-param.server";
import { organizerSubmission } from "~/http/organizer-form.server";
import { formatDay } from "~/lib/dates";
import { dashboardPath } from "~/lib/organizer-paths";
import type { loader as letterLoader } from "../my.letters.$id";
import { AboutTrustees } from "./about-trustees";
import { AddTrusteeSection } from "./add-trustee-section";
import { ThresholdSection } from "./threshold-section";
import { TrusteeListSection } from "./trustee-list-section";
import { LetterPageHeader } from "~/components/letter-page-header";

const LETTER = "routes/my.letters.$id";

export const meta: MetaFunction<null, { [LETTER]: typeof letterLoader }> = ({ matches }) => {
  const title = matches.find((m) => m.id === LETTER)?.data?.letter.title;
  return [{ title: title ? `Trustees of “${title}” — Undersigned` : "Trustees — Undersigned" }];
};

/** Why the letter cannot open yet, in the words opening would use. */
function problemInWords(problem: Awaited<ReturnType<typeof listTrustees>>["problem"]) {
  switch (problem?.code) {
    case undefined:
      return null;
    case "trustees-too-few":
      return "One trustee is not enough: add at least one more, or remove this one.";
    case "trustee-threshold-unset":
      return "Choose how many trustees must agree (below).";
    case "trustee-keys-missing":
      return problem.missing === 1 ? "One trustee has not created a key yet." : `${problem.missing} trustees have not created a key yet.`;
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  const view = await listTrustees(user.id, letterIdFrom(params));
  return {
    letter: view.letter,
    canChange: view.canChange,
    canAdd: view.canAdd,
    threshold: view.threshold,
    limits: { min: MIN_TRUSTEES, max: MAX_TRUSTEES },
    notReady: problemInWords(view.problem),
    trustees: view.trustees.map((t) => ({
      id: t.id,
      number: t.position + 1,
      description: t.description,
      email: t.email,
      fingerprint: t.fingerprint,
      invitedOn: formatDay(t.invitedAt),
      invitedDay: t.invitedAt.slice(0, 10),
      registeredOn: t.registeredAt ? formatDay(t.registeredAt) : null,
    })),
  };
}

export type TrusteesPageData = ReturnType<typeof useLoaderData<typeof loader>>;
export type TrusteesActionData = SubmissionResult<string[]> | undefined;

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, letterId, submission } = await organizerSubmission(request, params, trusteeActionSchema);
  if (submission.status !== "success") return invalidSubmission(submission);
  const page = dashboardPath(letterId, "trustees");
  try {
    const value = submission.value;
    switch (value.intent) {
      case "add":
        await addTrustee(user.id, letterId, { description: value.description, email: value.email });
        return redirect(`${page}?invited=1`);
      case "remove":
        await removeTrustee(user.id, letterId, value.trusteeId);
        return redirect(page);
      case "set-threshold":
        await setTrusteeThreshold(user.id, letterId, value.threshold);
        return redirect(page);
    }
  } catch (error) {
    return replyWithAppError(submission, error);
  }
}

export default function Trustees() {
  const loaded = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const intent = lastResult?.initialValue?.intent;
  const invited = searchParams.get("invited") === "1" && !lastResult;
  // Errors of a removal (or of a request with no known intent) show at the top.
  const otherErrors =
    lastResult && intent !== "add" && intent !== "set-threshold" ? Object.values(lastResult.error ?? {}).flatMap((e) => e ?? []) : [];
  const { letter } = loaded;

  return (
    <div className="space-y-10">
      <LetterPageHeader letterId={letter.id} eyebrow={letter.title} title="Trustees">
        <FormErrors id="trustees-errors" errors={otherErrors} />
        {invited ? (
          <p role="status" className="max-w-3xl rounded-md border border-green-700 bg-green-50 p-4 text-green-900">
            Invitation sent. The trustee's key shows here once they have created it from the link in their email.
          </p>
        ) : null}
      </LetterPageHeader>
      <AboutTrustees />
      <TrusteeListSection loaded={loaded} />
      {loaded.trustees.length > 0 ? (
        <ThresholdSection loaded={loaded} lastResult={intent === "set-threshold" ? lastResult : undefined} />
      ) : null}
      <AddTrusteeSection loaded={loaded} lastResult={intent === "add" ? lastResult : undefined} />
    </div>
  );
}
