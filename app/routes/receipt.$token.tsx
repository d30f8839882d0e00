import { nameAtSentence } from "~/domain/letters/name-conditions";
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FormErrors, SubmitButton, firstErrorField, useZodForm } from "~/components/forms";
import { ConfirmField } from "~/components/forms";
import { Notice } from "~/components/notice";
import { ReceiptProtection, ReceiptStatus, SaveReceiptLink, sealedUntil } from "~/components/signer-receipt";
import { viewReceipt, withdrawSignature } from "~/domain/letters/receipt.server";
import { formatDay } from "~/lib/dates";
import { privatePath } from "~/domain/letters/private-link.server";
import { isPublished } from "~/domain/letters/lifecycle";
import { NotFoundError } from "~/errors";
import { absoluteUrl } from "~/lib/app-url.server";
import { receiptPath } from "~/lib/public-urls";
import { invalidSubmission, replyWithAppError } from "~/http/form.server";
import { parseForm } from "~/http/read-form.server";

// The receipt link is a secret: never in the title, never sent on as a Referer.
export const meta: MetaFunction = () => [{ title: "Receipt — Undersigned" }, { name: "robots", content: "noindex" }];

// No Referer leaves this page either: server/web.js sends Referrer-Policy on every response (once).
export const headers: HeadersFunction = () => ({
  "Cache-Control": "no-store",
});

// Receipt tokens are "<id>.<secret>" in lower-case letters and digits.
const tokenParam = z.string().regex(/^[a-z0-9.]{1,100}$/);

