// The chat panel, loaded by loader.ts on the visitor's first click. Types come from src/shared with
// `import type` only, so zod never reaches this bundle.
//
// Privacy: until a conversation is started (with consent where the widget asks for it) nothing is
// written to cookies or web storage. From then on, and only then, the conversation id, visitor token,
// its widget's site key and privacy mode, and the last seqs received and read are kept in
// sessionStorage so the chat survives moving to another page of the site; the key goes when the
// conversation ends, is erased, or the server no longer knows it. On the next page loader.ts sees the
// key and mounts this bundle at once, panel closed, so the conversation reconnects by itself.
import type { ApiError, PreChatField, ProofOfWorkChallenge, StartConversation, StartedConversation, WidgetConfig } from "../src/shared/api";
import { solveChallenge } from "../src/shared/proof-of-work";
import { ResendSchedule } from "../src/shared/resend-schedule";
import { CLOSE_CONVERSATION_ERASED, isTerminalCloseCode } from "../src/shared/close-codes";
import type {
  Author,
  ClientFrame,
  HelloFrame,
  MAX_BODY_CHARS as ProtocolMaxBodyChars,
  MessageCreatedFrame,
  PresenceFrame,
  ServerFrame,
} from "../src/shared/protocol";
import { adoptStyles, pinHostStyle } from "./shadow-styles";

/** What loader.ts passes to `mount`. */
export interface MountOptions {
  /** Origin of the Confide host that served loader.js, e.g. "https://chat.example.com". */
  origin: string;
  siteKey: string;
  /** The launcher button, relabelled in the visitor's language once the config has arrived. */
  launcher?: HTMLElement;
  /** A language the host page asked for (`Confide.setLanguage`) before this bundle loaded. */
  lang?: string;
  /** false: mount with the panel closed (a stored chat picked up on a new page). Default true. */
  open?: boolean;
}

/** `window.Confide`, for host pages that open the chat from their own links or pick its language. */
export interface ConfideApi {
  open(): void;
  close(): void;
  /** Shows the widget in `code` (e.g. "de"), whatever the browser's Accept-Language says. */
  setLanguage(code: string): void;
}

declare global {
  interface Window {
    Confide?: ConfideApi;
  }
  interface WindowEventMap {
    "confide:openchange": CustomEvent<{ open: boolean }>;
  }
}

// Typed by the protocol's constant, so tsc fails if the two drift; a value import would bundle zod.
const MAX_BODY_CHARS: typeof ProtocolMaxBodyChars = 4000;
const PREVIEW_INTERVAL_MS = 150;
const TYPING_IDLE_MS = 3000;
const RECONNECT_BASE_MS = 500;
const RECONNECT_MAX_MS = 15_000;
const NEAR_BOTTOM_PX = 48;
/** lastSeq is written at most this often; a lost update only means a larger replay. */
const SAVE_INTERVAL_MS = 1000;
/** Answers meaning this visitor's conversation is gone (or was never theirs): forget it. */
const GONE = new Set([401, 403, 404, 410]);

/**
 * English, used until the config (with `texts` in the visitor's language) arrives or when it never
 * does. Keys are those of src/locales/widget/en.json; the disclaimer always comes from the config.
 */
const TEXT = {
  openChat: "Open chat",
  chat: "Chat",
  closeChat: "Close chat",
  endChat: "End chat",
  nameOptional: "Name (optional)",
  emailOptional: "Email (optional)",
  iAgree: "I agree",
  startChat: "Start chat",
  message: "Message",
  send: "Send",
  privacyPolicy: "Privacy policy",
  loading: "Loading…",
  unavailable: "The chat is unavailable right now. Please try again later.",
  failed: "Something went wrong. Please try again.",
  unreachable: "Could not reach the chat. Please check your connection and try again.",
  reconnecting: "Reconnecting…",
  ended: "This chat has ended",
  operatorTyping: "Operator is typing…",
  waiting: "Waiting for an operator",
  withYou: "With you: ",
  previewNotice: "The team can see what you type before you send it.",
  downloadTranscript: "Download transcript",
  deleteConversation: "Delete this conversation",
  deleteConfirm: "Delete this conversation and everything in it? This cannot be undone.",
  deleted: "The conversation has been deleted.",
  you: "You",
  operator: "Operator",
  /** The launcher's name while operator messages wait unread; {n} is their number. */
  newMessages: "Open chat (new messages: {n})",
} as const;
type TextKey = keyof typeof TEXT;
const FALLBACK: Readonly<Record<string, string>> = TEXT;

const CSS = `
:host{all:initial}
*,*::before,*::after{box-sizing:border-box}
[hidden]{display:none!important}
.panel{--accent:var(--confide-accent,#1f4fd1);position:fixed;right:max(20px,env(safe-area-inset-right));bottom:88px;z-index:2147483647;display:flex;flex-direction:column;width:min(370px,calc(100vw - 24px));height:min(580px,calc(100vh - 108px));overflow:hidden;background:#fff;color:#1a1a1a;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;text-align:start;border-radius:12px;box-shadow:0 8px 32px rgba(0,0,0,.28);animation:rise .18s ease-out}
@keyframes rise{from{opacity:0;transform:translateY(8px)}}
@media (min-width:481px){.left{right:auto;left:max(20px,env(safe-area-inset-left))}}
@media (max-width:480px){.panel{inset:0;width:auto;height:auto;border-radius:0}}
@media (prefers-reduced-motion:reduce){.panel{animation:none}}
@media print{:host{display:none}}
header{display:flex;align-items:center;gap:8px;padding-block:10px;padding-inline:16px 10px;background:var(--accent);color:var(--confide-on-accent,#fff)}
.titles{flex:1;min-width:0}
h2{margin:0;font-size:16px;font-weight:600;overflow-wrap:anywhere}
.presence{margin:0;font-size:12px}
button{font:inherit;cursor:pointer;border-radius:6px}
button:disabled{opacity:.55;cursor:not-allowed}
header button{padding:4px 10px;color:inherit;background:none;border:1px solid}
header .close{border:0;font-size:22px;line-height:1;padding:2px 8px}
:focus-visible{outline:3px solid var(--confide-ink,var(--accent));outline-offset:2px}
header :focus-visible{outline-color:currentColor}
.scroller{flex:1;min-height:0;overflow-y:auto;display:flex;flex-direction:column;gap:12px;padding:16px}
p{margin:0}
.greeting{padding:10px 12px;background:#eef0f4;border-radius:10px;white-space:pre-wrap;overflow-wrap:anywhere}
form{display:flex;gap:12px}
.prechat{flex-direction:column}
label{display:flex;flex-direction:column;gap:4px;font-weight:500}
input:not([type=checkbox]),textarea{font:inherit;color:inherit;text-align:start;background:#fff;border:1px solid #767b85;border-radius:6px;padding:8px 10px;width:100%}
.disclaimer{font-size:13px;color:#333;white-space:pre-wrap;overflow-wrap:anywhere}
.consent{display:flex;align-items:center;gap:8px}
.consent input{width:18px;height:18px;margin:0;flex:none;accent-color:var(--accent)}
.primary{padding:10px 14px;font-weight:600;color:var(--confide-on-accent,#fff);background:var(--accent);border:0}
ol{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:8px}
li{max-width:85%;padding:8px 12px;border-radius:12px;text-align:start;white-space:pre-wrap;overflow-wrap:anywhere}
.visitor{align-self:flex-end;color:var(--confide-on-accent,#fff);background:var(--accent)}
.operator{align-self:flex-start;background:#eef0f4}
.system{align-self:center;color:#555;font-style:italic;text-align:center}
li[data-pending]{opacity:.6}
.author{display:block;font-size:12px;font-weight:600;color:#444}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.typing,.status,.notice{font-size:13px;color:#555}
.status,.alert{padding:0 16px}
.status:not(:empty),.alert:not(:empty){padding-bottom:8px}
.alert{color:#a40e26;overflow-wrap:anywhere}
.composer{align-items:flex-end;padding:12px;border-top:1px solid #e2e4e8}
textarea{flex:1;min-height:44px;max-height:120px;resize:vertical}
textarea:disabled{background:#f1f2f4}
.notice{padding:0 12px 8px}
.actions{display:flex;flex-wrap:wrap;gap:8px;padding:0 12px 8px}
.actions button{padding:4px 10px;font-size:13px;color:#1a1a1a;background:#fff;border:1px solid #c4c8d0}
.actions button+button{margin-inline-start:auto;color:#a40e26}
footer{padding:8px 16px;font-size:12px;border-top:1px solid #e2e4e8}
footer a{color:var(--confide-ink,var(--accent))}`;

