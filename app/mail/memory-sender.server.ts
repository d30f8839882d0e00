// Mail that carries a code or a short-lived link (signing codes to work
// addresses, account codes, password-reset links) is never written to disk, not
// even sealed (decision 009): once the transaction that created the code has
// committed, the mail is handed to this in-process queue, which sends it through
// the process's transport with a few retries inside the code's lifetime. A crash
// loses it; the page tells the person to ask for a new code after a few minutes.
import crypto from "node:crypto";
import { config } from "~/config/env.server";
import { log } from "~/log.server";
import type { OutgoingMail } from "./outbox.server";
import type { Envelope } from "./transport.server";
import { processMailTransport } from "./process-transport.server";

/** After a failed attempt, wait this long before the next: about five minutes in all, well inside a 10-minute code. */
export const MEMORY_RETRY_DELAYS_MS = [2_000, 10_000, 30_000, 90_000, 180_000];
// A signing rush sends hundreds of codes a second: a few SMTP conversations at once, not hundreds.
const CONCURRENCY = 10;
// Rate limits keep this far below in practice; the cap bounds memory if SMTP is down for long.
const MAX_WAITING = 20_000;

type Item = { id: string; mail: OutgoingMail; attempt: number };

const waiting: Item[] = [];
const retryTimers = new Set<NodeJS.Timeout>();
let active = 0;
let idleWaiters: (() => void)[] = [];

/** Sends `mail` soon, from memory. Call only after the transaction that made its code has committed. */
export function sendFromMemory(mail: OutgoingMail) {
  if (waiting.length >= MAX_WAITING) {
    log.warn("mail from memory dropped: too many waiting", { kind: mail.kind });
    return;
  }
  // The Message-ID: a retry after the server accepted the first try is recognizable.
  waiting.push({ id: crypto.randomUUID(), mail, attempt: 0 });
  pump();
}

function pump() {
  while (active < CONCURRENCY && waiting.length > 0) {
    const item = waiting.shift()!;
    active++;
    void attempt(item).finally(() => {
      active--;
      pump();
      if (active === 0 && waiting.length === 0) {
        const waiters = idleWaiters;
        idleWaiters = [];
        for (const resolve of waiters) resolve();
      }
    });
  }
}

async function attempt(item: Item) {
  const { mail } = item;
  try {
    // The kind rides along for a capture in tests; transports send only the envelope's fields.
    const envelope: Envelope & { kind: string } = {
      id: item.id,
      kind: mail.kind,
      from: config().MAIL_FROM,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html ?? null,
    };
    await processMailTransport().send(envelope);
  } catch (error) {
    const delay = MEMORY_RETRY_DELAYS_MS[item.attempt];
    // The log scrubs addresses and tokens from the error; the mail itself is never logged.
    if (delay === undefined) {
      log.warn("mail from memory not delivered, given up", { kind: mail.kind, attempts: item.attempt + 1, error });
      return;
    }
    item.attempt++;
    log.info("mail from memory not delivered, will retry", { kind: mail.kind, inMs: delay, error });
    const timer = setTimeout(() => {
      retryTimers.delete(timer);
      waiting.push(item);
      pump();
    }, delay);
    // A retry waiting in memory must not keep a stopping process alive.
    timer.unref();
    retryTimers.add(timer);
  }
}

/** Resolves once nothing is being sent or waiting to be sent now (retries scheduled for later do not count). */
export function memoryMailSettled(): Promise<void> {
  if (active === 0 && waiting.length === 0) return Promise.resolve();
  return new Promise((resolve) => idleWaiters.push(resolve));
}

/** How many mails wait for a retry later. */
export function memoryMailRetrying() {
  return retryTimers.size;
}

/** At shutdown: lets the sends in progress finish and drops the retries (their people ask for a new code). */
export async function stopMemorySender() {
  for (const timer of retryTimers) clearTimeout(timer);
  const dropped = retryTimers.size;
  retryTimers.clear();
  if (dropped > 0) log.warn("mail from memory dropped at shutdown", { count: dropped });
  await memoryMailSettled();
}
