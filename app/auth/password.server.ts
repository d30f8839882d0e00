// Passwords: argon2id with OWASP's parameters, and the rules NIST 800-63B and
// OWASP ASVS 5 ask for: at least 8 characters (15+ recommended), at least 64
// allowed, any characters, and refused when among the most common passwords.
import fs from "node:fs";
import path from "node:path";
import { hash, verify } from "@node-rs/argon2";

// algorithm 2 is Argon2id (the package's const enum cannot be imported under isolatedModules).
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
import { PASSWORD_MAX, PASSWORD_MIN, PASSWORD_RECOMMENDED } from "./password-rules";

export function hashPassword(password: string) {
  return hash(password.normalize("NFKC"), ARGON2);
}

export function verifyPassword(passwordHash: string, password: string) {
  return verify(passwordHash, password.normalize("NFKC"));
}

// Verified against when no account matches, so an unknown address takes as long
// to refuse as a wrong password does (no account enumeration by timing).
let dummyHash: Promise<string> | undefined;
export async function verifyAgainstNothing(password: string) {
  dummyHash ??= hashPassword("a password that belongs to no account");
  await verify(await dummyHash, password.normalize("NFKC"));
  return false;
}

let common: Set<string> | undefined;
function commonPasswords() {
  common ??= new Set(fs.readFileSync(path.resolve("app/auth/data/common-passwords.txt"), "utf8").split("\n").filter(Boolean));
  return common;
}

/** What is wrong with a new password, in words for the form; null when it is acceptable. */
export function passwordProblem(password: string, context: { email?: string; displayName?: string } = {}) {
  const length = [...password.normalize("NFKC")].length;
  if (length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters (${PASSWORD_RECOMMENDED} or more is better).`;
  if (length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters.`;
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower)) return "This password is one of the most common ones. Choose another.";
  const email = context.email?.toLowerCase();
  if (email && (lower === email || lower === email.split("@")[0])) return "Don't use your email address as your password.";
  if (context.displayName && lower === context.displayName.toLowerCase()) return "Don't use your name as your password.";
  return null;
}
