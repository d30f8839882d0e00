// Form pieces that follow UX.md: visible labels, hints under the field, errors
// next to it (linked with aria-describedby), focus on the first error even
// without JavaScript, entered values kept, and a submit button that shows work
// in progress and cannot double-submit. Every form of the app is built from these.
import {
  type DefaultValue,
  type FieldMetadata,
  type SubmissionResult,
  getCollectionProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useForm,
} from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useNavigation } from "@remix-run/react";
import { type FormEvent, type ReactNode, useEffect, useRef } from "react";
import type { z } from "zod";

/** A schema's fields as a form holds them: text, or a list of texts for repeated fields. */
export type FormShape<S extends z.ZodType> = {
  [K in keyof z.output<S>]-?: z.output<S>[K] extends string[] | undefined ? string[] : string;
};

/**
 * A form checked in the browser by the same Zod schema the action parses with:
 * first on leaving a field, then as the person types; the server's answer
 * (`lastResult`) shows the same way. `id` tells forms of one page apart.
 */
export function useZodForm<Schema extends z.ZodType, Shape extends Record<string, unknown> = z.input<Schema> & Record<string, unknown>>(
  schema: Schema,
  options: {
    id?: string;
    lastResult?: SubmissionResult<string[]> | null;
    defaultValue?: DefaultValue<Shape>;
    /**
     * Called once the browser's check passed, before the form is sent: a page that
     * must transform what it sends (the signature step sealing a name) prevents the
     * default and submits itself. Without it the form is sent as it is.
     */
    onSubmit?: (event: FormEvent<HTMLFormElement>, context: { formData: FormData }) => void;
  } = {},
) {
  return useForm<Shape, z.output<Schema>>({
    ...options,
    constraint: undefined,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
}

function describedBy(field: FieldMetadata<unknown>, hint: ReactNode) {
  const hintId = hint ? `${field.id}-hint` : undefined;
  const errorId = field.errors?.length ? field.errorId : undefined;
  return { hintId, describedBy: [hintId, errorId].filter(Boolean).join(" ") || undefined };
}

type FieldProps = {
  field: FieldMetadata<string>;
  label: string;
  hint?: ReactNode;
  type?: "text" | "email" | "password" | "number" | "date" | "url";
  autoComplete?: string;
  /** Server-rendered focus for the first field in error (works with JavaScript off). */
  autoFocus?: boolean;
  inputMode?: "numeric" | "email" | "text";
  className?: string;
};

export function Field({ field, label, hint, type = "text", autoComplete, autoFocus, inputMode, className }: FieldProps) {
  const { hintId, describedBy: ariaDescribedBy } = describedBy(field, hint);
  const { key, ...inputProps } = getInputProps(field, { type, ariaDescribedBy });
  return (
    <LabelledField field={field} label={label} hint={hint} hintId={hintId} className={className}>
      <input
        key={key}
        {...inputProps}
        aria-describedby={ariaDescribedBy}
        autoComplete={autoComplete}
        autoFocus={autoFocus}
        inputMode={inputMode}
        className="input mt-2 w-full"
      />
    </LabelledField>
  );
}

/** A native <select> (works without JavaScript): `options` as value and label, the first one chosen unless the form says otherwise. */
export function SelectField({
  field,
  label,
  hint,
  options,
  autoFocus,
  className,
}: {
  field: FieldMetadata<string>;
  label: string;
  hint?: ReactNode;
  options: { value: string; label: string }[];
  autoFocus?: boolean;
  className?: string;
}) {
  const { hintId, describedBy: ariaDescribedBy } = describedBy(field, hint);
  const { key, ...selectProps } = getSelectProps(field, { ariaDescribedBy });
  return (
    <LabelledField field={field} label={label} hint={hint} hintId={hintId} className={className}>
      <select key={key} {...selectProps} aria-describedby={ariaDescribedBy} autoFocus={autoFocus} className="input mt-2 w-full">
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </LabelledField>
  );
}

/**
 * Native radio buttons in a fieldset (works without JavaScript): `options` as value
 * and label, the first one checked unless the form says otherwise.
 */
export function RadioField({
  field,
  legend,
  hint,
  options,
  autoFocus,
}: {
  field: FieldMetadata<string>;
  legend: string;
  hint?: ReactNode;
  options: { value: string; label: string }[];
  autoFocus?: boolean;
}) {
  const { hintId, describedBy: ariaDescribedBy } = describedBy(field, hint);
  const checked =
    typeof field.initialValue === "string" && options.some((o) => o.value === field.initialValue) ? field.initialValue : options[0]?.value;
  const radios = getCollectionProps(field, { type: "radio", options: options.map((o) => o.value), ariaDescribedBy });
  return (
    <fieldset className="field" aria-describedby={ariaDescribedBy}>
      <legend className="block font-medium">{legend}</legend>
      {hint ? (
        <p id={hintId} className="mt-1 text-sm text-slate-700">
          {hint}
        </p>
      ) : null}
      {radios.map(({ key, ...radioProps }, i) => (
        <div key={key} className="mt-2 flex items-center gap-3">
          <input
            {...radioProps}
            defaultChecked={radioProps.value === checked}
            autoFocus={autoFocus && radioProps.value === checked}
            className="h-5 w-5 shrink-0 accent-accent-700"
          />
          <label htmlFor={radioProps.id}>{options[i]!.label}</label>
        </div>
      ))}
      <FieldErrors id={field.errorId} errors={field.errors} />
    </fieldset>
  );
}

/** The label above, the hint under it, the control, then its errors: one layout for every text field. */
function LabelledField({
  field,
  label,
  hint,
  hintId,
  className,
  children,
}: {
  field: FieldMetadata<string>;
  label: string;
  hint?: ReactNode;
  hintId?: string;
  className?: string;
  children: ReactNode;
}) {
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
      {children}
      <FieldErrors id={field.errorId} errors={field.errors} />
    </div>
  );
}

// A <div> of paragraphs rather than a list: role="alert" on a <ul> would take its
// list semantics away and leave orphaned list items.
export function FieldErrors({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <div id={id} className="mt-2 text-sm font-medium text-red-800" role="alert">
      {errors.map((error) => (
        <p key={error}>{error}</p>
      ))}
    </div>
  );
}

/**
 * Errors about the whole form (e.g. "That email and password don't match"). Focus
 * moves to them: by `autoFocus` in the server's HTML (no JavaScript), and when an
 * answer arrives in the page (JavaScript: React does not autofocus a <div>).
 */
export function FormErrors({ id, errors }: { id: string; errors?: string[] }) {
  const ref = useRef<HTMLDivElement>(null);
  const text = errors?.join("\n") ?? "";
  useEffect(() => {
    if (text) ref.current?.focus();
  }, [text]);
  if (!errors?.length) return null;
  return (
    <div ref={ref} id={id} role="alert" tabIndex={-1} className="rounded-md border border-red-300 bg-red-50 p-4 text-red-900" autoFocus>
      {errors.map((error) => (
        <p key={error}>{error}</p>
      ))}
    </div>
  );
}

/** The first field (in `order`) that has an error, for server-side autofocus. */
export function firstErrorField(fields: Record<string, { errors?: string[] }>, order: string[]) {
  return order.find((name) => fields[name]?.errors?.length);
}

export function SubmitButton({
  children,
  pendingText,
  name,
  value,
  className,
  busy = false,
}: {
  children: ReactNode;
  pendingText: string;
  name?: string;
  value?: string;
  className?: string;
  /** Work the page does before the form is sent (e.g. sealing a name in the browser). */
  busy?: boolean;
}) {
  const navigation = useNavigation();
  const submittingThis = busy || (navigation.state === "submitting" && (name === undefined || navigation.formData?.get(name) === value));
  const disabled = busy || navigation.state === "submitting";
  return (
    <button
      type="submit"
      name={name}
      value={value}
      disabled={disabled}
      aria-disabled={disabled}
      className={className ?? "button button-primary"}
    >
      {submittingThis ? pendingText : children}
    </button>
  );
}

type RowActionProps = {
  /** The action's intent, posted as a hidden field. */
  intent: string;
  /** The row: its id is the button's value, so only that row's button shows it is pending. */
  row: { field: string; id: string };
  pendingText: string;
  /** What the button says, and after it, for screen readers only, which row it acts on. */
  label: string;
  rowName: string;
};

/** A one-button form on a row of a list or table (remove, revoke, cancel). */
export function RowActionForm({ intent, row, pendingText, label, rowName }: RowActionProps) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <SubmitButton name={row.field} value={row.id} pendingText={pendingText} className="button button-secondary">
        {label}
        <span className="sr-only"> {rowName}</span>
      </SubmitButton>
    </Form>
  );
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
    <LabelledField field={field} label={label} hint={hint} hintId={hintId} className={className}>
      <textarea
        key={key}
        {...textareaProps}
        aria-describedby={ariaDescribedBy}
        autoFocus={autoFocus}
        rows={rows}
        className="input mt-2 w-full"
      />
    </LabelledField>
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
