// Reads signing codes from the app's local mailbox folder, the way a signer reads
// their inbox: the driver waits for the mail addressed to it, takes the code, and
// deletes the mail. Files appear atomically (written, then renamed into place).
// Several folders in the cluster mode: codes are sent from the memory of the
// instance that made them (decision 009), each into its own DATA_DIR, and the
// worker's outbox mail into its own.
import fs from "node:fs";
import path from "node:path";

type Waiter = { resolve: (text: string) => void; reject: (error: Error) => void; timer: NodeJS.Timeout };

export function watchMailbox(dirOrDirs: string | string[]) {
  const dirs = typeof dirOrDirs === "string" ? [dirOrDirs] : dirOrDirs;
  for (const dir of dirs) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const waiting = new Map<string, Waiter>();
  const arrived = new Map<string, string>();
  const seen = new Set<string>();

  function take(dir: string, file: string) {
    if (!file.endsWith(".json") || seen.has(file)) return;
    let mail: { to: string; text: string };
    try {
      mail = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
    } catch {
      return; // not there (yet, or any more)
    }
    seen.add(file);
    fs.rmSync(path.join(dir, file), { force: true });
    const waiter = waiting.get(mail.to);
    if (waiter) {
      waiting.delete(mail.to);
      clearTimeout(waiter.timer);
      waiter.resolve(mail.text);
    } else arrived.set(mail.to, mail.text);
  }
  const scan = () => dirs.forEach((dir) => fs.readdirSync(dir).forEach((file) => take(dir, file)));
  const watchers = dirs.map((dir) => fs.watch(dir, (_event, file) => file && take(dir, file)));
  // inotify can drop events under load: a slow scan catches anything missed.
  const sweeper = setInterval(scan, 250);

  return {
    /** The text of the next mail to `to`, as soon as it arrives. */
    next(to: string, timeoutMs = 30_000) {
      const early = arrived.get(to);
      if (early !== undefined) {
        arrived.delete(to);
        return Promise.resolve(early);
      }
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(to);
          reject(new Error(`no mail within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(to, { resolve, reject, timer });
      });
    },
    close() {
      watchers.forEach((watcher) => watcher.close());
      clearInterval(sweeper);
    },
  };
}

export function codeIn(text: string) {
  const match = /(\d{4}) (\d{4})/.exec(text);
  if (!match) throw new Error("no code in the mail");
  return match[1]! + match[2]!;
}
