// Codes sent from memory (decision 009): retried inside the code's lifetime,
// then given up; dropped at shutdown; never more than a few at once.
import { afterEach, expect, test, vi } from "vitest";
import {
  MEMORY_RETRY_DELAYS_MS,
  memoryMailRetrying,
  memoryMailSettled,
  sendFromMemory,
  stopMemorySender,
} from "~/mail/memory-sender.server";
import { setMailTransport } from "~/mail/process-transport.server";
import type { Envelope } from "~/mail/transport.server";
import { sentMail } from "../support/mail";

const code = (to: string) => ({ kind: "signing-code", to, subject: "Your code", text: "1234 5678" });

afterEach(async () => {
  vi.useRealTimers();
  await stopMemorySender();
  setMailTransport(sentMail().transport);
});

test("a failed send is retried after each delay, and delivered once the server answers", async () => {
  vi.useFakeTimers();
  let failures = 3;
  const delivered: Envelope[] = [];
  setMailTransport({
    async send(mail) {
      if (failures-- > 0) throw new Error("connection refused");
      delivered.push(mail);
    },
  });
  sendFromMemory(code("retry@microsoft.com"));
  for (const delay of MEMORY_RETRY_DELAYS_MS.slice(0, 3)) {
    await memoryMailSettled();
    expect(memoryMailRetrying()).toBe(1);
    await vi.advanceTimersByTimeAsync(delay);
  }
  await memoryMailSettled();
  expect(memoryMailRetrying()).toBe(0);
  expect(delivered.map((m) => m.to)).toEqual(["retry@microsoft.com"]);
});

test("given up after the last retry, well inside a code's ten minutes", async () => {
  vi.useFakeTimers();
  let tries = 0;
  setMailTransport({
    async send() {
      tries++;
      throw new Error("connection refused");
    },
  });
  sendFromMemory(code("never@microsoft.com"));
  for (const delay of MEMORY_RETRY_DELAYS_MS) {
    await memoryMailSettled();
    await vi.advanceTimersByTimeAsync(delay);
  }
  await memoryMailSettled();
  expect(tries).toBe(MEMORY_RETRY_DELAYS_MS.length + 1);
  expect(memoryMailRetrying()).toBe(0);
  expect(MEMORY_RETRY_DELAYS_MS.reduce((a, b) => a + b, 0)).toBeLessThan(10 * 60_000);
});

test("a rush is sent a few at a time, each mail once", async () => {
  let active = 0;
  let most = 0;
  const delivered: string[] = [];
  setMailTransport({
    async send(mail) {
      active++;
      most = Math.max(most, active);
      await new Promise((resolve) => setImmediate(resolve));
      active--;
      delivered.push(mail.to);
    },
  });
  for (let i = 0; i < 50; i++) sendFromMemory(code(`rush${i}@microsoft.com`));
  await memoryMailSettled();
  expect(delivered.sort()).toEqual(Array.from({ length: 50 }, (_, i) => `rush${i}@microsoft.com`).sort());
  expect(most).toBeLessThanOrEqual(10);
});

test("stopping drops the retries waiting in memory", async () => {
  setMailTransport({ send: () => Promise.reject(new Error("down")) });
  sendFromMemory(code("dropped@microsoft.com"));
  await memoryMailSettled();
  expect(memoryMailRetrying()).toBe(1);
  await stopMemorySender();
  expect(memoryMailRetrying()).toBe(0);
});