const withdrawSchema = z.object({
  confirm: z
    .boolean({ message: "Tick the box to confirm: withdrawing cannot be undone." })
    .refine((value) => value, "Tick the box to confirm: withdrawing cannot be undone."),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const token = tokenParam.safeParse(params.token);
  try {
    if (!token.success) throw new NotFoundError();
    const receipt = await viewReceipt(token.data);
    const query = new URL(request.url).searchParams;
    const justSigned = query.get("new") === "1";
    return {
      found: true as const,
      // The same absolute link the receipt mail carries.
      receiptUrl: justSigned ? absoluteUrl(receiptPath(token.data)) : null,
      // This browser submitted its signature twice (a double click, a resubmitted page).
      submittedAgain: justSigned && query.get("again") === "1",
      letterPath: privatePath(receipt.letter.id),
      letter: {
        title: receipt.letter.title,
        addressee: receipt.letter.addressee,
        organizationName: receipt.letter.organizationName,
        status: receipt.letter.status,
        threshold: receipt.letter.threshold,
        deadline: receipt.letter.deadline.toISOString(),
        textHash: receipt.letter.textHash,
        coolingOffEndsAt: receipt.letter.coolingOffEndsAt,
      },
      publicLine: receipt.publicLine,
      signedOn: receipt.signedOn.toISOString(),
      identity: receipt.identity,
      // Decision 019: the signer's own bar, the same words for a signature and a decoy receipt.
      nameAt: receipt.nameAt === null ? null : nameAtSentence(receipt.nameAt),
      nameAtValue: receipt.nameAt,
      waitingForCount: receipt.waitingForCount,
      sealedForTrustees: receipt.sealedForTrustees,
      withTrustees: receipt.withTrustees,
      canWithdraw: receipt.canWithdraw,
    };
  } catch (error) {
    // Withdrawing deletes the signature, so right after a withdrawal this loader
    // finds nothing either. Answer 404 as data rather than a thrown error, so the
    // action's confirmation can still render (with JavaScript off too).
    if (error instanceof NotFoundError) return data({ found: false as const }, { status: 404 });
    throw error;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = tokenParam.safeParse(params.token);
  if (!token.success) throw new NotFoundError();
  const submission = await parseForm(request, withdrawSchema);
  if (submission.status !== "success") return invalidSubmission(submission);
  try {
    await withdrawSignature(token.data);
  } catch (error) {
    return replyWithAppError(submission, error);
  }
  // An explicit 200: the loader's 404 (the receipt is gone now) must not become the page's status.
  return data({ withdrawn: true as const }, { status: 200 });
}

export default function Receipt() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (actionData && "withdrawn" in actionData) return <Withdrawn />;
  if (!loaded.found) return <ReceiptNotFound />;
  const lastResult = actionData;
  const { letter } = loaded;
  return (
    <div className="max-w-2xl space-y-8">
      <header>
        <p className="text-sm font-semibold uppercase tracking-wide text-accent-700">Your receipt</p>
        <h1 className="mt-1 text-3xl font-bold">Your signature on &ldquo;{letter.title}&rdquo;</h1>
        {loaded.submittedAgain ? (
          <Notice className="mt-3">
            You had already submitted your signature from this browser: it was stored once, and this is its receipt.
          </Notice>
        ) : null}
        {loaded.receiptUrl ? (
          <p className="mt-3 text-lg">
            Thank you: your signature is in.{" "}
            {sealedUntil(letter.status, letter.threshold, loaded.sealedForTrustees, {
              nameAt: loaded.nameAtValue,
              waitingForCount: loaded.waitingForCount,
            })}
          </p>
        ) : null}
      </header>
      {loaded.receiptUrl ? <SaveReceiptLink url={loaded.receiptUrl} /> : null}
      <ReceiptStatus
        status={letter.status}
        threshold={letter.threshold}
        deadline={letter.deadline}
        identity={loaded.identity}
        withTrustees={loaded.withTrustees}
        waitingForCount={loaded.waitingForCount}
        coolingOffEndsAt={letter.coolingOffEndsAt}
      />
      <section aria-labelledby="your-signature">
        <h2 id="your-signature" className="text-xl font-semibold">
          Your signature
        </h2>
        <dl className="mt-3 grid gap-x-6 gap-y-2 sm:grid-cols-[auto_1fr]">
          <dt className="font-medium">Public line</dt>
          <dd>
            {loaded.publicLine ? (
              <>&ldquo;{loaded.publicLine}&rdquo;, shown without your name</>
            ) : (
              "None: you are counted, and no line is shown"
            )}
          </dd>
          {loaded.nameAt ? (
            <>
              <dt className="font-medium">Your condition</dt>
              <dd data-name-at="">{loaded.nameAt}</dd>
            </>
          ) : null}
          <dt className="font-medium">Signed on</dt>
          <dd>{formatDay(loaded.signedOn)}</dd>
          <dt className="font-medium">Addressed to</dt>
          <dd>{letter.addressee}</dd>
          {letter.textHash ? (
            <>
              <dt className="font-medium">Text you signed</dt>
              <dd className="break-all font-mono text-xs">SHA-256 {letter.textHash}</dd>
            </>
          ) : null}
        </dl>
        <p className="mt-3 text-sm text-stone-700">
          If you signed this letter more than once, only your first signature counts, and only its own receipt withdraws it.
        </p>
        <p className="mt-3">
          <Link to={loaded.letterPath}>Read the letter</Link>
        </p>
      </section>
      {loaded.canWithdraw ? (
        <WithdrawForm lastResult={lastResult} />
      ) : (
        <p className="text-stone-700">
          {isPublished(letter.status)
            ? "The letter is published: its list of signatories can no longer change."
            : "There is nothing left to withdraw."}
        </p>
      )}
      <ReceiptProtection status={letter.status} sealedForTrustees={loaded.sealedForTrustees} />
    </div>
  );
}

function WithdrawForm({ lastResult }: { lastResult: SubmissionResult<string[]> | undefined }) {
  const [form, fields] = useZodForm(withdrawSchema, { id: "withdraw", lastResult });
  const focus = firstErrorField(fields, ["confirm"]);
  return (
    <Form method="post" {...getFormProps(form)} className="form-card rounded-lg border border-red-200 bg-white p-5">
      <h2 className="text-xl font-semibold">Withdraw your signature</h2>
      <p>
        You can withdraw until the letter is published. Your signature is deleted, not hidden: your public line and your sealed name are
        gone, and this receipt stops working.
      </p>
      <FormErrors id={form.errorId} errors={form.errors} />
      <ConfirmField field={fields.confirm} autoFocus={focus === "confirm"} label="Delete my signature. This cannot be undone." />
      <SubmitButton pendingText="Withdrawing…" className="button button-secondary">
        Withdraw my signature
      </SubmitButton>
    </Form>
  );
}

function Withdrawn() {
  return (
    <div className="form-card">
      <p role="status" className="text-sm font-semibold uppercase tracking-wide text-accent-700">
        Done
      </p>
      <h1 className="text-3xl font-bold">Your signature is withdrawn</h1>
      <p>
        It is deleted: your public line, your sealed name and your contact address are gone, and the count no longer includes you. This
        receipt link no longer works.
      </p>
      <p>While the letter is open, you can sign again from its private link.</p>
    </div>
  );
}

function ReceiptNotFound() {
  return (
    <div className="form-card">
      <p className="text-sm font-semibold uppercase tracking-wide text-accent-700">Error 404</p>
      <h1 className="text-3xl font-bold">We couldn&rsquo;t find that receipt</h1>
      <p>The link may be incomplete: check that you copied all of it. A receipt also stops working once its signature is withdrawn.</p>
      <p>
        If the letter expired before enough people signed, or its organizers cancelled it, nothing is kept: every signature and every sealed
        name was destroyed, receipts included. The letter&rsquo;s own link still says what happened.
      </p>
      <p>
        <Link to="/" className="button button-primary">
          Go to the home page
        </Link>
      </p>
    </div>
  );
}
