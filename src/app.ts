import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "./app-env";
import { directoryDb } from "./db/databases";
import { errorBody, HttpError, RetryLater } from "./errors";
import { analyticsRoutes } from "./routes/analytics";
import { apiTokenRoutes } from "./routes/api-tokens";
import { authRoutes } from "./routes/auth";
import { complianceRoutes } from "./routes/compliance";
import { consentTextRoutes } from "./routes/consent-texts";
import { continuePageRoutes } from "./routes/continue-page";
import { conversationRoutes, inboxRoutes } from "./routes/conversations";
import { dataRequestRoutes } from "./routes/data-requests";
import { dataSubjectRoutes } from "./routes/data-subject";
import { emailSettingsRoutes } from "./routes/email-settings";
import { meRoutes } from "./routes/me";
import { apiRouter, describeApi } from "./routes/openapi";
import { pageRoutes } from "./routes/pages";
import { passkeyRoutes, passkeySignInRoutes } from "./routes/passkeys";
import { platformRoutes } from "./routes/platform";
import { savedReplySettingsRoutes } from "./routes/saved-replies";
import { ownSecondFactorRoutes, signInStepRoutes } from "./routes/second-factor";
import { sessionRoutes } from "./routes/sessions";
import { auditLogRoutes, routerRoutes, settingsRoutes } from "./routes/settings";
import { ssoAuthRoutes, ssoSettingsRoutes } from "./routes/sso";
import { teamRoutes } from "./routes/team";
import { webhookRoutes } from "./routes/webhooks";
import { widgetRoutes } from "./routes/widget";
import { widgetIdentityRoutes } from "./routes/widget-identity";

/** The REST API under /api/v1, with its OpenAPI 3.1 document generated from the routes' zod schemas. */
export function buildApi() {
  const api = apiRouter();
  api.route("/", authRoutes);
  api.route("/me", meRoutes);
  api.route("/me/sessions", sessionRoutes);
  api.route("/", signInStepRoutes);
  api.route("/me/second-factor", ownSecondFactorRoutes);
  api.route("/auth/passkey", passkeySignInRoutes);
  api.route("/me/passkeys", passkeyRoutes);
  api.route("/auth/sso", ssoAuthRoutes);
  api.route("/api-tokens", apiTokenRoutes);
  api.route("/conversations", conversationRoutes);
  api.route("/inbox", inboxRoutes);
  api.route("/data-subject", dataSubjectRoutes);
  api.route("/data-requests", dataRequestRoutes);
  api.route("/consent-texts", consentTextRoutes);
  api.route("/team", teamRoutes);
  api.route("/settings/router", routerRoutes);
  api.route("/settings/sso", ssoSettingsRoutes);
  api.route("/settings/email", emailSettingsRoutes);
  api.route("/settings/saved-replies", savedReplySettingsRoutes);
  api.route("/settings/widgets", widgetIdentityRoutes);
  api.route("/settings", settingsRoutes);
  api.route("/audit-log", auditLogRoutes);
  api.route("/analytics", analyticsRoutes);
  api.route("/compliance", complianceRoutes);
  api.route("/webhooks", webhookRoutes);
  describeApi(api);
  return api;
}

/** The worker's HTTP surface. Order: headers, database, routes; one error handler for all. */
export function buildApp() {
  const app = new Hono<AppEnv>();
  // Nothing of Confide is ever framed (the widget is a custom element, not an iframe). CORP stays
  // off because customers' pages load the widget bundles; routes add their own CSP.
  app.use(secureHeaders({ xFrameOptions: "DENY", crossOriginResourcePolicy: false, crossOriginOpenerPolicy: false }));
  app.use(async (c, next) => {
    // The directory database until an entry point knows the account: then that account's own
    // database (useAccountDatabase, src/db/databases.ts).
    c.set("db", directoryDb(c.env));
    await next();
  });
  app.route("/api/v1", buildApi());
  app.route("/api/platform", platformRoutes);
  app.route("/w", widgetRoutes);
  app.route("/", pageRoutes);
  app.route("/", continuePageRoutes);
  app.notFound((c) => c.json(errorBody("not_found", "Nothing here."), 404));
  app.onError((error, c) => {
    if (error instanceof RetryLater)
      return c.json(errorBody(error.code, error.message), 429, { "Retry-After": String(error.retryAfterSeconds) });
    if (error instanceof HttpError) return c.json(errorBody(error.code, error.message), error.status);
    if (error instanceof HTTPException && error.status < 500) {
      return c.json(errorBody("invalid_request", error.message || "The request is not valid."), error.status);
    }
    // Unknown errors are logged by name only (never personal data) and answered generically.
    console.error("unhandled error", error.name, c.req.method, new URL(c.req.url).pathname);
    return c.json(errorBody("internal_error", "Something went wrong on our side."), 500);
  });
  return app;
}
