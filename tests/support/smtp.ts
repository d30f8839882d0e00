import { SMTPServer } from "smtp-server";

export type Received = { from: string; to: string[]; raw: string };

/**
 * A real SMTP server on localhost that keeps what it receives; can go down and come
 * back on the same port (start another with that port, and the same `received` list).
 * It can also stall: hold() keeps every message it is sent unanswered (the client
 * waits in the middle of its send) until release(); a held message is received then.
 */
export async function startSmtpServer(port = 0, received: Received[] = []) {
  let gate: Promise<void> | undefined;
  let openGate = () => {};
  let held = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const accept = () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString("utf8"),
          });
          callback();
        };
        if (!gate) return accept();
        held++;
        void gate.then(() => {
          held--;
          accept();
        });
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = server.server.address();
  const boundPort = typeof address === "object" && address ? address.port : port;
  return {
    port: boundPort,
    url: `smtp://127.0.0.1:${boundPort}`,
    received,
    /** From now on, every message waits unanswered… */
    hold() {
      gate ??= new Promise<void>((resolve) => (openGate = resolve));
    },
    /** …until this: the held ones are accepted, and the next ones at once. */
    release() {
      openGate();
      gate = undefined;
    },
    /** How many messages are waiting for release(). */
    held: () => held,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
