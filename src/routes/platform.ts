import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { sha256Hex, timingSafeEqual } from "../crypto/encoding";
import { HttpError } from "../errors";
import { newAccountSchema, provisionAccount } from "../platform/accounts";
import { valid } from "./validate";

// The platform API: what the operator of a whole deployment (an agency hosting several clients)
// does across accounts. It lives outside /api/v1 because no account's operator may call it; a
// deployment secret guards it, and without that secret it does not exist.

/** Shorter secrets are refused: the secret alone guards account creation, so it must not be guessable. */
export const PLATFORM_SECRET_MIN_LENGTH = 32;

/** 404 while PLATFORM_ADMIN_SECRET is not configured; 401 for a missing or wrong secret. */
async function requirePlatformSecret(env: Env, authorization: string | undefined): Promise<void> {
  const secret = env.PLATFORM_ADMIN_SECRET;
  if (!secret) throw new HttpError(404, "not_found", "Nothing here.");
  if (secret.length < PLATFORM_SECRET_MIN_LENGTH) {
    throw new HttpError(
      503,
      "platform_secret_too_short",
      `PLATFORM_ADMIN_SECRET must have at least ${PLATFORM_SECRET_MIN_LENGTH} characters; the platform API stays off until it does.`,
    );
  }
  const given = /^Bearer (.+)$/.exec(authorization ?? "")?.[1] ?? "";
  // Digests first, so the comparison takes the same time whatever the given secret's length.
  if (!timingSafeEqual(await sha256Hex(given), await sha256Hex(secret))) {
    throw new HttpError(401, "invalid_platform_secret", "The Authorization header must be `Bearer <PLATFORM_ADMIN_SECRET>`.");
  }
}

export const platformRoutes = new Hono<AppEnv>()
  .use("*", async (c, next) => {
    await requirePlatformSecret(c.env, c.req.header("Authorization"));
    await next();
  })
  .post("/accounts", valid("json", newAccountSchema), async (c) => {
    const created = await provisionAccount(c.env, c.req.valid("json"), Date.now());
    return c.json(created, 201);
  });
