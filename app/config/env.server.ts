// The one place the environment is read. Every variable is validated at start-up;
// a bad value stops the process with a message naming the variable.
import { z } from "zod";
import { protectDataFiles } from "./file-modes.server";
import { localMailboxRefusal } from "./local-mailbox.server";
import { parseProxyList } from "./trusted-proxies.server";
import { loadOrCreateSecrets } from "./secrets.server";

const booleanFlag = z
  .enum(["true", "false", "1", "0"], { message: 'expected "true" or "false"' })
  .transform((v) => v === "true" || v === "1");

/** A 32-byte key, given as 64 hex characters or as base64 / base64url. */
const key32 = z.string().transform((value, ctx) => {
  const bytes = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, "hex") : Buffer.from(value, "base64");
  if (bytes.length !== 32) {
    ctx.addIssue({ code: "custom", message: "expected 32 bytes, as 64 hex characters or base64" });
    return z.NEVER;
  }
  return bytes;
});

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number({ message: "expected a port number" }).int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("localhost"),
  /** The address people reach the app at; used in links inside mail. */
  APP_URL: z.url({ message: "expected an absolute URL such as https://undersigned.example" }).optional(),
  DATABASE_URL: z
    .string()
    .default("file:./var/undersigned.db")
    .refine((v) => /^file:.+/.test(v) || /^postgres(ql)?:\/\/.+/.test(v), {
      message: "expected file:<path> (SQLite) or postgres://user@host:port/database (PostgreSQL)",
    }),
  /** Where generated secrets, the SQLite file and the local mailbox live. */
  DATA_DIR: z.string().min(1).default("./var"),
  SMTP_URL: z
    .string()
    .refine((v) => /^smtps?:\/\/.+/.test(v), { message: "expected smtp://user:pass@host:port or smtps://…" })
    .optional(),
  MAIL_FROM: z.string().min(3).default("Undersigned <no-reply@undersigned.invalid>"),
  /** Keyed-hash secret (HMAC of work emails, tokens): 32 bytes. Generated into DATA_DIR when absent. */
  HASH_SECRET: key32.optional(),
  /** Key-encryption key that wraps each letter's data key: 32 bytes. Generated into DATA_DIR when absent. */
  KEY_ENCRYPTION_KEY: key32.optional(),
  /** Run background jobs (mail delivery, expiry) inside the web process. */
  RUN_JOBS: booleanFlag.default(true),
  /** Trust X-Forwarded-For / -Proto from this many proxy hops (0: none). */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
  /**
   * Which peers may be those proxies: addresses or CIDRs, comma-separated, or "loopback".
   * A client reaching the app port directly is not on this list, so its X-Forwarded-For is ignored.
   */
  TRUSTED_PROXIES: z
    .string()
    .default("loopback")
    .transform((value, ctx) => {
      const parsed = parseProxyList(value);
      if (typeof parsed === "string") {
        ctx.addIssue({ code: "custom", message: parsed });
        return z.NEVER;
      }
      return parsed;
    }),
  /** How often the public signature count and list move, in minutes (a timing-leak guard). */
  COUNT_BATCH_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(60),
  /** Signing codes one letter may send per hour (stops mail bombing through a letter). */
  SIGNING_CODES_PER_LETTER_PER_HOUR: z.coerce.number().int().min(1).default(20_000),
  /** Signing codes one IP address may request per hour: generous, a Tor exit carries many people. */
  SIGNING_CODES_PER_IP_PER_HOUR: z.coerce.number().int().min(1).default(300),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
});

export type EnvInput = z.input<typeof envSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function parseEnv(source: Record<string, string | undefined>) {
  // Empty strings count as unset, the way shells and .env files tend to leave them.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join("\n")}`);
  }
  return result.data;
}

export type Config = ReturnType<typeof buildConfig>;

export function buildConfig(source: Record<string, string | undefined>) {
  const env = parseEnv(source);
  const appUrl = env.APP_URL ?? `http://localhost:${env.PORT}`;
  // Without SMTP_URL, mail (codes, reset links) lands in the local mailbox page:
  // fine on a laptop, an open door on a server. Refuse before anything starts.
  const refusal = env.SMTP_URL ? null : localMailboxRefusal({ host: env.HOST, appUrl });
  if (refusal) throw new ConfigError(refusal);
  const secrets = loadOrCreateSecrets(env.DATA_DIR, {
    hashSecret: env.HASH_SECRET,
    keyEncryptionKey: env.KEY_ENCRYPTION_KEY,
  });
  return {
    ...env,
    appUrl,
    databaseProvider: env.DATABASE_URL.startsWith("file:") ? ("sqlite" as const) : ("postgres" as const),
    mailTransport: env.SMTP_URL ? ("smtp" as const) : ("local-mailbox" as const),
    hashSecret: secrets.hashSecret,
    keyEncryptionKey: secrets.keyEncryptionKey,
    generatedSecrets: secrets.generated,
  };
}

let current: Config | undefined;

/** The process's configuration, read once. */
export function config(): Config {
  if (!current) {
    current = buildConfig(process.env);
    // Every entry point (server, worker, scripts) reads the configuration first:
    // from here on, files this process creates are owner-only.
    protectDataFiles(current);
  }
  return current;
}
