import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ErrorCode } from "./shared/error-codes";

/**
 * An error the client may see: a status, a stable snake_case code (one of ERROR_CODES, also the
 * app's i18n key) and a message. Anything else thrown becomes a generic 500; internals never
 * reach a client.
 */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
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

export const errorBody = (code: ErrorCode, message: string) => ({ error: { code, message } });
