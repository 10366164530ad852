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

export const errorBody = (code: string, message: string) => ({ error: { code, message } });
