// The chat panel, loaded by loader.ts on the visitor's first click. Types come from src/shared with
// `import type` only, so zod never reaches this bundle.
//
// Privacy: the conversation id, visitor token and messages live in memory only. Nothing is written
// to cookies or web storage, so a reload ends the visitor's view of the chat.
import type { ApiError, StartConversation, StartedConversation, WidgetConfig } from "../src/shared/api";
import type {
  Author,
  ClientFrame,
  HelloFrame,
  MAX_BODY_CHARS as ProtocolMaxBodyChars,
  MessageCreatedFrame,
  PresenceFrame,
  ServerFrame,
} from "../src/shared/protocol";
import { adoptStyles } from "./shadow-styles";

/** What loader.ts passes to `mount`. */
export interface MountOptions {
  /** Origin of the Confide host that served loader.js, e.g. "https://chat.example.com". */
  origin: string;
  siteKey: string;
}

/** `window.Confide`, for host pages that open the chat from their own links. */
export interface ConfideApi {
  open(): void;
  close(): void;
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

const TEXT = {
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
} as const;

const CSS = `
:host{all:initial}
*,*::before,*::after{box-sizing:border-box}
[hidden]{display:none!important}
.panel{--accent:var(--confide-accent,#1f4fd1);position:fixed;right:max(20px,env(safe-area-inset-right));bottom:88px;z-index:2147483647;display:flex;flex-direction:column;width:min(370px,calc(100vw - 24px));height:min(580px,calc(100vh - 108px));overflow:hidden;background:#fff;color:#1a1a1a;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;border-radius:12px;box-shadow:0 8px 32px rgba(0,0,0,.28);animation:rise .18s ease-out}
@keyframes rise{from{opacity:0;transform:translateY(8px)}}
@media (max-width:480px){.panel{inset:0;width:auto;height:auto;border-radius:0}}
@media (prefers-reduced-motion:reduce){.panel{animation:none}}
@media print{:host{display:none}}
header{display:flex;align-items:center;gap:8px;padding:10px 10px 10px 16px;background:var(--accent);color:#fff}
.titles{flex:1;min-width:0}
h2{margin:0;font-size:16px;font-weight:600;overflow-wrap:anywhere}
.presence{margin:0;font-size:12px}
button{font:inherit;cursor:pointer;border-radius:6px}
button:disabled{opacity:.55;cursor:not-allowed}
header button{padding:4px 10px;color:inherit;background:none;border:1px solid rgba(255,255,255,.7)}
header .close{border:0;font-size:22px;line-height:1;padding:2px 8px}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
header :focus-visible{outline-color:#fff}
.scroller{flex:1;min-height:0;overflow-y:auto;display:flex;flex-direction:column;gap:12px;padding:16px}
p{margin:0}
.greeting{padding:10px 12px;background:#eef0f4;border-radius:10px;white-space:pre-wrap;overflow-wrap:anywhere}
form{display:flex;gap:12px}
.prechat{flex-direction:column}
label{display:flex;flex-direction:column;gap:4px;font-weight:500}
input:not([type=checkbox]),textarea{font:inherit;color:inherit;background:#fff;border:1px solid #767b85;border-radius:6px;padding:8px 10px;width:100%}
.disclaimer{font-size:13px;color:#333;white-space:pre-wrap;overflow-wrap:anywhere}
.consent{display:flex;align-items:center;gap:8px}
.consent input{width:18px;height:18px;margin:0;flex:none;accent-color:var(--accent)}
.primary{padding:10px 14px;font-weight:600;color:#fff;background:var(--accent);border:0}
ol{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:8px}
li{max-width:85%;padding:8px 12px;border-radius:12px;white-space:pre-wrap;overflow-wrap:anywhere}
.visitor{align-self:flex-end;color:#fff;background:var(--accent)}
.operator{align-self:flex-start;background:#eef0f4}
.system{align-self:center;color:#555;font-style:italic;text-align:center}
li[data-pending]{opacity:.6}
.author{display:block;font-size:12px;font-weight:600;color:#444}
.typing,.status,.notice{font-size:13px;color:#555}
.status,.alert{padding:0 16px}
.status:not(:empty),.alert:not(:empty){padding-bottom:8px}
.alert{color:#a40e26;overflow-wrap:anywhere}
.composer{align-items:flex-end;padding:12px;border-top:1px solid #e2e4e8}
textarea{flex:1;min-height:44px;max-height:120px;resize:vertical}
textarea:disabled{background:#f1f2f4}
.notice{padding:0 12px 8px}
footer{padding:8px 16px;font-size:12px;border-top:1px solid #e2e4e8}
footer a{color:var(--accent)}`;

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

/** The panel's static structure. Server and visitor text is filled in later, as text only. */
function buildPanel() {
  const title = el("h2", {}, "Chat");
  const presence = el("p", { class: "presence" });
  const endButton = el("button", { type: "button", "aria-label": "End chat", hidden: "" }, "End chat");
  const closeButton = el("button", { type: "button", class: "close", "aria-label": "Close chat" }, "×");

  const greeting = el("p", { class: "greeting", hidden: "" });
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
    el("label", { for: "confide-consent", id: "confide-agree" }, "I agree"),
  );
  const startButton = el("button", { type: "submit", class: "primary" }, "Start chat");
  const prechat = el(
    "form",
    { class: "prechat", hidden: "" },
    el("label", {}, "Name (optional)", nameInput),
    el("label", {}, "Email (optional)", emailInput),
    disclaimer,
    consentRow,
    startButton,
  );

