// k of n: how many of the trustees must agree before any name is unsealed.
import { getFormProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { Field, FormErrors, SubmitButton, firstErrorField, useZodForm } from "~/components/forms";
import { trusteeThresholdFields } from "~/domain/trustees/trustee-rules";
import type { TrusteesActionData, TrusteesPageData } from "./route";

export function ThresholdSection({ loaded, lastResult }: { loaded: TrusteesPageData; lastResult: TrusteesActionData }) {
  const { trustees, threshold, canChange, limits } = loaded;
  const count = trustees.length;
  const [form, fields] = useZodForm(trusteeThresholdFields, {
    id: "trustee-threshold",
    lastResult,
    defaultValue: { threshold: String(threshold ?? Math.min(limits.min, count)) },
  });
  const focus = firstErrorField(fields, ["threshold"]);
  return (
    <section aria-labelledby="threshold-title" className="space-y-3">
      <h2 id="threshold-title" className="text-2xl font-semibold">
        How many must agree
      </h2>
      <p className="max-w-3xl">
        {threshold
          ? `${threshold} of the ${count} trustees must each use their key before any name is unsealed.`
          : "Not chosen yet: the letter cannot open until you choose."}{" "}
        More makes early unsealing harder; fewer leaves more room for lost keys. {spareInWords(count, threshold)}
      </p>
      {!canChange ? null : count < limits.min ? (
        <p>Add at least {limits.min} trustees, then choose how many of them must agree.</p>
      ) : (
        <Form method="post" {...getFormProps(form)} className="form-card max-w-2xl">
          <FormErrors id={form.errorId} errors={form.errors} />
          <Field
            field={fields.threshold}
            label="Trustees needed to unseal"
            type="number"
            inputMode="numeric"
            autoFocus={focus === "threshold"}
            hint={`A whole number from ${limits.min} to ${count}.`}
            className="max-w-xs"
          />
          <SubmitButton name="intent" value="set-threshold" pendingText="Saving…">
            Save
          </SubmitButton>
        </Form>
      )}
    </section>
  );
}

function spareInWords(count: number, threshold: number | null) {
  if (threshold === null)
    return `With ${count} trustees and k needed, n − k of them may lose their key and the names can still be unsealed.`;
  const spare = count - threshold;
  if (spare <= 0) return `With ${count} needed out of ${count}, not one may lose their key, or the names can never be unsealed.`;
  return `With ${threshold} needed out of ${count}, ${spare === 1 ? "one" : spare} may lose their key and the names can still be unsealed.`;
}
