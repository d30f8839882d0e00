// A small filesystem to fill up, for the full-disk fault: a tmpfs of a few MB
// mounted on a folder (this needs root; the test fails, saying so, where it cannot).
import { execFileSync } from "node:child_process";
import fs from "node:fs";

/** Mounts a tmpfs of `size` (e.g. "16m") on `dir`, or throws saying why it cannot. */
export function mountSmallDisk(dir: string, size: string) {
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size},mode=0700`, "tmpfs", dir], { stdio: "pipe" });
  } catch (error) {
    const said = (error as { stderr?: Buffer }).stderr?.toString().trim() ?? (error as Error).message;
    throw new Error(
      `cannot mount a small tmpfs on ${dir} for the full-disk test (${said}): run the cluster tests as root, ` +
        "or in a container allowed to mount (CAP_SYS_ADMIN)",
    );
  }
}

/** Unmounts `dir`; lazily if something still holds it, so that a failed test leaves nothing mounted. */
export function unmount(dir: string) {
  try {
    execFileSync("umount", [dir], { stdio: "pipe" });
  } catch {
    execFileSync("umount", ["-l", dir], { stdio: "pipe" });
  }
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