  const list = el("ol", { role: "log", "aria-live": "polite", class: "messages", hidden: "" });
  const typing = el("p", { class: "typing", hidden: "" }, TEXT.operatorTyping);
  const scroller = el("div", { class: "scroller" }, greeting, prechat, list, typing);

  const status = el("p", { role: "status", class: "status" });
  const alert = el("p", { role: "alert", class: "alert" });

  const textarea = el("textarea", { "aria-label": "Message", rows: "2", maxlength: String(MAX_BODY_CHARS) });
  const sendButton = el("button", { type: "submit", class: "primary" }, "Send");
  const composer = el("form", { class: "composer", hidden: "" }, textarea, sendButton);
  const previewNotice = el("p", { class: "notice", hidden: "" }, TEXT.previewNotice);

  const privacyLink = el("a", { target: "_blank", rel: "noopener noreferrer" }, "Privacy policy");
  const footer = el("footer", { hidden: "" }, privacyLink);

  const panel = el(
    "div",
    { class: "panel", part: "panel", role: "dialog", "aria-label": "Chat", lang: "en", hidden: "" },
    el("header", {}, el("div", { class: "titles" }, title, presence), endButton, closeButton),
    scroller,
    status,
    alert,
    composer,
    previewNotice,
    footer,
  );

  return {
    panel, title, presence, endButton, closeButton, greeting, prechat, nameInput, emailInput,
    disclaimer, consentRow, consent, startButton, list, typing, scroller, status, alert, composer,
    textarea, sendButton, previewNotice, privacyLink, footer,
  };
}

type Panel = ReturnType<typeof buildPanel>;

/** A visitor message shown before the room has acknowledged (and numbered) it. */
interface PendingMessage {
  body: string;
  item: HTMLLIElement;
}

/** The `<confide-chat>` element. Created only by `mount`, which passes the options. */
class ConfideChat extends HTMLElement {
  private readonly ui: Panel = buildPanel();
  private readonly origin: string;
  /** The widget's endpoints; after the config call, those of the widget the router picked. */
  private apiBase: string;
  private socketBase: string;

  private configRequest: Promise<void> | null = null;
  private config: WidgetConfig | null = null;
  private session: StartedConversation | null = null;

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
  private readonly shownSeqs = new Set<number>();
  /** Keyed by clientId, in the order written, which is the order they are re-sent in. */
  private readonly pending = new Map<string, PendingMessage>();