/** Creates an element; children given as strings become text nodes, never markup. */
function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

/**
 * The panel's static structure. Its own words are named by text key, never written here:
 * `data-t` (the text), `data-label` (aria-label) and `data-title` (title) are filled in by
 * `relabel`, in English at first and in the visitor's language once the config arrives. Server and
 * visitor text is filled in later, as text only.
 */
function buildPanel() {
  const title = el("h2", {}, TEXT.chat);
  const presence = el("p", { class: "presence" });
  const endButton = el("button", { type: "button", "data-t": "endChat", "data-label": "endChat", hidden: "" });
  const closeButton = el(
    "button",
    { type: "button", class: "close", "data-label": "closeChat", "data-title": "closeChat" },
    "×",
  );

  // The operators' own words, in whatever language they wrote them: laid out by their own script.
  const greeting = el("p", { class: "greeting", dir: "auto", hidden: "" });
  const nameInput = el("input", { type: "text", name: "name", autocomplete: "name", maxlength: "200" });
  const emailInput = el("input", { type: "email", name: "email", autocomplete: "email", maxlength: "254" });
  const disclaimer = el("p", { class: "disclaimer", id: "confide-disclaimer" });
  // The checkbox's name is the disclaimer itself plus "I agree", so assistive technology reads
  // exactly what the visitor consents to. It starts unticked: consent must be an active choice.
  const consent = el("input", {
    type: "checkbox",
    id: "confide-consent",
    "aria-labelledby": "confide-disclaimer confide-agree",
  });
  const consentRow = el(
    "div",
    { class: "consent", hidden: "" },
    consent,
    el("label", { for: "confide-consent", id: "confide-agree", "data-t": "iAgree" }),
  );
  const startButton = el("button", { type: "submit", class: "primary", "data-t": "startChat" });
  // Their words depend on whether the widget asks for the field or requires it: see `fieldLabel`.
  const nameLabel = el("span");
  const emailLabel = el("span");
  const nameField = el("label", {}, nameLabel, nameInput);
  const emailField = el("label", {}, emailLabel, emailInput);
  const prechat = el(
    "form",
    { class: "prechat", hidden: "" },
    nameField,
    emailField,
    disclaimer,
    consentRow,
    startButton,
  );

  // The log region holds the list (a role on the <ol> itself would take away its list semantics).
  const list = el("ol", { class: "messages" });
  const log = el("div", { role: "log", "aria-live": "polite", hidden: "" }, list);
  const typing = el("p", { class: "typing", "data-t": "operatorTyping", hidden: "" });
  const scroller = el("div", { class: "scroller" }, greeting, prechat, log, typing);

  const status = el("p", { role: "status", class: "status" });
  const alert = el("p", { role: "alert", class: "alert" });

  const textarea = el("textarea", { "data-label": "message", rows: "2", maxlength: String(MAX_BODY_CHARS) });
  const sendButton = el("button", { type: "submit", class: "primary", "data-t": "send" });
  const composer = el("form", { class: "composer", hidden: "" }, textarea, sendButton);
  const previewNotice = el("p", { class: "notice", "data-t": "previewNotice", hidden: "" });

  // The visitor's own rights over the conversation: a copy of it, and its erasure.
  const downloadButton = el("button", { type: "button", class: "download", "data-t": "downloadTranscript" });
  const deleteButton = el("button", { type: "button", class: "delete", "data-t": "deleteConversation" });
  const actions = el("div", { class: "actions", hidden: "" }, downloadButton, deleteButton);

  // Its words come with its address, in the config: the widget's own, in the visitor's language.
  const privacyLink = el("a", { target: "_blank", rel: "noopener noreferrer" });
  const footer = el("footer", { hidden: "" }, privacyLink);

  const panel = el(
    "div",
    { class: "panel", part: "panel", role: "dialog", lang: "en", dir: "ltr", hidden: "" },
    el("header", {}, el("div", { class: "titles" }, title, presence), endButton, closeButton),
    scroller,
    status,
    alert,
    composer,
    previewNotice,
    actions,
    footer,
  );

  return {
    panel, title, presence, endButton, closeButton, greeting, prechat, nameField, nameLabel, nameInput,
    emailField, emailLabel, emailInput, disclaimer, consentRow, consent, startButton, log, list, typing, scroller, status, alert, composer,
    textarea, sendButton, previewNotice, actions, downloadButton, deleteButton, privacyLink, footer,
  };
}

type Panel = ReturnType<typeof buildPanel>;

/** A visitor message shown before the room has acknowledged (and numbered) it. */
/** A solved challenge, as a privacy-mode start carries it. */
type Proof = NonNullable<StartConversation["proof"]>;

interface PendingMessage {
  body: string;
  item: HTMLLIElement;
}

/** A started conversation and the widget it belongs to (the routed one): its site key and privacy mode. */
interface Session extends StartedConversation {
  siteKey: string;
  privacyMode: boolean;
}

/**
 * What sessionStorage keeps under "confide:<entry site key>", once the visitor has started a chat:
 * also the highest seq received and the highest seen with the panel open (what is unread).
 */
interface StoredSession extends Session {
  lastSeq: number;
  readSeq: number;
}

/** The `<confide-chat>` element. Created only by `mount`, which passes the options. */
class ConfideChat extends HTMLElement {
  private readonly ui: Panel = buildPanel();
  private readonly origin: string;
  /** The embedded widget's endpoints: without a conversation the config is asked for here, so the router decides. */
  private readonly entryBase: string;
  private readonly storageKey: string;
  private readonly launcher: HTMLElement | undefined;
  /** The widget's endpoints; after the config call, those of the widget the router picked. */
  private apiBase: string;
  private socketBase: string;

  /** Asked for with `Confide.setLanguage`; otherwise the server goes by Accept-Language. */
  private language: string | null;
  private configRequest: Promise<void> | null = null;
  /** Counts config requests, so the answer to an outdated one (an earlier language) is dropped. */
  private configRequests = 0;
  private config: WidgetConfig | null = null;
  /**
   * The latest config request went to the embedded widget and the router. With a conversation it goes
   * to the conversation's own widget instead, whose config is no pre-chat form for a new one.
   */
  private routed = true;
  private session: Session | null = null;
  private starting = false;
  /** Privacy mode: the proof of work for the next start, solved while the visitor reads and types. */
  private proof: { siteKey: string; solved: Promise<Proof> } | null = null;
  /** A request of the visitor's (download, delete) is in flight. */
  private busy = false;

