// The one script a customer embeds:
//   <script src="https://CONFIDE_HOST/widget/loader.js" data-site-key="demo" async></script>
// It only draws the launcher button. Until the visitor clicks it, Confide sets no cookie, writes no
// storage and makes no request, so merely visiting a page with the widget needs no consent.
// Optional look before the first click: data-position="left" and data-accent="#rrggbb".
// Optional data-hide-when-closed: for a widget set to hide outside business hours, the loader asks
// Confide whether it is open (one cookieless request that says nothing about the visitor) and
// shows the launcher only while it is, switching at the hours' next change.
// The one exception: a chat the visitor started (and consented to) earlier in this tab is in
// sessionStorage, read here and never written; then chat.js loads at once, without opening, so the
// conversation reconnects and new operator messages show on the launcher.
// Optional data-consent="required": nothing at all (no launcher, no request, no storage read) until
// the page calls Confide.consent(true), as a consent management platform does once the visitor
// agreed; Confide.consent(false) takes the launcher and the panel off the page again. Calls made
// before this script runs wait in window.Confide.q (README, "Consent hook"). Confide reads no
// cookie of the platform's.
// Optional data-user-id and data-user-hash (verified visitors): passed to chat.js, read when a chat starts.

import type { ConfideApi } from "./chat";
import { adoptStyles, pinHostStyle } from "./shadow-styles";

type ChatModule = typeof import("./chat");

const LAUNCHER_CSS =
  ":host{all:initial;--accent:var(--confide-accent,#1f4fd1);position:fixed;right:20px;bottom:20px;z-index:2147483646}" +
  "button{all:initial;position:relative;display:grid;place-items:center;width:56px;height:56px;border-radius:50%;background:var(--accent);color:var(--confide-on-accent,#fff);cursor:pointer;box-shadow:0 4px 14px #0004}" +
  "button:focus-visible{outline:3px solid var(--accent);outline-offset:3px}" +
  "svg{width:28px;fill:currentColor}" +
  // Unread operator messages (chat.js sets the attribute and says so in the button's name).
  "[data-unread]::after{content:'';position:absolute;top:0;right:0;width:10px;height:10px;border-radius:50%;background:#d4351c;border:2px solid #fff}" +
  "@media print{:host{display:none}}";

/** Sets attributes in one go; keeps this file small. */
function setAttributes(element: Element, attributes: Record<string, string>): void {
  for (const name in attributes) element.setAttribute(name, attributes[name] ?? "");
}

// currentScript is only set while this file runs synchronously, so read it before anything waits.
const current = document.currentScript;
const script =
  current instanceof HTMLScriptElement
    ? current
    : document.querySelector<HTMLScriptElement>('script[data-site-key][src$="/widget/loader.js"]');
const siteKey = script?.dataset.siteKey;

