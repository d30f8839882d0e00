// The transport this process sends mail through from memory (decision 009): the
// one configuration names (SMTP, or the local mailbox), made once. Tests install
// their own through setMailTransport, the same seam the app uses.
import { config } from "~/config/env.server";
import { mailTransportFor } from "./mailer.server";
import type { MailTransport } from "./transport.server";

let installed: MailTransport | undefined;

export function processMailTransport(): MailTransport {
  installed ??= mailTransportFor(config());
  return installed;
}

/** Every mail this process sends from memory goes to `transport` from now on (undefined: back to the configured one). */
export function setMailTransport(transport: MailTransport | undefined) {
  installed = transport;
}
