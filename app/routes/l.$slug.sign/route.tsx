// The signing steps behind a private link: work email → code → signature, then the
// receipt. Which step shows is the domain's decision (signing-step.server.ts); each
// step's form is in its own file beside this one.
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { clearCookie, readCookie, serializeCookie } from "~/auth/cookies.server";
import { perDomains } from "~/domain/letters/per-domains";
import { signatureActionFields, signingCodeFields, workEmailFields } from "~/domain/letters/signature-rules";
import { signLetter } from "~/domain/letters/sign-letter.server";
import { requireLetterToSign, type SignerStep, viewSigningStep } from "~/domain/letters/signing-step.server";
import { browserSealingFor, trusteeModelFor } from "~/domain/letters/trustee-sealing.server";
import {
  SIGNING_COOKIE,
  SIGNING_COOKIE_SECONDS,
  requestSigningCode,
  verifySigningCode,
} from "~/domain/letters/signing-verification.server";
import { invalidSubmission, replyWithAppError } from "~/http/form.server";
import { parseForm } from "~/http/read-form.server";
import { newReceiptPath } from "~/lib/public-urls";
import { ClosedStep } from "./closed-step";
import { CodeStep } from "./code-step";
import { EmailStep } from "./email-step";
import { SignatureStep } from "./signature-step";

export const meta: MetaFunction = () => [{ title: "Sign a letter — Undersigned" }, { name: "robots", content: "noindex" }];

// No Referer leaves this page either: server/web.js sends Referrer-Policy on every response (once).
export const headers: HeadersFunction = () => ({
  "Cache-Control": "no-store",
});

// Built once per set of domains, not once per request.
const actionSchema = perDomains(buildActionSchema);

function buildActionSchema(domains: string[]) {
  return z.discriminatedUnion("intent", [
    workEmailFields(domains).extend({ intent: z.literal("request-code") }),
    signingCodeFields.extend({ intent: z.literal("verify-code") }),
    z.object({ intent: z.literal("restart") }),
    signatureActionFields(domains).extend({ intent: z.literal("sign") }),
  ]);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const token = readCookie(request, SIGNING_COOKIE);
  const { letter, letterPath, step, timedOut } = await viewSigningStep(params.slug, token);
  return {
    step,
    /** A code or signing window ran out: say so, rather than silently starting over. */
    timedOut,
    letterPath,
    letter: {
      status: letter.status,
      title: letter.title,
      organizationName: letter.organizationName,
      allowedDomains: letter.allowedDomains,
      teams: letter.teams,
      threshold: letter.threshold,
      deadline: new Date(letter.deadline).toISOString(),
      // The batched count (0 below five), as on the letter page.
      count: letter.count,
      countBatch: letter.countBatch,
      // While cooling off, as the last count batch showed it (decision 020); null otherwise.
      coolingOffEndsAt: letter.coolingOffEndsAt,
    },
    /** A letter with trustees (decision 015): k of n and the sealing code's SHA-256, for every step's "How you are protected". */
    trustees: letter.hasTrustees ? await trusteeModelFor(letter.id) : null,
    /**
     * A letter with trustees, at the signature step: what this browser seals the name
     * and title with (decision 015), bound to the id its signature will have. Null
     * otherwise: the server seals, as it does without JavaScript.
     */
    trusteeSealing: letter.hasTrustees && step === "sign" && token ? await browserSealingFor(letter.id, token) : null,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { letter, signPath: here } = await requireLetterToSign(params.slug);
  const submission = await parseForm(request, actionSchema(letter.allowedDomains));
  if (submission.status !== "success") return invalidSubmission(submission);
  const token = readCookie(request, SIGNING_COOKIE);
  const value = submission.value;
  try {
    switch (value.intent) {
      case "request-code": {
        const newToken = await requestSigningCode(letter, value.email, { clientIp: context.clientIp });
        return redirect(here, { headers: { "Set-Cookie": serializeCookie(SIGNING_COOKIE, newToken, SIGNING_COOKIE_SECONDS.codeSent) } });
      }
      case "verify-code": {
        await verifySigningCode(token, letter.id, value.code, { clientIp: context.clientIp });
        // The signing window starts now; the cookie lasts as long as it does.
        const headers = token ? { "Set-Cookie": serializeCookie(SIGNING_COOKIE, token, SIGNING_COOKIE_SECONDS.verified) } : undefined;
        return redirect(here, { headers });
      }
      case "restart":
        return redirect(here, { headers: { "Set-Cookie": clearCookie(SIGNING_COOKIE) } });
      case "sign": {
        const { receiptToken, submittedAgain } = await signLetter(token, letter, {
          publicLine: value.publicLine,
          team: value.team,
          nameAt: value.nameAt,
          name: value.name,
          title: value.title,
          contactEmail: value.contactEmail,
          // With JavaScript, on a letter with trustees: the envelope instead of name and title.
          sealedIdentity: value.sealedIdentity,
        });
        // submittedAgain: this browser's verification signed already (a double click, a
        // resubmitted page): back to that signature's receipt, saying so.
        return redirect(newReceiptPath(receiptToken, { again: submittedAgain }), {
          headers: { "Set-Cookie": clearCookie(SIGNING_COOKIE) },
        });
      }
    }
  } catch (error) {
    return replyWithAppError(submission, error);
  }
}

// The intents each step has a form for.
const STEP_INTENTS: Record<SignerStep, string[]> = {
  email: ["request-code"],
  code: ["verify-code", "restart"],
  sign: ["sign", "restart"],
  closed: [],
};

export default function SignLetter() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // Each form gets the answer to its own intent. An answer the current step has
  // no form for (the loader moved on, e.g. the signing window ran out) is shown on top.
  const intent = actionData?.initialValue?.intent;
  const stray = actionData && !STEP_INTENTS[data.step].includes(String(intent)) ? actionData.error?.[""] : undefined;
  const lastResult = stray ? undefined : actionData;
  return (
    <>
      {stray?.length ? (
        <div role="alert" className="form-card mb-6 rounded-md border border-red-300 bg-red-50 p-4 text-red-900">
          {stray.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </div>
      ) : null}
      {data.step === "email" ? (
        <EmailStep data={data} lastResult={lastResult} />
      ) : data.step === "code" ? (
        <CodeStep data={data} lastResult={lastResult} />
      ) : data.step === "sign" ? (
        <SignatureStep data={data} lastResult={lastResult} />
      ) : (
        <ClosedStep data={data} />
      )}
    </>
  );
}