  private typingActive = false;
  private typingIdleTimer: ReturnType<typeof setTimeout> | undefined;
  private previewTimer: ReturnType<typeof setTimeout> | undefined;
  private lastPreviewAt = 0;

  private returnFocusTo: Element | null = null;

  constructor(options: MountOptions) {
    super();
    this.origin = options.origin;
    this.apiBase = `${options.origin}/w/${encodeURIComponent(options.siteKey)}`;
    this.socketBase = this.apiBase.replace(/^http/, "ws");
    const root = this.attachShadow({ mode: "open" });
    adoptStyles(root, CSS);
    root.append(this.ui.panel);
    this.wireEvents();
  }

  private wireEvents(): void {
    const ui = this.ui;
    ui.panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape") this.close();
    });
    ui.closeButton.addEventListener("click", () => this.close());
    ui.endButton.addEventListener("click", () => this.requestEnd());
    ui.consent.addEventListener("change", () => {
      ui.startButton.disabled = !ui.consent.checked;
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
  }

  /** Shows the panel and moves focus into it; loads the widget's configuration on first open. */
  open(): void {
    if (!this.ui.panel.hidden) return;
    const active = document.activeElement;
    this.returnFocusTo = active === this ? null : active;
    this.ui.panel.hidden = false;
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

  toggle(): void {
    if (this.ui.panel.hidden) this.open();
    else this.close();
  }

  private focusFirstControl(): void {
    const ui = this.ui;
    if (!ui.prechat.hidden) ui.nameInput.focus();
    else if (!ui.composer.hidden && !this.ended) ui.textarea.focus();
    else ui.closeButton.focus();
  }

  private loadConfig(): Promise<void> {
    this.configRequest ??= this.fetchConfig().catch((error: unknown) => {
      // Forget the failed request so the next open tries again.
      this.configRequest = null;
      this.setStatus("");
      this.showAlert(error instanceof ApiFailure ? error.message : TEXT.unavailable);
    });
    return this.configRequest;
  }

  private async fetchConfig(): Promise<void> {
    this.setStatus(TEXT.loading);
    // credentials "omit": the widget never sends or receives cookies.
    // The router may pick a widget by page; it gets the page without query or fragment, which can carry personal data.
    const page = encodeURIComponent(location.origin + location.pathname);
    const response = await fetch(`${this.apiBase}/config?url=${page}`, { credentials: "omit" });
    if (!response.ok) throw new ApiFailure(await apiErrorMessage(response, TEXT.unavailable));
    const config: unknown = await response.json();
    if (!isWidgetConfig(config)) throw new Error("unexpected config shape");
    this.config = config;
    this.apiBase = `${this.origin}/w/${encodeURIComponent(config.siteKey)}`;
    this.socketBase = this.apiBase.replace(/^http/, "ws");
    this.setStatus("");
    this.showAlert("");
    this.showConfig(config);
  }

  private showConfig(config: WidgetConfig): void {
    const ui = this.ui;
    ui.title.textContent = config.name;
    ui.greeting.textContent = config.greeting ?? "";
    ui.greeting.hidden = !config.greeting;
    // Shown even when no consent is asked for: visitors are told how their data is used either way.
    ui.disclaimer.textContent = config.disclaimer.text;
    ui.disclaimer.lang = config.disclaimer.language;
    ui.consentRow.hidden = !config.consentRequired;
    ui.startButton.disabled = config.consentRequired && !ui.consent.checked;
    const privacyUrl = httpUrlOrNull(config.privacyPolicyUrl);
    if (privacyUrl) {
      ui.privacyLink.href = privacyUrl;
      ui.footer.hidden = false;
    }
    ui.prechat.hidden = false;
    // Focus sat on the close button while loading; move it to the first field unless the visitor
    // has gone somewhere else meanwhile.
    if (!ui.panel.hidden && this.shadowRoot?.activeElement === ui.closeButton) ui.nameInput.focus();
  }

  private async startChat(): Promise<void> {
    const ui = this.ui;
    const config = this.config;
    if (!config || this.session) return;
    if (config.consentRequired && !ui.consent.checked) return;
    const request: StartConversation = {
      consent: config.consentRequired && ui.consent.checked,
      language: visitorLanguage(),
    };
    const name = ui.nameInput.value.trim();
    const email = ui.emailInput.value.trim();
    if (name) request.name = name;
    if (email) request.email = email;
    // Where the chat starts is sent only when the widget is not in privacy mode (which would discard it anyway).
    if (!config.privacyMode) {
      request.pageUrl = location.origin + location.pathname;
      if (/^https?:/.test(document.referrer)) request.referrer = document.referrer;
    }

    ui.startButton.disabled = true;
    this.showAlert("");
    try {
      const response = await fetch(`${this.apiBase}/conversations`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(request),
        credentials: "omit",
      });
      if (!response.ok) {
        this.showAlert(await apiErrorMessage(response, TEXT.failed));
        return;
      }
      const started: unknown = await response.json();
      if (!isStartedConversation(started)) {
        this.showAlert(TEXT.failed);
        return;
      }
      this.session = started;
    } catch {
      this.showAlert(TEXT.unreachable);
      return;
    } finally {
      ui.startButton.disabled = config.consentRequired && !ui.consent.checked;
    }

    ui.prechat.hidden = true;
    ui.list.hidden = false;
    ui.composer.hidden = false;
    ui.endButton.hidden = false;
    ui.presence.textContent = TEXT.waiting;
    ui.textarea.focus();
    this.connect();
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
      this.showAlert(TEXT.unreachable);
      return;
    }
    this.socket = socket;
    socket.addEventListener("message", (event) => {
      if (socket === this.socket) this.handleFrame(event.data);
    });
    socket.addEventListener("close", () => {
      // Sockets we dropped on purpose are no longer this.socket and end quietly.
      if (socket !== this.socket) return;
      this.socket = null;
      this.ready = false;
      this.typingActive = false;
      this.ui.typing.hidden = true;
      if (!this.ended) this.scheduleReconnect();
    });
  }

  private scheduleReconnect(): void {
    this.setStatus(TEXT.reconnecting);
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
      case "error":
        return this.showAlert(frame.message);
      case "typing.preview":
        return;
    }
  }

  private onHello(frame: HelloFrame): void {
    this.ready = true;
    this.reconnectAttempt = 0;
    this.livePreview = frame.livePreview;
    this.setStatus("");
    if (frame.status === "closed") return this.endConversation();
    this.ui.previewNotice.hidden = !frame.livePreview;
    // Re-send with the same clientIds: the room dedupes them, so a message that got through before
    // the drop is acknowledged again rather than doubled.
    for (const [clientId, message] of this.pending) {
      this.sendFrame({ type: "message.send", clientId, body: message.body });
    }
    if (this.endRequested) this.sendFrame({ type: "conversation.close" });
  }

  private showMessage(frame: MessageCreatedFrame): void {
    const ui = this.ui;
    const acknowledged = this.pending.get(frame.clientId);
    if (acknowledged) {
      acknowledged.item.remove();
      this.pending.delete(frame.clientId);
    }
    this.highestSeq = Math.max(this.highestSeq, frame.seq);
    if (this.shownSeqs.has(frame.seq)) return;
    this.shownSeqs.add(frame.seq);
    if (frame.author.kind === "operator") ui.typing.hidden = true;

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
    if (stickToBottom) this.scrollToEnd();
  }

  private showOperatorTyping(active: boolean): void {
    const stickToBottom = this.isNearBottom();
    this.ui.typing.hidden = !active || this.ended;
    if (stickToBottom) this.scrollToEnd();
  }

  private showPresence(frame: PresenceFrame): void {
    if (this.ended) return;
    const names = frame.operators.map((operator) => operator.name).filter(Boolean);
    this.ui.presence.textContent = names.length > 0 ? TEXT.withYou + names.join(", ") : TEXT.waiting;
  }

  private sendMessage(): void {
    const ui = this.ui;
    const body = ui.textarea.value.trim();
    if (!body || !this.session || this.ended) return;
    const clientId = newClientId();
    const item = renderMessage({ kind: "visitor", name: "" }, body);
    item.dataset.pending = clientId;
    ui.list.append(item);
    this.pending.set(clientId, { body, item });
    // Not ready yet: the next hello re-sends every pending message.
    if (this.ready) this.sendFrame({ type: "message.send", clientId, body });

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
    this.ui.endButton.disabled = true;
    if (this.ready) this.sendFrame({ type: "conversation.close" });
  }

  private endConversation(): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.typingIdleTimer);
    clearTimeout(this.previewTimer);
    // The socket is left for the server to close: a reconnect's replay may still be arriving.
    const ui = this.ui;
    const hadFocus = this.shadowRoot?.activeElement;
    ui.typing.hidden = true;
    ui.endButton.hidden = true;
    ui.previewNotice.hidden = true;
    ui.presence.textContent = "";
    ui.textarea.disabled = true;
    ui.sendButton.disabled = true;
    this.setStatus(TEXT.ended);
    // Disabled controls drop focus to the page; keep keyboard users inside the panel.
    if (hadFocus === ui.textarea || hadFocus === ui.sendButton || hadFocus === ui.endButton) {
      ui.closeButton.focus();
    }
  }

  private sendFrame(frame: ClientFrame): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  private setStatus(text: string): void {
    this.ui.status.textContent = text;
  }

  private showAlert(text: string): void {
    this.ui.alert.textContent = text;
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

function renderMessage(author: Author, body: string): HTMLLIElement {
  const item = el("li", { class: author.kind });
  if (author.kind === "operator" && author.name) item.append(el("span", { class: "author" }, author.name));
  item.append(el("span", { class: "body" }, body));
  return item;
}

function announceOpenState(open: boolean): void {
  dispatchEvent(new CustomEvent("confide:openchange", { detail: { open } }));
}

/** Primary subtag of the browser's first language ("de-AT" -> "de"), which picks the disclaimer. */
function visitorLanguage(): string {
  const tag = navigator.languages[0] ?? navigator.language;
  const primary = tag.split("-")[0]?.toLowerCase() ?? "";
  return /^[a-z]{2,3}$/.test(primary) ? primary : "en";
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

async function apiErrorMessage(response: Response, fallback: string): Promise<string> {
  try {
    const body: unknown = await response.json();
    if (isApiError(body)) return body.error.message;
  } catch {
    // Not JSON (a proxy's error page, say): the fallback says enough.
  }
  return fallback;
}

// What arrives over the network is checked before use rather than cast: the fields read below are
// exactly the ones checked here.

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

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
    (value.privacyPolicyUrl === null || typeof value.privacyPolicyUrl === "string")
  );
}

function isStartedConversation(value: unknown): value is StartedConversation {
  return isRecord(value) && typeof value.conversationId === "string" && typeof value.visitorToken === "string";
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
      // status is optional here: DESIGN.md's hello predates it, and a missing one means "open".
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
    case "typing.preview":
      return true;
    default:
      return false;
  }
}

if (!customElements.get("confide-chat")) customElements.define("confide-chat", ConfideChat);

let chat: ConfideChat | undefined;

/** Attaches `<confide-chat>` to the page (once) and opens it. Called by loader.ts. */
export function mount(options: MountOptions): void {
  if (!chat) {
    chat = new ConfideChat(options);
    document.body.append(chat);
    window.Confide = { open, close };
  }
  chat.open();
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
