// A transport that keeps what it is given, in memory: for tests, seeds and the
// benchmark, which read the codes the app sends from memory (decision 009),
// installed through the same seam as the configured transport (setMailTransport).
import { memoryMailSettled } from "./memory-sender.server";
import { setMailTransport } from "./process-transport.server";
import type { Envelope, MailTransport } from "./transport.server";

/** What the memory sender hands over: the envelope, and the mail's kind. */
export type SentMail = Envelope & { kind?: string };

export type MailCapture = {
  transport: MailTransport;
  sent: SentMail[];
  /** The newest mail sent to `to` (matched without case), once every mail handed over has been sent; undefined if none. */
  latestTo(to: string, match?: (mail: SentMail) => boolean): Promise<SentMail | undefined>;
  /** Forgets what was sent (a long seed keeps its memory flat). */
  clear(): void;
};

export function captureTransport(): MailCapture {
  const sent: SentMail[] = [];
  return {
    transport: {
      async send(mail) {
        sent.push({ ...mail });
      },
    },
    sent,
    async latestTo(to, match = () => true) {
      await memoryMailSettled();
      const wanted = to.toLowerCase();
      return sent.findLast((mail) => mail.to.toLowerCase() === wanted && match(mail));
    },
    clear: () => void sent.splice(0),
  };
}

/** Installs a capture as this process's transport for mail sent from memory. */
export function installMailCapture(): MailCapture {
  const capture = captureTransport();
  setMailTransport(capture.transport);
  return capture;
}
