// Failures the user can act on, one code each. The table below is the only place
// their words live: `message` is shown on the page (a function where the words are
// built from values), `field` says which form field it belongs to unless the
// thrower names another, `status` is the HTTP status to answer with (400 unless
// said). app/http/form.server.ts and app/http/app-errors.server.ts turn them into
// answers. Internal detail for logs (never user data) goes in the Error message.

/** Which verification a code belongs to: an account's login email, or a signer's work email. */
export type CodeFlow = "login" | "signing";

function waitInWords(seconds: number) {
  return seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
}

type Spec = { readonly message: string | ((params: never) => string); readonly status?: number; readonly field?: string };

const APP_ERRORS = {
  "not-found": { message: "Not found", status: 404 },
  "rate-limited": {
    message: ({ retryAfterSeconds, what }: { retryAfterSeconds: number; what: string }) =>
      `Too many ${what}. Please wait ${waitInWords(retryAfterSeconds)} and try again.`,
    status: 429,
  },

  // Forms refused before they are read (app/http/read-form.server.ts).
  "form-content-type": { message: "This address only accepts forms sent from this site's own pages.", status: 415 },
  "form-too-large": { message: "The form was too large to accept. Shorten what you wrote and try again.", status: 413 },
  "form-malformed": { message: "The form could not be read. Reload the page and try again." },
  "form-too-many-fields": { message: "The form had more fields than this page asks for. Reload the page and try again." },
  "form-field-name": { message: "The form had a field this page does not ask for. Reload the page and try again." },
  "form-value-too-long": { message: "One of the fields was far too long. Shorten what you wrote and try again.", status: 413 },
  "form-control-character": {
    message: "The form contained an invisible control character (sometimes pasted from a PDF or another program). Remove it and try again.",
  },

  // Codes sent to an address (login email or work email).
  "verification-missing": {
    message: ({ flow }: { flow: CodeFlow }) =>
      flow === "login"
        ? "This verification has ended. Sign in again to get a new code."
        : "This verification has ended. Enter your work email again to get a new code.",
  },
  "code-expired": {
    message: ({ flow }: { flow: CodeFlow }) =>
      flow === "login" ? "This code has expired. Send a new one." : "This code has expired. Enter your work email again to get a new one.",
    field: "code",
  },
  "code-attempts": {
    message: ({ flow }: { flow: CodeFlow }) =>
      flow === "login" ? "Too many wrong codes. Send a new code." : "Too many wrong codes. Ask for a new code.",
    field: "code",
  },
  "code-wrong": { message: "That code is not right. Check the latest email and try again.", field: "code" },
  "code-used": { message: "This code was already used. Sign in.", field: "code" },

  // Accounts.
  "already-registered": {
    message: "This address already has an account. Sign in, or reset your password if you forgot it.",
    status: 409,
    field: "code",
  },
  "invalid-credentials": { message: "That email and password don't match an account." },
  /** The problem password-rules found, in its words. */
  "weak-password": { message: ({ problem }: { problem: string }) => problem, field: "password" },
  "wrong-password": { message: "That password is not right." },
  "reset-invalid": { message: "This reset link has expired or was already used. Ask for a new one.", status: 410 },
  "letters-in-flight": {
    message:
      "You are the only organizer of a letter that is still collecting signatures. Cancel it (which destroys every sealed name) or publish it first.",
    status: 409,
    field: "password",
  },

  // Drafting, opening and closing a letter.
  /** The problem draft-rules found with the deadline, in its words. */
  deadline: { message: ({ problem }: { problem: string }) => problem, field: "deadline" },
  /** The cooling-off period is not a whole number of hours from 0 to 168 (decision 020). */
  "cooling-off": { message: ({ problem }: { problem: string }) => problem, field: "coolingOffHours" },
  "deadline-before-opening": { message: ({ problem }: { problem: string }) => `Edit the deadline first. ${problem}`, status: 409 },
  "unverified-opener": { message: "Verify your login email before opening a letter.", status: 403 },
  "already-open": { message: "This letter is already open: its text can no longer change.", status: 409 },
  "closed-not-editable": { message: "This letter is closed: it can no longer be edited or opened.", status: 409 },
  "edited-meanwhile": { message: "The letter was edited while you opened it. Check the text and open it again.", status: 409 },
  "not-cancellable": { message: "Only a draft or an open letter can be cancelled.", status: 409 },

  // Signing and withdrawing.
  "not-collecting": { message: "This letter is not collecting signatures.", status: 409 },
  "no-longer-collecting": { message: "This letter is no longer collecting signatures.", status: 409 },
  "email-invalid": { message: "Enter your work email address.", field: "email" },
  "domain-not-allowed": {
    message: ({ organizationName, allowedDomains }: { organizationName: string; allowedDomains: string[] }) =>
      `This letter is for people at ${organizationName}: use an address ending in ${allowedDomains.map((d) => `@${d}`).join(" or ")}.`,
    field: "email",
  },
  /** The first problem the signature form's rules found, in their words. */
  "invalid-signature": { message: ({ issue }: { issue: { message: string } }) => issue.message },
  // A name sealed in the browser for the letter's trustees (decision 015): hostile until checked.
  "sealed-identity-invalid": {
    message:
      "Your browser's sealed name was not made for this letter's trustees, so it was not accepted. Nothing was stored: reload the page and sign again.",
  },
  "sealed-identity-with-name": {
    message:
      "The form sent your name both sealed and in plain text, so it was not accepted. Nothing was stored: reload the page and sign again.",
  },
  "sealed-identity-unexpected": {
    message:
      "This letter's names are not sealed for trustees (any more), so a sealed name cannot be accepted. Nothing was stored: reload the page and sign again.",
  },
  "not-verified": { message: "Verify your work email first: this step has expired or was not completed." },
  "verification-used": { message: "This verification was already used.", status: 409 },
  final: { message: "This letter is published or closed: its list can no longer change.", status: 409 },

  // Publishing.
  "already-published": { message: "This letter is already published.", status: 409 },
  "not-revealed": {
    message: "Only a letter whose names were revealed can be published: this one has not reached its threshold yet.",
    status: 409,
  },
  "not-publishable": { message: "Only a letter whose names were revealed can be published.", status: 409 },
  "text-changed": {
    message: "The letter's text no longer matches the fingerprint frozen when it opened, so it cannot be published.",
    status: 409,
  },
  "list-changed": { message: "Signatures kept changing while the letter was being published. Please try again.", status: 409 },

  // Co-organizers.
  unverified: { message: "Verify your login email first: invitations go to verified addresses only.", status: 403 },
  "letter-closed": { message: "This letter is closed: there is nothing left to organize.", status: 409 },
  "already-organizer": { message: "This person is already an organizer of this letter.", status: 409, field: "email" },
  "already-invited": {
    message: "This address already has an invitation waiting. Cancel that one first to invite it again.",
    status: 409,
    field: "email",
  },
  "too-many-organizers": {
    message: ({ max }: { max: number }) =>
      `A letter can have at most ${max} organizers, pending invitations included. Cancel an invitation first.`,
    status: 409,
    field: "email",
  },
  "already-accepted": { message: "This invitation was already accepted: that person is now an organizer.", status: 409 },

  // Trustees (issue 15): chosen while drafting; each registers a key made in their browser.
  "trustees-frozen": {
    message: "Trustees can only change while the letter is a draft: once it opens, they are fixed.",
    status: 409,
  },
  "trustees-changed": { message: "The trustees changed while you were saving. Check the list below and try again.", status: 409 },
  "too-many-trustees": {
    message: ({ max }: { max: number }) => `A letter can have at most ${max} trustees. Remove one first to add another.`,
    status: 409,
  },
  "trustee-work-address": {
    message: ({ organizationName }: { organizationName: string }) =>
      `This address is at one of ${organizationName}'s work-mail domains, which the employer reads. Use an address the trustee keeps elsewhere.`,
    field: "email",
  },
  "trustee-duplicate-email": {
    message: "This address is already a trustee of this letter. Each trustee must be a different person or organization.",
    status: 409,
    field: "email",
  },
  "trustee-threshold-needs-trustees": {
    message: "Add at least two trustees before choosing how many of them must agree.",
    status: 409,
    field: "threshold",
  },
  "trustee-threshold-range": {
    message: ({ count }: { count: number }) => `Choose a number from 2 to ${count}: at least two trustees, and no more than there are.`,
    field: "threshold",
  },
  "trustees-too-few": {
    message: "This letter has only one trustee. Add at least one more, or remove the trustee, before opening it.",
    status: 409,
  },
  "trustee-threshold-unset": {
    message: "Choose how many of the trustees must agree before any name is unsealed, then open the letter.",
    status: 409,
  },
  "trustee-keys-missing": {
    message: ({ missing }: { missing: number }) =>
      `${missing === 1 ? "One trustee has" : `${missing} trustees have`} not created a key yet. The letter can open once every trustee has one.`,
    status: 409,
  },
  "trustee-key-invalid": {
    message: "This is not a valid public key: it must be exactly 32 bytes. Reload the page and create your key again.",
    field: "publicKey",
  },
  "trustee-key-already-registered": {
    message:
      "A key is already registered for you, and a key is registered only once. If you lost your key file or its passphrase, ask the organizers to remove you and invite you again.",
    status: 409,
  },
  "trustee-key-duplicate": {
    message: "This key is already registered for another trustee of this letter. Each trustee needs a key of their own: create a new one.",
    status: 409,
  },
  "trustee-registration-closed": {
    message: "This letter is no longer a draft: keys can only be registered before it opens. Tell the organizers.",
    status: 409,
  },

  // The trustees' release at the threshold (issue 15).
  "release-not-yet": {
    message:
      "This letter has not reached its threshold yet: there is nothing to release. You will get an email when it does; keep your key file and passphrase until then.",
    status: 409,
  },
  "release-closed": {
    message: "This letter was closed without reaching the press. Nothing of its signers is kept, so there is nothing to release.",
    status: 409,
  },
  "release-over": { message: "The names of this letter are already out: nothing waits for your shares.", status: 409 },
  "release-after-refusal": {
    message: "You refused to release your shares for this letter, and a refusal is final. Nothing was stored.",
    status: 409,
  },
  "release-already": {
    message: "You already released your shares for this letter. Nothing more is needed from you now, and nothing was changed.",
    status: 409,
  },
  "release-status-changed": {
    message: "The letter changed while your shares were on their way (it was revealed, cancelled or closed). Reload the page.",
    status: 409,
  },
  "release-shares-invalid": {
    message: ({ reason }: { reason: "other-letter" | "not-matching" | "repeated" }) =>
      reason === "other-letter"
        ? "Some of the shares your browser sent are for signatures of another letter. Nothing was stored. Use the key file made for this letter, on this letter's page."
        : reason === "repeated"
          ? "Your browser sent the same signature's share twice in one batch. Nothing was stored. Reload the page and try again."
          : "Some of the shares your browser sent do not match this letter's sealed signatures (another trustee's key, or altered). Nothing was stored. Reload the page and open your shares with your own key file.",
  },
  "release-incomplete": {
    message: ({ waiting }: { waiting: number }) =>
      `${waiting.toLocaleString("en")} ${waiting === 1 ? "signature still waits" : "signatures still wait"} for your share: open and send them first (the page continues where it stopped).`,
    status: 409,
  },
  "refuse-already-released": {
    message: "You already released your shares: a release cannot be taken back. Tell the organizers if something is wrong.",
    status: 409,
  },
  "refuse-already-refused": { message: "You already refused to release your shares for this letter.", status: 409 },
  "publish-still-sealed": {
    message: ({ waiting }: { waiting: number }) =>
      `${waiting.toLocaleString("en")} ${waiting === 1 ? "signature is" : "signatures are"} still sealed, waiting for the trustees to release ${waiting === 1 ? "its" : "their"} shares. Publish once every name is readable.`,
    status: 409,
  },

  // The press.
  "press-list-not-ready": { message: "The press list opens once the threshold is met and the names are revealed.", status: 409 },
  "duplicate-contact": { message: "This address is already on the press list.", status: 409, field: "email" },
  "preview-not-ready": { message: "Press previews open once the threshold is met and the names are revealed.", status: 409 },
  "already-public": {
    message: "This letter is already public: send journalists its public page instead of a preview.",
    status: 409,
  },
  "preview-closed": { message: "This letter is closed and nothing of it is kept: there is nothing to preview.", status: 409 },
  "preview-label": { message: "Say who the preview is for, e.g. “Jane Doe, The Example Times”.", field: "label" },
  "embargo-past": { message: "Choose an embargo in the future.", field: "embargoDate" },
  "embargo-far": { message: "Choose an embargo within the next year.", field: "embargoDate" },
  "preview-expiry": {
    message: ({ maxDays }: { maxDays: number }) => `A preview link can work for 1 to ${maxDays} days.`,
    field: "expiresInDays",
  },
  "not-published": { message: "This letter is not published yet: send embargoed previews instead.", status: 409 },
  "contact-line": {
    message: "Say how journalists can reach you, e.g. “Press contact: Jane, +1 555 0100, jane@proton.me”.",
    field: "pressContactLine",
  },
  "no-contacts": { message: "Choose at least one contact.", field: "contactIds" },

  // After publication: updates and delivery to the addressee (decision 017).
  "updates-not-published": { message: "Updates can be posted once the letter is published.", status: 409 },
  "already-delivered": { message: "The letter was already sent to the addressee: it is sent once.", status: 409, field: "addresseeEmails" },
  "unsubscribe-link-unknown": {
    message: "This link is not known here. If you followed it from an update, you may have copied only part of it.",
    status: 404,
  },
  "unknown-contacts": {
    message: "Some of the chosen contacts are no longer on the press list. Choose again.",
    status: 409,
    field: "contactIds",
  },
} as const satisfies Record<string, Spec>;

