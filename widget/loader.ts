// The one script a customer embeds:
//   <script src="https://CONFIDE_HOST/widget/loader.js" data-site-key="demo" async></script>
// It only draws the launcher button. Until the visitor clicks it, Confide sets no cookie, touches no
// storage and makes no request, so merely visiting a page with the widget needs no consent.
import { adoptStyles, pinHostStyle } from "./shadow-styles";

type ChatModule = typeof import("./chat");

const LAUNCHER_CSS =
  ":host{all:initial;--accent:var(--confide-accent,#1f4fd1);position:fixed;right:20px;bottom:20px;z-index:2147483646}" +
  "button{all:initial;display:grid;place-items:center;width:56px;height:56px;border-radius:50%;background:var(--accent);color:var(--confide-on-accent,#fff);cursor:pointer;box-shadow:0 4px 14px #0004}" +
  "button:focus-visible{outline:3px solid var(--accent);outline-offset:3px}" +
  "svg{width:28px;fill:currentColor}" +
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
  pinHostStyle(launcher, { position: "fixed", right: "20px", bottom: "20px", "z-index": "2147483646", display: "block" });
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

  let chat: ChatModule | undefined;
  let loading = false;
  // Confide.setLanguage before chat.js is here: remembered and handed to mount, which asks for it.
  let lang: string | undefined;
  const run = async (action: "open" | "close" | "toggle"): Promise<void> => {
    if (chat) return chat[action]();
    // Clicks while the bundle loads are dropped: a queued toggle would shut the panel it opens.
    if (loading || action === "close") return;
    loading = true;
    try {
      const loaded: ChatModule = await import(`${origin}/widget/chat.js`);
      // The button goes along so chat.js can name it in the visitor's language once it knows it.
      loaded.mount({ origin, siteKey, launcher: button, lang });
      chat = loaded;
    } finally {
      loading = false;
    }
  };

  button.addEventListener("click", () => void run("toggle"));
  // The panel also closes itself (Escape, its close button); keep the button's state in step.
  addEventListener("confide:openchange", (event) => {
    button.setAttribute("aria-expanded", String(event.detail.open));
  });
  // A host page may open the chat from its own "Contact us" link; chat.js replaces this on mount.
  // Choosing a language loads nothing: no request is made before the visitor opens the chat.
  window.Confide ??= {
    open: () => void run("open"),
    close: () => void run("close"),
    setLanguage: (code) => {
      lang = code;
      chat?.setLanguage(code);
    },
  };

  const attach = (): void => {
    document.body.append(launcher);
  };
  if (document.body) attach();
  else document.addEventListener("DOMContentLoaded", attach);
}
