// "Use a different address": forgets this browser's verification and starts again at step 1.
import { getFormProps, useForm } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { FormErrors, SubmitButton } from "~/components/forms";
import { type LastResult, forIntent } from "./step-props";

export function RestartForm({ lastResult, heading, text }: { lastResult: LastResult; heading: string; text: string }) {
  const [form] = useForm({ id: "restart", lastResult: forIntent(lastResult, "restart") });
  return (
    <Form method="post" {...getFormProps(form)} className="form-card border-t border-stone-200 pt-5">
      <h2 className="text-xl font-semibold">{heading}</h2>
      <p>{text}</p>
      <FormErrors id={form.errorId} errors={form.errors} />
      <SubmitButton name="intent" value="restart" pendingText="Starting again…" className="button button-secondary">
        Use a different address
      </SubmitButton>
    </Form>
  );
}
