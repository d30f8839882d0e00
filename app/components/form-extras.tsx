// Form pieces beyond ~/components/forms: a textarea, and a checkbox whose label
// carries the sentence agreed to (consent, confirmation). Same accessibility pattern
// as `Field`: visible label, hint and error linked with aria-describedby,
// aria-invalid, server-side focus.
import { type FieldMetadata, getInputProps, getTextareaProps } from "@conform-to/react";
import type { ReactNode } from "react";
import { FieldErrors } from "~/components/forms";

function describedBy(field: FieldMetadata<unknown>, hint: ReactNode) {
  const hintId = hint ? `${field.id}-hint` : undefined;
  const errorId = field.errors?.length ? field.errorId : undefined;
  return { hintId, describedBy: [hintId, errorId].filter(Boolean).join(" ") || undefined };
}

type TextAreaFieldProps = {
  field: FieldMetadata<string>;
  label: string;
  hint?: ReactNode;
  rows?: number;
  /** Server-rendered focus for the first field in error (works with JavaScript off). */
  autoFocus?: boolean;
  className?: string;
};

export function TextAreaField({ field, label, hint, rows = 4, autoFocus, className }: TextAreaFieldProps) {
  const { hintId, describedBy: ariaDescribedBy } = describedBy(field, hint);
  const { key, ...textareaProps } = getTextareaProps(field, { ariaDescribedBy });
  return (
    <div className={`field ${className ?? ""}`}>
      <label htmlFor={field.id} className="block font-medium">
        {label}
      </label>
      {hint ? (
        <p id={hintId} className="mt-1 text-sm text-slate-700">
          {hint}
        </p>
      ) : null}
      <textarea
        key={key}
        {...textareaProps}
        aria-describedby={ariaDescribedBy}
        autoFocus={autoFocus}
        rows={rows}
        className="input mt-2 w-full"
      />
      <FieldErrors id={field.errorId} errors={field.errors} />
    </div>
  );
}

type ConfirmFieldProps = {
  field: FieldMetadata<boolean | undefined>;
  label: ReactNode;
  hint?: ReactNode;
  autoFocus?: boolean;
};

/** A checkbox that must be ticked before a serious action (open, cancel, sign, withdraw). */
export function ConfirmField({ field, label, hint, autoFocus }: ConfirmFieldProps) {
  const { hintId, describedBy: ariaDescribedBy } = describedBy(field, hint);
  const { key, ...inputProps } = getInputProps(field, { type: "checkbox", ariaDescribedBy });
  return (
    <div className="field">
      <div className="flex items-start gap-3">
        <input
          key={key}
          {...inputProps}
          aria-describedby={ariaDescribedBy}
          autoFocus={autoFocus}
          className="mt-1 h-5 w-5 shrink-0 accent-accent-700"
        />
        <label htmlFor={field.id} className="font-medium">
          {label}
        </label>
      </div>
      {hint ? (
        <p id={hintId} className="mt-1 pl-8 text-sm text-slate-700">
          {hint}
        </p>
      ) : null}
      <FieldErrors id={field.errorId} errors={field.errors} />
    </div>
  );
}
