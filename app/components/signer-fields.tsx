// Form pieces the signer pages need beyond ~/components/forms: a checkbox whose
// label carries the whole sentence being agreed to (consent, confirmation).
import { type FieldMetadata, getInputProps } from "@conform-to/react";
import type { ReactNode } from "react";
import { FieldErrors } from "~/components/forms";

type CheckboxFieldProps = {
  field: FieldMetadata<boolean | undefined>;
  label: ReactNode;
  /** Server-rendered focus for the first field in error (works with JavaScript off). */
  autoFocus?: boolean;
};

export function CheckboxField({ field, label, autoFocus }: CheckboxFieldProps) {
  const errorId = field.errors?.length ? field.errorId : undefined;
  const { key, ...inputProps } = getInputProps(field, { type: "checkbox", ariaDescribedBy: errorId });
  return (
    <div className="field">
      <div className="flex items-start gap-3">
        <input
          key={key}
          {...inputProps}
          aria-describedby={errorId}
          autoFocus={autoFocus}
          className="mt-1 h-5 w-5 shrink-0 accent-accent-700"
        />
        <label htmlFor={field.id}>{label}</label>
      </div>
      <FieldErrors id={field.errorId} errors={field.errors} />
    </div>
  );
}
