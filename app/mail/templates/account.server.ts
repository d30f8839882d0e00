// Mail to organizers about their own account (sent to their personal login address).
import { absoluteUrl } from "~/lib/app-url.server";
import { CODE_TTL_MS, RESET_TTL_MS, durationInWords } from "~/lib/lifetimes";

export function loginEmailCodeMail(code: string) {
  const spaced = `${code.slice(0, 4)} ${code.slice(4)}`;
  return {
    kind: "account-email-code",
    subject: `Your Undersigned code: ${spaced}`,
    text: [
      `Your code is: ${spaced}`,
      "",
      `Type it on the Undersigned page that asked for it. It works once, for ${durationInWords(CODE_TTL_MS)}.`,
      "If you did not ask for it, ignore this email: nothing happens without the code.",
    ].join("\n"),
  };
}

export function alreadyRegisteredMail() {
  return {
    kind: "account-already-registered",
    subject: "Someone tried to create an Undersigned account with your address",
    text: [
      "Someone — perhaps you — tried to create an Undersigned account with this email address.",
      "You already have an account, so nothing was created.",
      "",
      `To sign in: ${absoluteUrl("/login")}`,
      `Forgot your password? ${absoluteUrl("/forgot-password")}`,
      "",
      "If it wasn't you, you can ignore this email.",
    ].join("\n"),
  };
}

export function passwordResetMail(token: string) {
  return {
    kind: "account-password-reset",
    subject: "Reset your Undersigned password",
    text: [
      `To choose a new password, open this link within ${durationInWords(RESET_TTL_MS)}:`,
      "",
      absoluteUrl(`/reset-password/${encodeURIComponent(token)}`),
      "",
      "Opening the link changes nothing by itself; you choose the new password on the page.",
      "Resetting signs you out everywhere. If you did not ask for this, ignore this email.",
    ].join("\n"),
  };
}
