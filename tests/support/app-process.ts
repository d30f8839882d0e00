// Node processes driven from outside, as an operator would: the production
// server (`node server.js`) for the browser journeys in tests/e2e and for the
// benchmark in bench/, and the benchmark's bare-Node ceiling. One place spawns
// them, collects their output, waits for them to serve and stops them.
import { type ChildProcess, type StdioOptions, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";

/** A port nobody listens on right now. */
export async function freePort() {
  return new Promise<number>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Where a process's stdout and stderr go: collected in memory (the default), appended
 * to a file (the benchmark's server: writing its request log is part of what it costs,
 * and piping it through the driver would add to the driver's), or shared with ours.
 */
export type ProcessOutput = "memory" | { file: string } | "inherit";

export type NodeProcess = {
  child: ChildProcess;
  /** Everything it printed so far ("" when its output is inherited). */
  output: () => string;
  /** Resolves with its exit code once it has exited. */
  exited: Promise<number | null>;
  /** SIGTERM unless it has exited already, then its exit code. */
  stop: () => Promise<number | null>;
};

/**
 * Runs `node <argv…>` with exactly `env` (plus PATH): nothing else leaks in from the
 * environment of the test or benchmark run unless the caller passes it on.
 */
export function spawnNode(
  argv: string[],
  {
    env = {},
    output = "memory",
    wrapper = [],
  }: {
    env?: Record<string, string | undefined>;
    output?: ProcessOutput;
    /** A command that runs Node in turn and then becomes it (exec), e.g. nsenter into a mount namespace. */
    wrapper?: string[];
  } = {},
): NodeProcess {
  const log = typeof output === "object" ? fs.openSync(output.file, "a") : undefined;
  const stdio: StdioOptions =
    output === "memory" ? ["ignore", "pipe", "pipe"] : output === "inherit" ? ["ignore", "inherit", "inherit"] : ["ignore", log, log];
  // (Remix's globals declare NODE_ENV in every ProcessEnv; a child without one is fine.)
  const childEnv = { PATH: process.env.PATH ?? "", ...env } as Partial<NodeJS.ProcessEnv> as NodeJS.ProcessEnv;
  const [command, ...args] = [...wrapper, process.execPath, ...argv];
  const child: ChildProcess = spawn(command!, args, { env: childEnv, stdio });
  if (log !== undefined) fs.closeSync(log); // the child holds its own copy
  let collected = "";
  child.stdout?.on("data", (chunk: Buffer) => (collected += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (collected += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    output: () => (typeof output === "object" ? fs.readFileSync(output.file, "utf8") : collected),
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}

/**
 * Waits until `url` answers 2xx; throws with the process's output if it exits first
 * or is not serving within 60 s (and then kills it, so that nothing is left running).
 */
export async function waitUntilServing(proc: NodeProcess, url: string, { pollMs = 200 }: { pollMs?: number } = {}) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ended = proc.child.exitCode ?? proc.child.signalCode;
    if (ended !== null) throw new Error(`server exited (${ended}) during start-up:\n${proc.output()}`);
    if (Date.now() > deadline) {
      proc.child.kill("SIGKILL");
      throw new Error(`server did not start within 60 s:\n${proc.output()}`);
    }
    if (await answers(url)) return;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

async function answers(url: string) {
  try {
    const response = await fetch(url);
    // Read the body: an unread response keeps its connection busy, and a busy
    // connection holds up the server's graceful shutdown. (Whether it decodes does not
    // matter: the bare ceiling labels plain bytes with the app's Content-Encoding.)
    await response.arrayBuffer().catch(() => undefined);
    return response.ok;
  } catch {
    return false; // not listening yet
  }
}

/** Runs `node <argv…>` expecting it to stop by itself (killed after 30 s); returns its exit code and output. */
export async function runNodeExpectingExit(argv: string[], env: Record<string, string>) {
  const proc = spawnNode(argv, { env });
  const timer = setTimeout(() => proc.child.kill("SIGKILL"), 30_000);
  const code = await proc.exited;
  clearTimeout(timer);
  return { code, output: proc.output() };
}

/**
 * SIGKILL `node server.js` as a crash would: its web processes first, then the
 * supervisor, so that nothing replaces them (its web processes are its children).
 */
export function killNine(pid: number) {
  let children: number[] = [];
  try {
    children = execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" })
      .trim()
      .split("\n")
      .filter(Boolean)
      .map(Number);
  } catch {
    // no children (pgrep exits 1)
  }
  for (const child of children) process.kill(child, "SIGKILL");
  process.kill(pid, "SIGKILL");
}
