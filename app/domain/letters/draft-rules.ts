// What a letter draft must be. Used by the forms (as their Zod schema) and by the
// domain functions (which re-check the rules that depend on the current date).
import { z } from "zod";
import { plainText, singleLine } from "~/http/text-fields";
import { DAY_MS, startOfDayUtc } from "~/lib/dates";
import { teamsField } from "~/domain/letters/team-rules";
import { DEFAULT_COOLING_OFF_HOURS, MAX_COOLING_OFF_HOURS } from "~/domain/letters/lifecycle";

const COOLING_OFF_MESSAGE = "Choose a cooling-off period from the list (none up to 7 days).";

/** The cooling-off period (decision 020): a whole number of hours, 0 to 7 days. */
export function coolingOffProblem(hours: number) {
  return Number.isInteger(hours) && hours >= 0 && hours <= MAX_COOLING_OFF_HOURS ? null : COOLING_OFF_MESSAGE;
}

/** The choices the form offers; the server takes any whole number of hours in range. */
export const COOLING_OFF_CHOICES = [
  { value: "0", label: "None — unseal as soon as the threshold is met" },
  { value: "24", label: "24 hours" },
  { value: "48", label: "48 hours (default)" },
  { value: "72", label: "72 hours" },
  { value: "168", label: "7 days" },
];

export const MIN_THRESHOLD = 5;
export const MAX_THRESHOLD = 1_000_000;

// Anyone can open an address at these, so they prove no employment.
const FREE_MAIL = new Set([
  "gmail.com",
  "googlemail.com",
  "outlook.com",
  "hotmail.com",
  "live.com",
  "msn.com",
  "yahoo.com",
  "icloud.com",
  "me.com",
  "aol.com",
  "proton.me",
  "protonmail.com",
  "gmx.com",
  "gmx.net",
  "mail.com",
  "yandex.com",
  "zoho.com",
  "fastmail.com",
]);

const DOMAIN = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/;

export function parseDomains(text: string) {
  return [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .map((d) => d.trim().toLowerCase().replace(/^@/, ""))
        .filter(Boolean),
    ),
  ];
}

/** "YYYY-MM-DD" → the end of that day, UTC. */
export function endOfDayUtc(date: string) {
  return new Date(`${date}T23:59:59.999Z`);
}

export function deadlineProblem(deadline: Date, now = new Date()) {
  const startOfToday = startOfDayUtc(now).getTime();
  if (deadline.getTime() < startOfToday + DAY_MS) return "Choose a deadline from tomorrow on.";
  if (deadline.getTime() > startOfToday + 366 * DAY_MS) return "Choose a deadline at most a year from today.";
  return null;
}

export const draftSchema = z.object({
  title: singleLine(200, { required: "Give the letter a title." }),
  addressee: singleLine(200, { required: "Say who the letter is addressed to, e.g. “Satya Nadella, CEO”." }),
  body: z
    .string({ message: "Write the letter." })
    .trim()
    .min(1, "Write the letter.")
    .max(50_000, "The letter is too long (50,000 characters at most)."),
  organizationName: singleLine(200, { required: "Name the organization, e.g. “Microsoft”." }),
  allowedDomains: z.string({ message: "List at least one work-email domain, e.g. microsoft.com." }).transform((text, ctx) => {
    const domains = parseDomains(text);
    if (domains.length === 0) ctx.addIssue({ code: "custom", message: "List at least one work-email domain, e.g. microsoft.com." });
    if (domains.length > 20) ctx.addIssue({ code: "custom", message: "List at most 20 domains." });
    const bad = domains.find((d) => !DOMAIN.test(d));
    if (bad) ctx.addIssue({ code: "custom", message: `“${bad}” is not a domain. Write it like microsoft.com.` });
    const free = domains.find((d) => FREE_MAIL.has(d));
    if (free)
      ctx.addIssue({
        code: "custom",
        message: `Anyone can get an address at ${free}, so it proves nothing. List your employer's domains.`,
      });
    return domains;
  }),
  threshold: z.coerce
    .number({ message: `Enter a whole number, at least ${MIN_THRESHOLD}.` })
    .int(`Enter a whole number, at least ${MIN_THRESHOLD}.`)
    .min(MIN_THRESHOLD, `The threshold must be at least ${MIN_THRESHOLD}: fewer signers would not be protected by numbers.`)
    .max(MAX_THRESHOLD, `The threshold can be at most ${MAX_THRESHOLD.toLocaleString("en")}.`),
  deadline: z
    .string({ message: "Choose a deadline." })
    .regex(/^\d{4}-\d{2}-\d{2}$/, "Choose a deadline as a date (YYYY-MM-DD).")
    .refine((d) => !Number.isNaN(endOfDayUtc(d).getTime()), "Choose a real date.")
    .transform(endOfDayUtc)
    .superRefine((deadline, ctx) => {
      const problem = deadlineProblem(deadline);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
  noteToSigners: plainText(2_000, { tooLong: "Keep the note under 2,000 characters." })
    .optional()
    .transform((v) => (v ? v : null)),
  teams: teamsField,
  // Missing (an older form, a script) means the default, never "none".
  coolingOffHours: z
    .string({ message: COOLING_OFF_MESSAGE })
    .trim()
    .regex(/^\d{1,3}$/, COOLING_OFF_MESSAGE)
    .transform(Number)
    .refine((hours) => coolingOffProblem(hours) === null, COOLING_OFF_MESSAGE)
    .optional()
    .transform((hours) => hours ?? DEFAULT_COOLING_OFF_HOURS),
});

/** A draft as the domain takes it; scripts and tests may leave out the teams (none). */
export type DraftInput = Omit<z.output<typeof draftSchema>, "teams"> & { teams?: string[] };
