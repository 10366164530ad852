// Secrets are not in wrangler.toml, so `wrangler types` cannot see them. They come from
// `wrangler secret put` in production, the generated .dev.vars locally and vitest.config.ts in tests.
declare namespace Cloudflare {
  interface Env {
    /** JSON `{ "active": "<key id>", "keys": { "<key id>": "<base64 of 32 bytes>" } }`: key-encryption keys. */
    KEY_RING: string;
    /** base64 of 32 bytes: HMAC key of the blind indexes. */
    BLIND_INDEX_KEY: string;
    /** base64 of 32 bytes: signs visitor tokens and proof-of-work challenges, keys analytics pseudonyms and login counters of unknown emails. */
    TOKEN_SIGNING_KEY: string;
    /** Optional: the deployment secret of the platform API (/api/platform, at least 32 characters); unset, that API does not exist. */
    PLATFORM_ADMIN_SECRET?: string;
    /** Optional: messages per second and burst each socket may send (src/conversation/send-limits.ts). */
    SEND_LIMIT_PER_SECOND?: string;
    SEND_LIMIT_BURST?: string;
    /** Optional: new chats per widget and client address per hour (default 20). */
    CONVERSATIONS_PER_HOUR?: string;
    /** Optional: new chats per privacy-mode widget per hour, from all visitors together (default 200). */
    PRIVACY_CONVERSATIONS_PER_HOUR?: string;
    /** Optional: leading zero bits of the proof of work a privacy-mode start needs (default 17, 0 to 32). */
    PROOF_OF_WORK_BITS?: string;
    /** Optional: outgoing email (src/email/smtp.ts). Without SMTP_HOST and SMTP_FROM, email is off. */
    SMTP_HOST?: string;
    /** Default 465 for "tls", else 587. */
    SMTP_PORT?: string;
    /** "tls" (implicit, port 465), "starttls" (default, port 587) or "none" (127.0.0.1/localhost only). */
    SMTP_SECURITY?: string;
    SMTP_USER?: string;
    SMTP_PASSWORD?: string;
    /** The sender: `address` or `Name <address>`. */
    SMTP_FROM?: string;
    /** Optional: the public origin of this deployment for links in emails (e.g. https://chat.example.eu); else the request's. */
    PUBLIC_ORIGIN?: string;
    /**
     * Optional, local runs and tests only: "1" lets webhook endpoints be http://127.0.0.1 or localhost
     * (src/webhooks/url-policy.ts). Never set in production: there only public HTTPS URLs are taken.
     */
    WEBHOOKS_ALLOW_LOOPBACK?: string;
    /**
     * Optional, the cost benchmark only (bench/cost.mjs): "1" logs the billable operations only the
     * server sees (src/platform/usage-meter.ts). Never set in production.
     */
    USAGE_METER?: string;
    /** Optional: the first webhook retry's delay in seconds, doubled each attempt (default 30). */
    WEBHOOK_RETRY_BASE_SECONDS?: string;
  }
}
