import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * An error the client may see: a status, a stable snake_case code (also the i18n key) and a
 * message. Anything else thrown becomes a generic 500; internals never reach a client.
 */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** 429 with a `Retry-After` header (seconds), which the one error handler sets: a throttled sign-in. */
export class RetryLater extends HttpError {
  constructor(
    readonly retryAfterSeconds: number,
    message = `Too many sign-in attempts. Try again in ${retryAfterSeconds} seconds.`,
  ) {
    super(429, "too_many_attempts", message);
  }
}

export const errorBody = (code: string, message: string) => ({ error: { code, message } });
