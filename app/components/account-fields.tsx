// The fields the account pages share (sign-up, sign-in, the password reset, the
// account page), with the autocomplete hints password managers go by.
import type { FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
import { Field } from "~/components/forms";

type Props = { field: FieldMetadata<string>; autoFocus: boolean; hint?: ReactNode };

/** The address someone signs in with (sign-in, a forgotten password). */
export function SignInEmailField({ field, autoFocus, hint }: Props) {
  return <Field field={field} label="Your email" type="email" autoComplete="email" autoFocus={autoFocus} hint={hint} />;
}

/** A password typed to prove who you are ("current"), or one being chosen ("new"). */
export function PasswordField({ field, label, kind, autoFocus, hint }: Props & { label: string; kind: "current" | "new" }) {
  const autoComplete = kind === "new" ? "new-password" : "current-password";
  return <Field field={field} label={label} type="password" autoComplete={autoComplete} autoFocus={autoFocus} hint={hint} />;
}