if (script && siteKey && !customElements.get("confide-launcher")) {
  // The chat bundle and every API call go to the host that served this script.
  const origin = new URL(script.src).origin;
  // Defined (not just created) so pages hiding :not(:defined) elements still show the launcher.
  customElements.define("confide-launcher", class extends HTMLElement {});
  const launcher = document.createElement("confide-launcher");
  const box: Record<string, string> = { position: "fixed", right: "20px", bottom: "20px", "z-index": "2147483646", display: "block" };
  // The embed tag's look, until chat.js has the config (which then decides); anything else is ignored.
  const { position, accent } = script.dataset;
  if (position === "left") {
    box.right = "auto";
    box.left = "20px";
  }
  if (accent && /^#[0-9a-fA-F]{6}$/.test(accent)) box["--confide-accent"] = accent;
  // One call: pinHostStyle begins with `all: initial`, which would wipe an earlier call's box.
  pinHostStyle(launcher, box);
  // delegatesFocus: when the chat panel closes it focuses this host, which lands on the button.
  const root = launcher.attachShadow({ mode: "open", delegatesFocus: true });
  adoptStyles(root, LAUNCHER_CSS);

  const button = document.createElement("button");
  setAttributes(button, {
    type: "button",
    part: "button",
    "aria-label": "Open chat",
    "aria-haspopup": "dialog",
    "aria-expanded": "false",
  });
  const svgNs = "http://www.w3.org/2000/svg";
  const icon = document.createElementNS(svgNs, "svg");
  setAttributes(icon, { viewBox: "0 0 24 24", "aria-hidden": "true" });
  const bubble = document.createElementNS(svgNs, "path");
  bubble.setAttribute("d", "M4 5a2 2 0 0 1 2-2h12a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2H9l-5 4z");
  icon.append(bubble);
  button.append(icon);
  root.append(button);

  // Until the page's consent, when it asks for one: nothing is shown, read or loaded.
  let consented = script.dataset.consent !== "required";
  let chat: ChatModule | undefined;
  let loading: Promise<void> | undefined;
  // Whether the panel opens once chat.js is here: a click or open() asks for it, close() takes it back.
  let show = false;
  // Confide.setLanguage before chat.js is here: remembered and handed to mount, which asks for it.
  let lang: string | undefined;
  const load = (): Promise<void> =>
    (loading ??= import(`${origin}/widget/chat.js`)
      .then((loaded: ChatModule) => {
        // The button goes along so chat.js can name it in the visitor's language once it knows it.
        loaded.mount({ origin, siteKey, launcher: button, lang, open: show, data: script.dataset });
        chat = loaded;
      })
      // A failed load is tried again on the next click.
      .finally(() => (loading = undefined)));
  const run = (action: "open" | "close" | "toggle"): void => {
    // Without the page's consent (asked for, not given, or withdrawn) the page's calls do nothing.
    if (!consented) return;
    if (chat) {
      chat[action]();
      return;
    }
    // While the bundle loads, clicks only ask for the panel: a queued toggle would shut the panel it opens.
    show = action !== "close";
    if (show) void load();
  };
  // Only a chat already started in this tab is there; blocked storage (it throws) means none. Read
  // once the page's consent is there (when it asks for one), like everything else.
  let resume = false;

  button.addEventListener("click", () => void run("toggle"));
  // The panel also closes itself (Escape, its close button); keep the button's state in step.
  addEventListener("confide:openchange", (event) => {
    button.setAttribute("aria-expanded", String(event.detail.open));
  });
  // The next business-hours check of data-hide-when-closed; a withdrawn consent cancels it.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const attach = (): void => {
    document.body.append(launcher);
    chat?.setShown(true);
    // mount appends to the body, so the chat is picked up once there is one.
    if (resume) void load();
  };
  // A chat to pick up is always shown, open or not; a failed check shows the launcher.
  const showWhenOpen = (): void =>
    void fetch(`${origin}/w/${encodeURIComponent(siteKey)}/open`, { credentials: "omit" })
      .then((response) => response.json())
      .then(
        (state: { open: boolean; changesAt: number | null }) => {
          if (!consented) return;
          if (state.open) attach();
          else launcher.remove();
          if (state.changesAt) timer = setTimeout(showWhenOpen, Math.min(state.changesAt - Date.now(), 2 ** 31 - 1));
        },
        () => consented && attach(),
      );
  const start = (): void => {
    try {
      resume = sessionStorage.getItem(`confide:${siteKey}`) !== null;
    } catch {
      // No storage, no chat to pick up.
    }
    const show = "hideWhenClosed" in script.dataset && !resume ? showWhenOpen : attach;
    if (document.body) show();
    else document.addEventListener("DOMContentLoaded", show);
  };
  // A host page may open the chat from its own "Contact us" link; chat.js keeps consent and replaces the rest on mount.
  // Choosing a language loads nothing: no request is made before the visitor opens the chat.
  const api: ConfideApi = {
    open: () => void run("open"),
    close: () => void run("close"),
    setLanguage: (code) => {
      lang = code;
      chat?.setLanguage(code);
    },
    // From a consent management platform: true shows the widget, false takes it off the page at once, sending nothing.
    consent: (given) => {
      if (given && !consented) {
        consented = true;
        start();
      } else if (!given) {
        consented = false;
        clearTimeout(timer);
        launcher.remove();
        chat?.setShown(false);
      }
    },
  };
  // A page's stub (with its queue) gives way; the chat's own API, already there, stays.
  const queued = window.Confide?.q;
  if (!window.Confide || queued) window.Confide = api;
  if (consented) start();
  // Calls the page queued before this script ran, in order (consent among them).
  for (const [name, ...args] of queued ?? []) (api[name as keyof ConfideApi] as ((...a: unknown[]) => void) | undefined)?.(...args);
}