  /** The session is in sessionStorage: set only once the visitor has started (and consented to) a chat. */
  private stored = false;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  /**
   * Resumed on this page load: the page is reported once the config says whether that is allowed
   * and the room's hello has shown the stored session is still good (a stale one reports nothing).
   */
  private pageViewDue = false;

  private socket: WebSocket | null = null;
  /** The room's hello arrived on the current socket, so frames sent now are authenticated. */
  private ready = false;
  private livePreview = false;
  private ended = false;
  private endRequested = false;
  private reconnectAttempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  /** Highest seq shown; the `after` of the next connect, so the replay has no gaps and no repeats. */
  private highestSeq = 0;
  /** Highest seq the visitor has had in front of them (panel open); operator messages above it are unread. */
  private readSeq = 0;
  private unread = 0;
  private readonly shownSeqs = new Set<number>();
  /** Keyed by clientId, in the order written, which is the order they are re-sent in. */
  private readonly pending = new Map<string, PendingMessage>();
  private readonly resends = new ResendSchedule(() => this.sendPending());
  /** Operators present, from the last presence frame; null until one arrives. */
  private operatorNames: string[] | null = null;

  private typingActive = false;
  private typingIdleTimer: ReturnType<typeof setTimeout> | undefined;
  private previewTimer: ReturnType<typeof setTimeout> | undefined;
  private lastPreviewAt = 0;

  private returnFocusTo: Element | null = null;

  constructor(options: MountOptions) {
    super();
    this.origin = options.origin;
    this.entryBase = this.apiBase = widgetEndpoint(options.origin, options.siteKey);
    this.socketBase = this.apiBase.replace(/^http/, "ws");
    this.storageKey = `confide:${options.siteKey}`;
    this.launcher = options.launcher;
    this.language = languageTag(options.lang);
    const root = this.attachShadow({ mode: "open" });
    adoptStyles(root, CSS);
    root.append(this.ui.panel);
    this.wireEvents();
    this.relabel();
    this.resume();
  }

