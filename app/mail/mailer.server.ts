import path from "node:path";
import type { Config } from "~/config/env.server";
import { localMailbox, smtpTransport } from "./transport.server";

export function localMailboxDir(cfg: Config) {
  return path.resolve(cfg.DATA_DIR, "mailbox");
}

export function mailTransportFor(cfg: Config) {
  return cfg.SMTP_URL ? smtpTransport(cfg.SMTP_URL) : localMailbox(localMailboxDir(cfg));
}
