// Form pieces that follow UX.md: visible labels, hints under the field, errors
// next to it (linked with aria-describedby), focus on the first error even
// without JavaScript, entered values kept, and a submit button that shows work
// in progress and cannot double-submit.
import { type FieldMetadata, getInputProps } from "@conform-to/react";
import { useNavigation } from "@remix-run/react";
import { type ReactNode, useEffect, useRef } from "react";

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
  const hintId = hint ? `${field.id}-hint` : undefined;
  const errorId = field.errors?.length ? field.errorId : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  const { key, ...inputProps } = getInputProps(field, { type, ariaDescribedBy: describedBy });
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
      <input
        key={key}
        {...inputProps}
        aria-describedby={describedBy}
        autoComplete={autoComplete}
        autoFocus={autoFocus}
        inputMode={inputMode}
        className="input mt-2 w-full"
      />
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

export function SubmitButton({ children, pendingText, name, value, className }: { children: ReactNode; pendingText: string; name?: string; value?: string; className?: string }) {
  const navigation = useNavigation();
  const submittingThis =
    navigation.state === "submitting" && (name === undefined || navigation.formData?.get(name) === value);
  return (
    <button
      type="submit"
      name={name}
      value={value}
      disabled={navigation.state === "submitting"}
      aria-disabled={navigation.state === "submitting"}
      className={className ?? "button button-primary"}
    >
      {submittingThis ? pendingText : children}
    </button>
  );
}