  private wireEvents(): void {
    const ui = this.ui;
    ui.panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape") this.close();
    });
    ui.closeButton.addEventListener("click", () => this.close());
    ui.endButton.addEventListener("click", () => this.requestEnd());
    ui.consent.addEventListener("change", () => {
      ui.startButton.disabled = this.starting || !ui.consent.checked;
    });
    ui.prechat.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.startChat();
    });
    ui.composer.addEventListener("submit", (event) => {
      event.preventDefault();
      this.sendMessage();
    });
    ui.textarea.addEventListener("keydown", (event) => {
      // Enter sends, Shift+Enter is a newline; isComposing keeps IME input (e.g. Japanese) intact.
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.sendMessage();
      }
    });
    ui.textarea.addEventListener("input", () => this.onDraftInput());
    ui.downloadButton.addEventListener("click", () => void this.downloadTranscript());
    ui.deleteButton.addEventListener("click", () => void this.deleteConversation());
    // The throttled lastSeq write may still be waiting when the visitor follows a link.
    addEventListener("pagehide", () => this.saveSession());
  }

  /** Shows the panel and moves focus into it; loads the widget's configuration on first open. */
  open(): void {
    if (!this.ui.panel.hidden) return;
    const active = document.activeElement;
    this.returnFocusTo = active === this ? null : active;
    this.ui.panel.hidden = false;
    this.markRead();
    void this.loadConfig();
    this.focusFirstControl();
    announceOpenState(true);
  }

  /** Hides the panel; the conversation and its socket carry on in the background. */
  close(): void {
    if (this.ui.panel.hidden) return;
    this.ui.panel.hidden = true;
    announceOpenState(false);
    const target = this.returnFocusTo;
    if (target instanceof HTMLElement && target.isConnected) target.focus();
  }

  /** Takes the widget off the page: the panel and the launcher go, and nothing else is asked. */
  private withdraw(): void {
    this.ui.panel.hidden = true;
    const root = this.launcher?.getRootNode();
    if (root instanceof ShadowRoot) root.host.remove();
    this.remove();
    announceOpenState(false);
  }

  toggle(): void {
    if (this.ui.panel.hidden) this.open();
    else this.close();
  }

  /** Fetches the config in `code` and relabels the panel; a started conversation carries on as it is. */
  setLanguage(code: unknown): void {
    const language = languageTag(code);
    if (!language) return;
    this.language = language;
    // A request for the previous language may be in flight: its answer will be dropped.
    this.configRequest = null;
    void this.loadConfig();
  }

  private focusFirstControl(): void {
    const ui = this.ui;
    if (!ui.prechat.hidden) this.firstPrechatControl().focus();
    else if (!ui.composer.hidden && !this.ended) ui.textarea.focus();
    else ui.closeButton.focus();
  }

  /** The pre-chat form's first control the visitor can use: a field the widget asks for, else consent, else Start. */
  private firstPrechatControl(): HTMLElement {
    const ui = this.ui;
    if (!ui.nameField.hidden) return ui.nameInput;
    if (!ui.emailField.hidden) return ui.emailInput;
    return ui.consentRow.hidden ? ui.startButton : ui.consent;
  }

  /**
   * A pre-chat field's label: "Name (optional)" as it is; when the widget requires the field, the
   * config's own word for it ("name", "email") if it has one, else the optional label without its
   * trailing "(…)", then a " *".
   */
  private fieldLabel(field: "name" | "email"): string {
    const optional = this.t(`${field}Optional`);
    const config = this.config;
    if (config?.preChat[field] !== "required") return optional;
    const own = config.texts[field];
    const label = typeof own === "string" && own.trim() ? own.trim() : optional.replace(/\s*[(\uff08][^()\uff08\uff09]*[)\uff09]\s*$/, "");
    return label.endsWith("*") ? label : `${label} *`;
  }

  /** The text for `key` in the visitor's language, else in English. */
  private t(key: string | undefined): string {
    if (key === undefined) return "";
    const text = this.config?.texts[key];
    return typeof text === "string" ? text : (FALLBACK[key] ?? "");
  }

  /** Writes every text, aria-label and title of the panel (and the launcher's name) in the current language. */
  private relabel(): void {
    const ui = this.ui;
    for (const node of ui.panel.querySelectorAll<HTMLElement>("[data-t]")) node.textContent = this.t(node.dataset.t);
    for (const node of ui.panel.querySelectorAll<HTMLElement>("[data-label]")) {
      node.setAttribute("aria-label", this.t(node.dataset.label));
    }
    for (const node of ui.panel.querySelectorAll<HTMLElement>("[data-title]")) node.title = this.t(node.dataset.title);
    ui.nameLabel.textContent = this.fieldLabel("name");
    ui.emailLabel.textContent = this.fieldLabel("email");
    ui.panel.setAttribute("aria-label", this.t("chat"));
    this.renderPresence();
    this.labelLauncher();
  }

  /**
   * The launcher's name, with the number of unread operator messages (and its dot) when there are
   * any. It keeps the loader's English name until there is a config or an unread message to say otherwise.
   */
  private labelLauncher(): void {
    const launcher = this.launcher;
    const count = this.unread;
    if (!launcher) return;
    launcher.toggleAttribute("data-unread", count > 0);
    const config = this.config;
    if (!config && !count) return;
    let label = this.t("openChat");
    if (count) {
      const own = config?.texts.newMessages;
      // A language without its own words for it says the number alone rather than English.
      const template =
        typeof own === "string" ? own : config && !/^en\b/.test(config.language) ? `${label} ({n})` : TEXT.newMessages;
      label = template.replace("{n}", String(count));
    }
    launcher.setAttribute("aria-label", label);
    if (config) launcher.lang = config.language;
  }

  /** The panel is open: whatever has arrived is read. */
  private markRead(): void {
    if (this.readSeq < this.highestSeq) {
      this.readSeq = this.highestSeq;
      this.scheduleSave();
    }
    if (this.unread) {
      this.unread = 0;
      this.labelLauncher();
    }
  }

  private loadConfig(): Promise<void> {
    if (!this.configRequest) {
      const request = ++this.configRequests;
      this.configRequest = this.fetchConfig(request).catch((error: unknown) => {
        if (request !== this.configRequests) return;
        // Forget the failed request so the next open tries again.
        this.configRequest = null;
        if (this.ui.status.dataset.t === "loading") this.setStatus("");
        if (error instanceof ApiFailure && error.message) this.showServerAlert(error.message);
        else this.showAlert("unavailable");
      });
    }
    return this.configRequest;
  }

  private async fetchConfig(request: number): Promise<void> {
    const first = !this.config;
    // Only the first load says so: a change of language leaves the status region to the conversation.
    if (first) this.setStatus("loading");
    // A conversation keeps its own widget (title, privacy link, privacy mode), whatever page this is:
    // its config is asked for without the page. Otherwise the router may pick a widget by page; it
    // gets the page without query or fragment, which can carry personal data.
    const session = this.session;
    this.routed = !session;
    const query = new URLSearchParams();
    if (this.language) query.set("lang", this.language);
    if (!session) query.set("url", location.origin + location.pathname);
    // The server skips the router for a conversation's own widget.
    else query.set("own", "1");
    const base = session ? widgetEndpoint(this.origin, session.siteKey) : this.entryBase;
    // credentials "omit": the widget never sends or receives cookies.
    const search = String(query);
    const response = await fetch(`${base}/config${search && `?${search}`}`, { credentials: "omit" });
    if (!response.ok) {
      const error = await apiErrorOf(response);
      // The router chose a widget that may not be embedded on this page, and no other widget
      // stands in for it (it could keep more about the visitor): no chat here at all.
      if (response.status === 403 && error?.code === "no_widget_for_origin") {
        if (request === this.configRequests) this.withdraw();
        return;
      }
      throw new ApiFailure(error?.message ?? "");
    }
    const config: unknown = await response.json();
    if (request !== this.configRequests) return;
    if (!isWidgetConfig(config)) throw new Error("unexpected config shape");
    this.config = config;
    if (this.ui.status.dataset.t === "loading") this.setStatus("");
    if (first) this.showAlert("");
    this.showConfig(config);
  }

  private showConfig(config: WidgetConfig): void {
    const ui = this.ui;
    ui.panel.lang = config.language;
    ui.panel.dir = config.dir;
    ui.title.textContent = config.name;
    ui.greeting.textContent = config.greeting ?? "";
    ui.greeting.hidden = !config.greeting;
    // The privacy policy stays in the footer before, during and after the chat.
    const policy = config.privacyPolicy;
    const privacyUrl = httpUrlOrNull(policy?.url ?? null);
    if (policy && privacyUrl) {
      ui.privacyLink.href = privacyUrl;
      ui.privacyLink.textContent = policy.label.trim() || this.t("privacyPolicy");
    }
    ui.footer.hidden = !privacyUrl;
    this.showAppearance(config.appearance);
    this.relabel();
    if (!this.session) this.showPrechat(config);
  }

  /**
   * The widget's colour and side. The launcher lives in the loader's shadow root with its box pinned
   * by inline !important styles (pinHostStyle); it moves and recolours the same way, one property at
   * a time, because pinHostStyle's `all: initial` would wipe the rest of its pinned box.
   */
  private showAppearance(appearance: WidgetConfig["appearance"]): void {
    const accent = hexColor(appearance.accentColor);
    const left = appearance.position === "left";
    this.ui.panel.classList.toggle("left", left);
    const root = this.launcher?.getRootNode();
    const host = root instanceof ShadowRoot && root.host instanceof HTMLElement ? root.host : undefined;
    const inks = accent ? accentInks(accent) : undefined;
    for (const box of [this.ui.panel, host]) {
      if (!box) continue;
      // A colour that is not #rgb or #rrggbb leaves the default (or the host page's --confide-accent).
      const colours = { "--confide-accent": accent, "--confide-on-accent": inks?.on, "--confide-ink": inks?.ink };
      for (const [name, value] of Object.entries(colours)) {
        if (value) box.style.setProperty(name, value, "important");
        else box.style.removeProperty(name);
      }
    }
    if (host) {
      host.style.setProperty("right", left ? "auto" : "20px", "important");
      host.style.setProperty("left", left ? "20px" : "auto", "important");
    }
  }

  /** The form before a chat, for the widget the router picked, with the disclaimer in the current language. */
  private showPrechat(config: WidgetConfig): void {
    const ui = this.ui;
    const hadFocus = this.shadowRoot?.activeElement;
    this.useWidget(config.siteKey);
    // Consent is given to the words shown; new words (another language) need it given again.
    if (ui.disclaimer.textContent !== config.disclaimer.text) ui.consent.checked = false;
    // Shown even when no consent is asked for (visitors are told how their data is used either
    // way), unless the widget has no words to show.
    ui.disclaimer.textContent = config.disclaimer.text;
    ui.disclaimer.lang = config.disclaimer.language;
    ui.disclaimer.hidden = !config.disclaimer.text.trim();
    ui.consentRow.hidden = !config.consentRequired;
    // "hidden" fields are not shown at all, and disabled so the form neither checks nor sends them.
    for (const [field, label, input] of [
      ["name", ui.nameField, ui.nameInput],
      ["email", ui.emailField, ui.emailInput],
    ] as const) {
      const mode = config.preChat[field];
      label.hidden = input.disabled = mode === "hidden";
      input.required = mode === "required";
      if (input.required) input.setAttribute("aria-required", "true");
      else input.removeAttribute("aria-required");
    }
    ui.startButton.disabled = this.starting || (config.consentRequired && !ui.consent.checked);
    ui.prechat.hidden = false;
    // The server keeps no address in privacy mode, so a start costs the browser a proof of work;
    // begun now, it is usually done before the visitor has filled in the form.
    if (config.privacyMode) void this.proofFor(config.siteKey).catch(() => undefined);
    // Focus sat on the close button while loading; move it to the first field unless the visitor
    // has gone somewhere else meanwhile.
    if (!ui.panel.hidden && hadFocus === ui.closeButton) this.firstPrechatControl().focus();
  }

  /** A solved challenge of `siteKey`'s widget: the one in the works, or a new one. */
  private proofFor(siteKey: string): Promise<Proof> {
    if (this.proof?.siteKey === siteKey) return this.proof.solved;
    const solved = (async () => {
      const response = await fetch(`${widgetEndpoint(this.origin, siteKey)}/challenge`, { method: "POST", credentials: "omit" });
      if (!response.ok) throw new ApiFailure((await apiErrorMessage(response)) ?? "");
      const issued: unknown = await response.json();
      if (!isChallenge(issued)) throw new Error("unexpected challenge shape");
      return { challenge: issued.challenge, solution: await solveChallenge(issued.challenge, issued.difficulty) };
    })();
    const entry = { siteKey, solved };
    this.proof = entry;
    // A failed attempt is forgotten, so the start asks afresh.
    solved.catch(() => {
      if (this.proof === entry) this.proof = null;
    });
    return solved;
  }

  private useWidget(siteKey: string): void {
    this.apiBase = widgetEndpoint(this.origin, siteKey);
    this.socketBase = this.apiBase.replace(/^http/, "ws");
  }

  private async startChat(): Promise<void> {
    const ui = this.ui;
    const config = this.config;
    if (!config || this.session || this.starting) return;
    if (config.consentRequired && !ui.consent.checked) return;
    // The browser's own check stops a submit with a required field empty; this one also catches a
    // field of spaces alone (cleared, so the browser then says what is missing).
    for (const input of [ui.nameInput, ui.emailInput]) {
      if (input.required && !input.disabled && !input.value.trim()) {
        input.value = "";
        ui.prechat.reportValidity();
        return;
      }
    }
    const siteKey = config.siteKey;
    const request: StartConversation = {
      consent: config.consentRequired && ui.consent.checked,
      // The language of the disclaimer shown: the server records consent to exactly that text.
      language: config.disclaimer.language,
    };
    // And its hash: if the text has changed since it was shown, the server refuses (409) rather than
    // record consent to words the visitor never saw.
    if (request.consent) request.disclaimerHash = config.disclaimer.hash;
    // A field the widget hides is never sent, whatever it may hold.
    const name = config.preChat.name === "hidden" ? "" : ui.nameInput.value.trim();
    const email = config.preChat.email === "hidden" ? "" : ui.emailInput.value.trim();
    if (name) request.name = name;
    if (email) request.email = email;
    // Where the chat starts is sent only when the widget is not in privacy mode (which would discard it anyway).
    if (!config.privacyMode) {
      request.pageUrl = location.origin + location.pathname;
      if (/^https?:/.test(document.referrer)) request.referrer = document.referrer;
    }

    this.starting = true;
    ui.startButton.disabled = true;
    this.showAlert("");
    try {
      const post = async () => {
        if (config.privacyMode) request.proof = await this.proofFor(siteKey);
        // Used (or refused): a proof is good for one start only.
        this.proof = null;
        return fetch(`${this.apiBase}/conversations`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(request),
          credentials: "omit",
        });
      };
      let response = await post();
      let error = response.ok ? null : await apiErrorOf(response);
      // A proof that expired while the visitor took their time: solve a new one, once.
      if (config.privacyMode && (error?.code === "invalid_proof" || error?.code === "proof_used")) {
        response = await post();
        error = response.ok ? null : await apiErrorOf(response);
      }
      if (!response.ok) {
        if (response.status === 409 && error?.code === "disclaimer_changed") {
          // Show the notice in force (the config again), and ask for consent to it afresh.
          this.configRequest = null;
          await this.loadConfig();
          ui.consent.checked = false;
          this.showServerAlert(error.message);
          // The Start button is disabled now; the checkbox (named by the notice) is where to go on.
          if (!ui.panel.hidden && !ui.prechat.hidden && !ui.consentRow.hidden) ui.consent.focus();
        } else if (error) this.showServerAlert(error.message);
        else this.showAlert("failed");
        // The next try needs a new proof: start on it while the visitor reads the message.
        if (config.privacyMode) void this.proofFor(siteKey).catch(() => undefined);
        return;
      }
      const started: unknown = await response.json();
      if (!isStartedConversation(started)) {
        this.showAlert("failed");
        return;
      }
      this.session = {
        siteKey,
        privacyMode: config.privacyMode,
        conversationId: started.conversationId,
        visitorToken: started.visitorToken,
      };
    } catch {
      this.showAlert("unreachable");
      return;
    } finally {
      this.starting = false;
      // The config may have been reloaded meanwhile (a changed disclaimer, another language).
      ui.startButton.disabled = (this.config ?? config).consentRequired && !ui.consent.checked;
    }

    // A language change during the request may have pointed the endpoints elsewhere; the
    // conversation lives on the widget it was started on.
    this.useWidget(siteKey);
    // The visitor has started the chat (and consented, where asked): only from here on may anything
    // be stored, and then only what lets the chat continue on the next page.
    this.stored = true;
    this.saveSession();
    this.showConversation();
    ui.textarea.focus();
    this.connect();
  }

  /**
   * Picks up the conversation this tab started on an earlier page, if any: the whole of it is
   * replayed, and the config of its own widget is fetched at once (the launcher's name, and operator
   * messages, may arrive before the visitor opens the panel).
   */
  private resume(): void {
    const stored = readStoredSession(this.storageKey);
    if (!stored) return;
    const { siteKey, privacyMode, conversationId, visitorToken, readSeq } = stored;
    this.session = { siteKey, privacyMode, conversationId, visitorToken };
    this.readSeq = readSeq;
    this.useWidget(siteKey);
    this.stored = true;
    this.pageViewDue = true;
    this.showConversation();
    this.connect();
    void this.loadConfig();
  }

  private showConversation(): void {
    const ui = this.ui;
    ui.prechat.hidden = true;
    ui.log.hidden = false;
    ui.composer.hidden = false;
    ui.endButton.hidden = false;
    ui.actions.hidden = false;
    this.renderPresence();
  }

  private saveSession(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (!this.stored || !this.session) return;
    const stored: StoredSession = { ...this.session, lastSeq: this.highestSeq, readSeq: this.readSeq };
    try {
      sessionStorage.setItem(this.storageKey, JSON.stringify(stored));
    } catch {
      // Storage disabled or full: the chat works as before, it just ends with the page.
    }
  }

  private scheduleSave(): void {
    if (!this.stored || this.saveTimer !== undefined) return;
    this.saveTimer = setTimeout(() => this.saveSession(), SAVE_INTERVAL_MS);
  }

  private forgetSession(): void {
    this.stored = false;
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    try {
      sessionStorage.removeItem(this.storageKey);
    } catch {
      // Storage unavailable: then nothing was stored either.
    }
  }

  /** fetch() with the visitor token, for the conversation's own endpoints. */
  private visitorFetch(session: Session, path: string, method = "GET", body?: string): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${session.visitorToken}` };
    if (body) headers["content-type"] = "application/json";
    return fetch(`${this.apiBase}/conversations/${encodeURIComponent(session.conversationId)}${path}`, {
      method,
      headers,
      body,
      credentials: "omit",
    });
  }

  private reportPageViewWhenDue(): void {
    if (!this.pageViewDue || !this.session || !this.ready || this.ended) return;
    this.pageViewDue = false;
    // Outside privacy mode (of the conversation's widget) only: there the server keeps page views;
    // in it, none is even sent.
    if (!this.session.privacyMode) void this.reportPageView();
  }

  private async reportPageView(): Promise<void> {
    const session = this.session;
    if (!session) return;
    try {
      const body = JSON.stringify({ url: location.origin + location.pathname });
      const response = await this.visitorFetch(session, "/page-views", "POST", body);
      if (session === this.session && GONE.has(response.status)) this.conversationGone(response.status);
    } catch {
      // A page view that did not arrive is not worth troubling the visitor with.
    }
  }

  /**
   * A browser shows a refused WebSocket upgrade as a plain close, with no status. Asking over HTTP
   * tells a conversation that is gone (erased, or a stale token from an earlier page) from a
   * network that is down, which must keep reconnecting.
   */
  private async checkConversation(): Promise<void> {
    const session = this.session;
    if (!session) return;
    try {
      const response = await this.visitorFetch(session, "/transcript", "HEAD");
      if (session === this.session && GONE.has(response.status)) this.conversationGone(response.status);
    } catch {
      // Offline: the reconnect loop carries on.
    }
  }

  private async downloadTranscript(): Promise<void> {
    const session = this.session;
    if (!session || this.busy) return;
    this.busy = true;
    this.showAlert("");
    try {
      const response = await this.visitorFetch(session, "/transcript");
      if (session !== this.session) return;
      if (GONE.has(response.status)) return this.conversationGone(response.status);
      if (!response.ok) return await this.showErrorOf(response);
      const url = URL.createObjectURL(await response.blob());
      const link = el("a", { href: url, download: "chat.txt" });
      this.shadowRoot?.append(link);
      link.click();
      link.remove();
      // A moment later: Safari starts the download asynchronously and would find the URL gone.
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch {
      this.showAlert("unreachable");
    } finally {
      this.busy = false;
    }
  }

  /** The visitor's right to erasure: everything of the conversation goes, on the server and here. */
  private async deleteConversation(): Promise<void> {
    const session = this.session;
    if (!session || this.busy || !confirm(this.t("deleteConfirm"))) return;
    this.busy = true;
    this.showAlert("");
    try {
      const response = await this.visitorFetch(session, "", "DELETE");
      if (session !== this.session) return;
      // 404: already erased (by retention or an operator), which is what the visitor asked for.
      if (response.status === 204 || response.status === 404) this.resetConversation("deleted");
      else if (GONE.has(response.status)) this.conversationGone(response.status);
      else await this.showErrorOf(response);
    } catch {
      this.showAlert("unreachable");
    } finally {
      this.busy = false;
    }
  }

  /** 404: the token is good but the conversation is not there any more, so it was erased. */
  private conversationGone(status: number): void {
    this.resetConversation(status === 404 ? "deleted" : "ended");
  }

  /** Drops the conversation (socket, messages, stored session) and shows a fresh pre-chat form. */
  private resetConversation(status: TextKey): void {
    const ui = this.ui;
    const socket = this.socket;
    // Let go of first, so its close event finds it is no longer this.socket and stays quiet.
    this.socket = null;
    socket?.close();
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.typingIdleTimer);
    clearTimeout(this.previewTimer);
    this.previewTimer = undefined;
    this.forgetSession();
    this.session = null;
    this.ready = this.ended = this.endRequested = this.livePreview = this.typingActive = this.pageViewDue = false;
    this.reconnectAttempt = this.highestSeq = this.readSeq = this.unread = 0;
    this.labelLauncher();
    this.shownSeqs.clear();
    this.pending.clear();
    this.resends.stop();
    this.operatorNames = null;
    ui.list.replaceChildren();
    for (const node of [ui.log, ui.typing, ui.composer, ui.previewNotice, ui.endButton, ui.actions]) node.hidden = true;
    ui.textarea.value = "";
    ui.textarea.disabled = ui.sendButton.disabled = ui.endButton.disabled = false;
    ui.prechat.reset();
    this.renderPresence();
    this.showAlert("");
    this.setStatus(status);
    // A config of the conversation's own widget was not routed for this page: ask the router afresh.
    if (this.config && this.routed) this.showPrechat(this.config);
    else {
      this.configRequest = null;
      void this.loadConfig();
    }
    // The button that led here is hidden now; keep keyboard users inside the panel.
    if (!ui.panel.hidden) (ui.prechat.hidden ? ui.closeButton : this.firstPrechatControl()).focus();
  }

  private connect(): void {
    const session = this.session;
    if (!session || this.ended) return;
    const url =
      `${this.socketBase}/conversations/${encodeURIComponent(session.conversationId)}` +
      `/socket?after=${this.highestSeq}`;
    let socket: WebSocket;
    try {
      // The token travels as a subprotocol: browsers cannot set headers on a WebSocket, and a
      // query string would end up in access logs.
      socket = new WebSocket(url, ["confide.v1", `confide.token.${session.visitorToken}`]);
    } catch {
      this.showAlert("unreachable");
      return;
    }
    this.socket = socket;
    socket.addEventListener("message", (event) => {
      if (socket === this.socket) this.handleFrame(event.data);
    });
    socket.addEventListener("close", (event) => {
      // Sockets we dropped on purpose are no longer this.socket and end quietly.
      if (socket !== this.socket) return;
      // Erased (its frame came first, unless it was lost): nothing to resume, nothing to retry.
      if (event.code === CLOSE_CONVERSATION_ERASED) return this.resetConversation("deleted");
      const greeted = this.ready;
      this.socket = null;
      this.ready = false;
      this.typingActive = false;
      this.ui.typing.hidden = true;
      if (this.ended) return;
      // Another terminal close (opened in too many tabs): its error frame said why; retrying cannot help.
      if (isTerminalCloseCode(event.code)) return this.setStatus("");
      this.scheduleReconnect();
      if (!greeted) void this.checkConversation();
    });
  }

  private scheduleReconnect(): void {
    this.setStatus("reconnecting");
    const backoff = RECONNECT_BASE_MS * 2 ** Math.min(this.reconnectAttempt, 10);
    // Jitter spreads visitors out, so a restarted server is not hit by all of them at once.
    const delay = Math.min(RECONNECT_MAX_MS, backoff * (0.75 + Math.random() * 0.5));
    this.reconnectAttempt += 1;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private handleFrame(data: unknown): void {
    const frame = parseServerFrame(data);
    if (!frame) return;
    switch (frame.type) {
      case "hello":
        return this.onHello(frame);
      case "message.created":
        return this.showMessage(frame);
      case "typing":
        if (frame.role === "operator") this.showOperatorTyping(frame.active);
        return;
      case "presence":
        return this.showPresence(frame);
      case "conversation.closed":
        return this.endConversation();
      case "conversation.erased":
        // By the visitor in another tab, an operator or retention: the tab forgets it at once.
        return this.resetConversation("deleted");
      case "error":
        // Sent too fast: the room kept nothing; everything pending goes again, in order, after the wait.
        if (frame.code === "rate_limited") return this.resends.refused(frame.retryAfterMs);
        return this.showServerAlert(frame.message);
      case "typing.preview":
        return;
    }
  }

  /** Every unacknowledged message, oldest first, with its clientId: the room dedupes what it has. */
  private sendPending(): void {
    if (!this.ready) return;
    for (const [clientId, message] of this.pending) this.sendFrame({ type: "message.send", clientId, body: message.body });
  }

  private onHello(frame: HelloFrame): void {
    this.ready = true;
    this.reconnectAttempt = 0;
    this.livePreview = frame.livePreview;
    this.setStatus("");
    if (frame.status === "closed") return this.endConversation();
    this.ui.previewNotice.hidden = !frame.livePreview;
    this.reportPageViewWhenDue();
    this.resends.hello(frame.lastSeq, this.highestSeq);
    if (this.endRequested) this.sendFrame({ type: "conversation.close" });
  }

  private showMessage(frame: MessageCreatedFrame): void {
    const ui = this.ui;
    const acknowledged = this.pending.get(frame.clientId);
    if (acknowledged) {
      acknowledged.item.remove();
      this.pending.delete(frame.clientId);
    }
    if (frame.seq > this.highestSeq) {
      this.highestSeq = frame.seq;
      this.scheduleSave();
    }
    this.resends.seen(this.highestSeq);
    if (this.shownSeqs.has(frame.seq)) return;
    this.shownSeqs.add(frame.seq);
    if (frame.author.kind === "operator") ui.typing.hidden = true;
    if (!ui.panel.hidden) this.markRead();
    else if (frame.author.kind === "operator" && frame.seq > this.readSeq) {
      this.unread += 1;
      this.labelLauncher();
    }

    const stickToBottom = acknowledged !== undefined || this.isNearBottom();
    const item = renderMessage(frame.author, frame.body);
    item.dataset.seq = String(frame.seq);
    // Walk back past pending messages (always last) and any later seqs; replays and live frames
    // normally arrive in order, so this stops at once.
    let next: Element | null = null;
    for (let child = ui.list.lastElementChild; child; child = child.previousElementSibling) {
      const seq = child instanceof HTMLElement ? child.dataset.seq : undefined;
      if (seq !== undefined && Number(seq) < frame.seq) break;
      next = child;
    }
    ui.list.insertBefore(item, next);
    this.relabelItem(item);
    if (stickToBottom) this.scrollToEnd();
  }

  /** Fills in the keyed words (the hidden "You" or "Operator") of a message just rendered. */
  private relabelItem(item: HTMLElement): void {
    for (const node of item.querySelectorAll<HTMLElement>("[data-t]")) node.textContent = this.t(node.dataset.t);
  }

  private showOperatorTyping(active: boolean): void {
    const stickToBottom = this.isNearBottom();
    this.ui.typing.hidden = !active || this.ended;
    if (stickToBottom) this.scrollToEnd();
  }

  private showPresence(frame: PresenceFrame): void {
    if (this.ended) return;
    this.operatorNames = frame.operators.map((operator) => operator.name).filter(Boolean);
    this.renderPresence();
  }

  private renderPresence(): void {
    const names = this.operatorNames;
    this.ui.presence.textContent =
      !this.session || this.ended ? "" : names?.length ? this.t("withYou") + names.join(", ") : this.t("waiting");
  }

  private sendMessage(): void {
    const ui = this.ui;
    const body = ui.textarea.value.trim();
    if (!body || !this.session || this.ended) return;
    const clientId = newClientId();
    const item = renderMessage({ kind: "visitor", name: "" }, body);
    item.dataset.pending = clientId;
    ui.list.append(item);
    this.relabelItem(item);
    this.pending.set(clientId, { body, item });
    // Not ready yet, replaying, or waiting out a send limit: the next resend takes it along, in order.
    if (this.ready && this.resends.open) this.sendFrame({ type: "message.send", clientId, body });

    ui.textarea.value = "";
    this.showAlert("");
    this.stopTyping();
    // Clears the operator's live preview, through the same throttle as every other preview.
    this.schedulePreview();
    this.scrollToEnd();
  }

  private onDraftInput(): void {
    if (!this.ready || this.ended) return;
    if (this.ui.textarea.value === "") {
      this.stopTyping();
    } else {
      if (!this.typingActive) {
        this.typingActive = true;
        this.sendFrame({ type: "typing", active: true });
      }
      clearTimeout(this.typingIdleTimer);
      this.typingIdleTimer = setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
    }
    this.schedulePreview();
  }

  private stopTyping(): void {
    clearTimeout(this.typingIdleTimer);
    if (!this.typingActive) return;
    this.typingActive = false;
    this.sendFrame({ type: "typing", active: false });
  }

  /**
   * Throttle, not debounce: the operator sees the draft evolve at most once per interval, and
   * because the text is read when the timer fires, the last frame always carries the latest draft.
   * With live preview off nothing is sent at all, so unsent drafts never leave the browser.
   */
  private schedulePreview(): void {
    if (!this.livePreview || this.previewTimer !== undefined) return;
    const wait = Math.max(0, this.lastPreviewAt + PREVIEW_INTERVAL_MS - Date.now());
    this.previewTimer = setTimeout(() => {
      this.previewTimer = undefined;
      this.lastPreviewAt = Date.now();
      this.sendFrame({ type: "typing.preview", text: this.ui.textarea.value });
    }, wait);
  }

  private requestEnd(): void {
    if (this.ended || !this.session) return;
    // Remembered so that a reconnect repeats the request if the socket dropped before the answer.
    this.endRequested = true;
    // A disabled button drops focus to the page; keep keyboard users inside the panel.
    if (this.shadowRoot?.activeElement === this.ui.endButton) this.ui.closeButton.focus();
    this.ui.endButton.disabled = true;
    if (this.ready) this.sendFrame({ type: "conversation.close" });
  }

  private endConversation(): void {
    if (this.ended) return;
    this.ended = true;
    // Nothing left to resume on another page; the transcript and erasure stay available here.
    this.forgetSession();
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.typingIdleTimer);
    clearTimeout(this.previewTimer);
    // The socket is left for the server to close: a reconnect's replay may still be arriving.
    const ui = this.ui;
    const hadFocus = this.shadowRoot?.activeElement;
    ui.typing.hidden = true;
    ui.endButton.hidden = true;
    ui.previewNotice.hidden = true;
    this.renderPresence();
    ui.textarea.disabled = true;
    ui.sendButton.disabled = true;
    this.setStatus("ended");
    // Disabled controls drop focus to the page; keep keyboard users inside the panel.
    if (hadFocus === ui.textarea || hadFocus === ui.sendButton || hadFocus === ui.endButton) {
      ui.closeButton.focus();
    }
  }

  private sendFrame(frame: ClientFrame): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  /** Writes a text of ours into a live region, keyed so that a change of language rewrites it. */
  private say(node: HTMLElement, key: TextKey | ""): void {
    if (key) node.dataset.t = key;
    else delete node.dataset.t;
    node.textContent = this.t(key || undefined);
  }

  private setStatus(key: TextKey | ""): void {
    this.say(this.ui.status, key);
  }

  private showAlert(key: TextKey | ""): void {
    this.say(this.ui.alert, key);
  }

  /** A message the server wrote for the visitor; it has no key, so a change of language keeps it. */
  private showServerAlert(message: string): void {
    delete this.ui.alert.dataset.t;
    this.ui.alert.textContent = message;
  }

  private async showErrorOf(response: Response): Promise<void> {
    const message = await apiErrorMessage(response);
    if (message) this.showServerAlert(message);
    else this.showAlert("failed");
  }

  private isNearBottom(): boolean {
    const scroller = this.ui.scroller;
    return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < NEAR_BOTTOM_PX;
  }

  private scrollToEnd(): void {
    this.ui.scroller.scrollTop = this.ui.scroller.scrollHeight;
  }
}

/** A non-2xx answer whose message the server meant for the visitor. */
class ApiFailure extends Error {}

/**
 * A message as a list item. Who wrote it is said to screen readers ("You", "Operator") when no
 * name is shown; `dir="auto"` lets a message in another script than the panel's read the right way.
 */
function renderMessage(author: Author, body: string): HTMLLIElement {
  const item = el("li", { class: author.kind });
  if (author.kind === "operator" && author.name) item.append(el("span", { class: "author" }, author.name));
  else if (author.kind !== "system") item.append(el("span", { class: "sr", "data-t": author.kind === "visitor" ? "you" : "operator" }));
  item.append(el("span", { class: "body", dir: "auto" }, body));
  return item;
}

function announceOpenState(open: boolean): void {
  dispatchEvent(new CustomEvent("confide:openchange", { detail: { open } }));
}

function widgetEndpoint(origin: string, siteKey: string): string {
  return `${origin}/w/${encodeURIComponent(siteKey)}`;
}

/** A BCP 47-looking language tag ("de", "pt-BR"), or null for anything else a host page passes. */
function languageTag(code: unknown): string | null {
  return typeof code === "string" && code.length <= 35 && /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i.test(code) ? code : null;
}

function readStoredSession(key: string): StoredSession | null {
  try {
    const raw = sessionStorage.getItem(key);
    const stored: unknown = raw === null ? null : JSON.parse(raw);
    if (!isStoredSession(stored)) return null;
    // Saved by an earlier version of this bundle (in this tab, before a deploy): privacy mode
    // unknown, so taken as on (no page views); everything received counted as read.
    return { ...stored, privacyMode: stored.privacyMode ?? true, readSeq: stored.readSeq ?? stored.lastSeq };
  } catch {
    // Storage blocked (a sandboxed frame, strict browser settings) or not ours to parse.
    return null;
  }
}

function newClientId(): string {
  // randomUUID exists only in secure contexts, and host pages served over plain http exist.
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The URL if it is absolute http(s); anything else (javascript:, data:, garbage) is dropped. */
function httpUrlOrNull(raw: string | null): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

/** A #rgb or #rrggbb colour as given, or null for anything else (which could break out of the CSS value). */
function hexColor(raw: string): string | null {
  return /^#(?:[0-9a-f]{3}){1,2}$/i.test(raw) ? raw : null;
}

/**
 * What goes with an accent colour so that everything stays legible (WCAG contrast): `on`, white or
 * near-black, whichever reads better on it (text and icons on the accent); `ink`, the accent itself
 * where it reads on the white panel (links, focus rings), else near-black.
 */
function accentInks(hex: string): { on: string; ink: string } {
  const digits = hex.length === 4 ? hex.replace(/[0-9a-f]/gi, "$&$&").slice(1) : hex.slice(1);
  const [r = 0, g = 0, b = 0] = [0, 2, 4].map((i) => {
    const c = parseInt(digits.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Against white (1.05 / (L + .05)) and against #1a1a1a (luminance about .0103).
  const onWhite = 1.05 / (luminance + 0.05);
  return { on: onWhite >= (luminance + 0.05) / 0.0603 ? "#fff" : "#1a1a1a", ink: onWhite >= 4.5 ? hex : "#1a1a1a" };
}

/** The error an answer carries (its message meant for the visitor), or null when it has none. */
async function apiErrorOf(response: Response): Promise<ApiError["error"] | null> {
  try {
    const body: unknown = await response.json();
    if (isApiError(body)) return body.error;
  } catch {
    // Not JSON (a proxy's error page, say): the caller's own text says enough.
  }
  return null;
}

/** The message an error answer carries for the visitor, or null when it has none. */
async function apiErrorMessage(response: Response): Promise<string | null> {
  return (await apiErrorOf(response))?.message ?? null;
}

// What arrives over the network (or out of storage) is checked before use rather than cast: the
// fields read below are exactly the ones checked here.

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** Only the message is required; `code` is compared with a literal where it matters, never trusted as a string. */
function isApiError(value: unknown): value is ApiError {
  return isRecord(value) && isRecord(value.error) && typeof value.error.message === "string";
}

function isWidgetConfig(value: unknown): value is WidgetConfig {
  return (
    isRecord(value) &&
    typeof value.siteKey === "string" &&
    typeof value.privacyMode === "boolean" &&
    typeof value.name === "string" &&
    (value.greeting === null || typeof value.greeting === "string") &&
    typeof value.consentRequired === "boolean" &&
    isRecord(value.disclaimer) &&
    typeof value.disclaimer.text === "string" &&
    typeof value.disclaimer.language === "string" &&
    typeof value.disclaimer.hash === "string" &&
    typeof value.language === "string" &&
    (value.dir === "ltr" || value.dir === "rtl") &&
    // Each text is read with a typeof check (see `t`), so a missing or odd one falls back to English.
    isRecord(value.texts) &&
    (value.privacyPolicy === null ||
      (isRecord(value.privacyPolicy) &&
        typeof value.privacyPolicy.url === "string" &&
        typeof value.privacyPolicy.label === "string")) &&
    isRecord(value.preChat) &&
    isPreChatField(value.preChat.name) &&
    isPreChatField(value.preChat.email) &&
    // The colour is checked where it is used (`hexColor`): a bad one keeps the default.
    isRecord(value.appearance) &&
    typeof value.appearance.accentColor === "string" &&
    (value.appearance.position === "right" || value.appearance.position === "left")
  );
}

function isPreChatField(value: unknown): value is PreChatField {
  return value === "hidden" || value === "optional" || value === "required";
}

function isChallenge(value: unknown): value is ProofOfWorkChallenge {
  return isRecord(value) && typeof value.challenge === "string" && typeof value.difficulty === "number" && value.difficulty >= 0 && value.difficulty <= 32;
}

function isStartedConversation(value: unknown): value is StartedConversation {
  return isRecord(value) && typeof value.conversationId === "string" && typeof value.visitorToken === "string";
}

/** A stored session; privacyMode and readSeq may be missing from one an earlier version saved. */
function isStoredSession(value: unknown): value is Partial<StoredSession> & Omit<StoredSession, "privacyMode" | "readSeq"> {
  return (
    isRecord(value) &&
    typeof value.siteKey === "string" &&
    (value.privacyMode === undefined || typeof value.privacyMode === "boolean") &&
    isStartedConversation(value) &&
    Number.isSafeInteger(value.lastSeq) &&
    (value.readSeq === undefined || Number.isSafeInteger(value.readSeq))
  );
}

function parseServerFrame(data: unknown): ServerFrame | null {
  if (typeof data !== "string") return null;
  let frame: unknown;
  try {
    frame = JSON.parse(data);
  } catch {
    return null;
  }
  return isServerFrame(frame) ? frame : null;
}

function isServerFrame(frame: unknown): frame is ServerFrame {
  if (!isRecord(frame)) return false;
  switch (frame.type) {
    case "hello":
      // status is optional here: hello did not always carry it, and a missing one means "open".
      return (
        typeof frame.livePreview === "boolean" &&
        (frame.status === undefined || frame.status === "open" || frame.status === "closed")
      );
    case "message.created":
      return (
        Number.isSafeInteger(frame.seq) &&
        typeof frame.clientId === "string" &&
        typeof frame.body === "string" &&
        isRecord(frame.author) &&
        typeof frame.author.name === "string" &&
        (frame.author.kind === "visitor" || frame.author.kind === "operator" || frame.author.kind === "system")
      );
    case "typing":
      return typeof frame.role === "string" && typeof frame.active === "boolean";
    case "presence":
      return (
        Array.isArray(frame.operators) &&
        frame.operators.every((operator: unknown) => isRecord(operator) && typeof operator.name === "string")
      );
    case "error":
      return typeof frame.message === "string";
    case "conversation.closed":
    case "conversation.erased":
    case "typing.preview":
      return true;
    default:
      return false;
  }
}

if (!customElements.get("confide-chat")) customElements.define("confide-chat", ConfideChat);

let chat: ConfideChat | undefined;

/** Attaches `<confide-chat>` to the page (once) and opens it, unless `options.open` is false. Called by loader.ts. */
export function mount(options: MountOptions): void {
  if (!chat) {
    chat = new ConfideChat(options);
    pinHostStyle(chat, { display: "block" });
    document.body.append(chat);
    window.Confide = { open, close, setLanguage };
  }
  if (options.open !== false) chat.open();
}

/** Opens the panel, if mounted. */
export function open(): void {
  chat?.open();
}

/** Closes the panel, if mounted; the conversation continues. */
export function close(): void {
  chat?.close();
}

/** Opens a closed panel and closes an open one: the launcher button's click. */
export function toggle(): void {
  chat?.toggle();
}

/** Shows the widget in `code` (e.g. "de"), if mounted; the loader queues earlier calls. */
export function setLanguage(code: string): void {
  chat?.setLanguage(code);
}