export type AppErrorCode = keyof typeof APP_ERRORS;
type MessageOf<C extends AppErrorCode> = (typeof APP_ERRORS)[C]["message"];
/** The values a code's message is built from; never for codes whose message is fixed. */
export type AppErrorParams<C extends AppErrorCode> = MessageOf<C> extends (params: infer P) => string ? P : never;
/** Where one code serves several forms, the thrower names the field. */
export type AppErrorOverride = { field?: string; retryAfterSeconds?: number };
type Args<C extends AppErrorCode> =
  MessageOf<C> extends string ? [override?: AppErrorOverride] : [params: AppErrorParams<C>, override?: AppErrorOverride];

function messageOf(spec: Spec, params: unknown) {
  // The constructor's signature ties `params` to this code's message; here it is only passed on.
  return typeof spec.message === "string" ? spec.message : (spec.message as (params: unknown) => string)(params);
}

function overrideOf(value: unknown): AppErrorOverride {
  if (typeof value !== "object" || value === null) return {};
  return {
    field: "field" in value && typeof value.field === "string" ? value.field : undefined,
    retryAfterSeconds: "retryAfterSeconds" in value && typeof value.retryAfterSeconds === "number" ? value.retryAfterSeconds : undefined,
  };
}

// A failure the user can act on. `userMessage` is shown on the page; `options.field`
// says which form field it belongs to; `status` is the HTTP status to answer with.
export class AppError<C extends AppErrorCode = AppErrorCode> extends Error {
  override name = "AppError";
  readonly userMessage: string;
  readonly options: { status: number; field?: string; retryAfterSeconds?: number };

  constructor(
    readonly code: C,
    ...args: Args<C>
  ) {
    super(code);
    const spec: Spec = APP_ERRORS[code];
    const fixed = typeof spec.message === "string";
    this.userMessage = messageOf(spec, fixed ? undefined : args[0]);
    const override = overrideOf(fixed ? args[0] : args[1]);
    const field = override.field ?? spec.field;
    this.options = {
      status: spec.status ?? 400,
      ...(field ? { field } : {}),
      ...(override.retryAfterSeconds ? { retryAfterSeconds: override.retryAfterSeconds } : {}),
    };
  }

  get status() {
    return this.options.status;
  }
}

/** Nothing there, or nothing this user may see: answered 404 "Not found", never with more detail. */
export class NotFoundError extends AppError<"not-found"> {
  override name = "NotFoundError";
  constructor() {
    super("not-found");
  }
}

export class RateLimitedError extends AppError<"rate-limited"> {
  constructor(retryAfterSeconds: number, what = "attempts") {
    super("rate-limited", { retryAfterSeconds, what }, { retryAfterSeconds });
  }
}
