import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { verifyContinueToken } from "../crypto/continue-token";
import { signVisitorToken } from "../crypto/visitor-token";
import { findConversation } from "../db/conversations";
import { findWidgetById } from "../db/settings";
import { emailTexts, widgetTexts } from "../locales/widget-texts";
import { enterAccount } from "../middleware/account-database";

// Confide's own chat page, where the link in a visitor's email leads (src/email/emails.ts): the
// widget, opened, on the conversation the link names. It works without knowing the customer's
// site (and so in privacy mode). The signed link is exchanged for an ordinary visitor token only
// while the link is unexpired and the conversation still exists; otherwise a page that says so.

const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  // blob:: the widget shows images sent in the chat from blob: URLs (fetched with the visitor token).
  "img-src 'self' data: https: blob:",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(language: string, dir: string, title: string, body: string): string {
  return `<!doctype html>
<html lang="${escapeHtml(language)}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#222}</style>
</head>
<body>
${body}
</body>
</html>`;
}

/**
 * Writes the conversation into the tab's session (as the widget itself does after a start) before
 * loader.js runs, so the widget picks it up, then opens the panel once the page has loaded.
 */
const CONTINUE_SCRIPT = `(function(){var s=document.currentScript;var d=JSON.parse(s.dataset.session);try{sessionStorage.setItem("confide:"+d.siteKey,JSON.stringify(Object.assign({lastSeq:0,readSeq:0},d)));}catch(e){}addEventListener("load",function(){if(window.Confide)window.Confide.open();});})();`;

export const continuePageRoutes = new Hono<AppEnv>()
  .get("/chat/continue.js", (c) =>
    c.body(CONTINUE_SCRIPT, 200, { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "public, max-age=300" }),
  )
  .get("/chat/continue", async (c) => {
    c.header("Content-Security-Policy", PAGE_CSP);
    // The token is in the URL: keep the page out of caches and referrers.
    c.header("Cache-Control", "no-store");
    c.header("Referrer-Policy", "no-referrer");
    const claims = await verifyContinueToken(c.env.TOKEN_SIGNING_KEY, c.req.query("t") ?? "");
    // The signed token names its account: read in that account's database.
    if (claims) await enterAccount(c, claims.accountId);
    const conversation = claims ? await findConversation(c.var.db, claims.accountId, claims.conversationId) : undefined;
    const widget = conversation && claims ? await findWidgetById(c.var.db, claims.accountId, claims.widgetId) : undefined;
    if (!claims || !conversation || !widget || conversation.widgetId !== widget.id) {
      const { language, texts } = emailTexts(c.req.header("Accept-Language"));
      const { dir } = widgetTexts(language);
      return c.html(page(language, dir, texts.linkInvalid, `<p role="alert">${escapeHtml(texts.linkInvalid)}</p>`), claims ? 410 : 403);
    }
    const { language, dir, texts } = widgetTexts(conversation.language);
    const session = {
      conversationId: conversation.id,
      visitorToken: await signVisitorToken(c.env.TOKEN_SIGNING_KEY, {
        conversationId: conversation.id,
        accountId: widget.accountId,
        widgetId: widget.id,
      }),
      siteKey: widget.siteKey,
      privacyMode: conversation.privacyMode,
      emailGiven: conversation.visitorEmailEnc !== null,
    };
    const body = `<h1>${escapeHtml(widget.name)}</h1>
<script src="/chat/continue.js" data-session="${escapeHtml(JSON.stringify(session))}"></script>
<script src="/widget/loader.js" data-site-key="${escapeHtml(widget.siteKey)}"></script>`;
    return c.html(page(language, dir, `${widget.name} · ${texts.chat}`, body), 200);
  });
