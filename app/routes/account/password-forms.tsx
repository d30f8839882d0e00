// The account page's two password forms: changing it, and deleting the account
// (which the password confirms). Their schemas are also the action's, by intent.
import { type SubmissionResult, getFormProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { z } from "zod";
import { PasswordField } from "~/components/account-fields";
import { FormErrors, SubmitButton, firstErrorField, useZodForm } from "~/components/forms";
import { NEW_PASSWORD_HINT, newPassword, typedPassword } from "~/domain/accounts/account-fields";

export const changePasswordFields = z.object({
  currentPassword: typedPassword("Enter your current password."),
  newPassword: newPassword("Choose a new password."),
});

export const deleteAccountFields = z.object({
  password: typedPassword("Enter your password to confirm."),
});

type FormProps = { lastResult: SubmissionResult<string[]> | undefined };

export function ChangePasswordForm({ lastResult }: FormProps) {
  const [form, fields] = useZodForm(changePasswordFields, { id: "change-password", lastResult });
  const focus = firstErrorField(fields, ["currentPassword", "newPassword"]);
  return (
    <Form method="post" action="/account" {...getFormProps(form)} className="form-card">
      <FormErrors id={form.errorId} errors={form.errors} />
      <PasswordField field={fields.currentPassword} label="Current password" kind="current" autoFocus={focus === "currentPassword"} />
      <PasswordField
        field={fields.newPassword}
        label="New password"
        kind="new"
        autoFocus={focus === "newPassword"}
        hint={`${NEW_PASSWORD_HINT} Your other sessions will be signed out.`}
      />
      <SubmitButton name="intent" value="change-password" pendingText="Changing the password…">
        Change password
      </SubmitButton>
    </Form>
  );
}

export function DeleteAccountForm({ lastResult }: FormProps) {
  const [form, fields] = useZodForm(deleteAccountFields, { id: "delete-account", lastResult });
  const focus = firstErrorField(fields, ["password"]);
  return (
    <Form method="post" action="/account" {...getFormProps(form)} className="form-card">
      <FormErrors id={form.errorId} errors={form.errors} />
      <PasswordField field={fields.password} label="Your password, to confirm" kind="current" autoFocus={focus === "password"} />
      <SubmitButton
        name="intent"
        value="delete-account"
        pendingText="Deleting your account…"
        className="button border-red-800 bg-red-800 text-white hover:bg-red-900"
      >
        Delete my account permanently
      </SubmitButton>
    </Form>
  );
}
