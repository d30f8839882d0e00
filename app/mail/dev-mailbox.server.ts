// The development mailbox page: only while no SMTP server is configured, and
// only to requests made on this machine directly, since it shows every mail
// (work addresses, codes) the app has "sent".
import type { AppLoadContext } from "@remix-run/node";
import { config } from "~/config/env.server";
import { localMailboxDir } from "./mailer.server";
import { readLocalMailbox } from "./transport.server";

export function localMailboxAvailable(context: Pick<AppLoadContext, "directLoopback">) {
  return config().mailTransport === "local-mailbox" && context.directLoopback;
}

export function listLocalMail() {
  return readLocalMailbox(localMailboxDir(config()));
}
