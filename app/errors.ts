// A failure the user can act on. `userMessage` is shown on the page; `field`
// says which form field it belongs to; `status` is the HTTP status to answer with.
// Internal detail for logs (never user data) goes in the Error message.
export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly code: string,
    readonly userMessage: string,
    readonly options: { status?: number; field?: string; retryAfterSeconds?: number } = {},
  ) {
    super(code);
  }
  get status() {
    return this.options.status ?? 400;
  }
}

export class RateLimitedError extends AppError {
  constructor(retryAfterSeconds: number, what = "attempts") {
    const wait = retryAfterSeconds < 90 ? `${retryAfterSeconds} seconds` : `${Math.ceil(retryAfterSeconds / 60)} minutes`;
    super("rate-limited", `Too many ${what}. Please wait ${wait} and try again.`, { status: 429, retryAfterSeconds });
  }
}
