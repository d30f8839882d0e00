// Opening and cancelling a letter are the same form: one box the organizer must tick
// to say they understand what cannot be undone, posted to the letter's own address,
// where the layout's action carries out the intent.
import { type FieldMetadata, type FormMetadata, getFormProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { ConfirmField, FormErrors, SubmitButton } from "~/components/forms";
import { dashboardPath } from "~/lib/organizer-paths";

type Props<Shape extends Record<string, unknown>> = {
  intent: "open" | "cancel";
  letterId: string;
  form: FormMetadata<Shape, string[]>;
  box: FieldMetadata<boolean | undefined>;
  confirm: { label: string; hint?: string };
  submit: { label: string; pendingText: string; className?: string };
  className: string;
  /** What the form says before the box: a heading, what happens. */
  children?: ReactNode;
};

export function ConfirmedActionForm<Shape extends Record<string, unknown>>(props: Props<Shape>) {
  const { intent, letterId, form, box, confirm, submit, className, children } = props;
  return (
    <Form method="post" action={dashboardPath(letterId)} {...getFormProps(form)} className={className}>
      {children}
      <FormErrors id={form.errorId} errors={form.errors} />
      <ConfirmField field={box} label={confirm.label} hint={confirm.hint} autoFocus={Boolean(box.errors?.length)} />
      <SubmitButton name="intent" value={intent} pendingText={submit.pendingText} className={submit.className}>
        {submit.label}
      </SubmitButton>
    </Form>
  );
}
