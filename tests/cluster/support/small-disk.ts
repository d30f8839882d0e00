// A small filesystem to fill up, for the full-disk fault: a tmpfs of a few MB on a
// folder. As root it is mounted for everyone. Otherwise it is mounted in a mount
// namespace of its own (`unshare --user --map-root-user --mount`, held open by a
// sleeping process): the app runs inside it (through `nsenter`), and the test reaches
// the same files through /proc/<holder>/root. Where neither works, the test fails,
// saying why. UNDERSIGNED_SMALL_DISK=unshare takes the second way even as root, to try it.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";

export type SmallDisk = {
  /** The folder as the app sees it (its DATA_DIR and SQLite file go under it). */
  dir: string;
  /** The same folder as this process reaches it. */
  seen: (appPath: string) => string;
  /** The command that runs the app where the small filesystem is mounted (empty: anywhere). */
  wrapper: string[];
  /** Unmounts it; the app must have stopped. */
  release: () => Promise<void>;
};

function mountForEveryone(dir: string, size: string): SmallDisk {
  execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size},mode=0700`, "tmpfs", dir], { stdio: "pipe" });
  return {
    dir,
    seen: (appPath) => appPath,
    wrapper: [],
    release: async () => {
      try {
        execFileSync("umount", [dir], { stdio: "pipe" });
      } catch {
        execFileSync("umount", ["-l", dir], { stdio: "pipe" }); // something still holds it: detach it anyway
      }
    },
  };
}

async function mountInOwnNamespace(dir: string, size: string): Promise<SmallDisk> {
  // "$0" is the folder: no path is ever pasted into the script.
  const script = `mount -t tmpfs -o size=${size},mode=0700 tmpfs "$0" && echo mounted && exec sleep 86400`;
  const holder: ChildProcess = spawn("unshare", ["--user", "--map-root-user", "--mount", "sh", "-c", script, dir], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let said = "";
  holder.stderr!.on("data", (c: Buffer) => (said += c.toString()));
  const exited = new Promise<void>((resolve) => holder.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    holder.once("error", reject);
    holder.stdout!.on("data", (c: Buffer) => c.toString().includes("mounted") && resolve());
    holder.once("exit", (code) => reject(new Error(`unshare exited (${code}): ${said.trim()}`)));
  });
  const root = `/proc/${holder.pid}/root`;
  return {
    dir,
    seen: (appPath) => `${root}${appPath}`,
    // (nsenter would start it in /: the app resolves server.js and its build from the working directory.)
    wrapper: ["nsenter", `--target=${holder.pid}`, "--user", "--mount", "--preserve-credentials", `--wd=${process.cwd()}`, "--"],
    release: async () => {
      if (holder.exitCode === null && holder.signalCode === null) holder.kill("SIGKILL");
      await exited;
    },
  };
}

/** A tmpfs of `size` (e.g. "16m") on `dir`, or an error saying why there cannot be one. */
export async function smallDisk(dir: string, size: string): Promise<SmallDisk> {
  const reasons: string[] = [];
  if (process.env.UNDERSIGNED_SMALL_DISK !== "unshare") {
    try {
      return mountForEveryone(dir, size);
    } catch (error) {
      reasons.push(`mount: ${(error as { stderr?: Buffer }).stderr?.toString().trim() || (error as Error).message}`);
    }
  }
  try {
    return await mountInOwnNamespace(dir, size);
  } catch (error) {
    reasons.push(`unshare: ${(error as Error).message}`);
  }
  throw new Error(
    `cannot make a small filesystem on ${dir} for the full-disk test (${reasons.join("; ")}): run the cluster tests ` +
      "as root, or where unprivileged user namespaces are allowed (sysctl kernel.unprivileged_userns_clone=1)",
  );
}

/** Writes `file` until the filesystem has no room left; returns the bytes written. */
export function fillUp(file: string) {
  const chunk = Buffer.alloc(1 << 20, 0xaa);
  const fd = fs.openSync(file, "w");
  let written = 0;
  try {
    for (;;) written += fs.writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
  } finally {
    fs.closeSync(fd);
  }
  return written;
}
