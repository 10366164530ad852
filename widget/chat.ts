// The chat panel, loaded by loader.ts on the visitor's first click (or at once, panel closed, when
// this tab has a conversation to pick up: see stored-session.ts). From src/shared it imports only
// zod-free modules (frames, the conversation connection, proof of work) and types.
import { ConfideChat } from "./confide-chat";
import { pinHostStyle } from "./shadow-styles";

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
  /** The embed tag's data- attributes, live: data-user-id and data-user-hash are read when a chat starts. */
  data?: DOMStringMap;
}

/** `window.Confide`, for host pages that open the chat from their own links or pick its language. */
export interface ConfideApi {
  open(): void;
  close(): void;
  /** Shows the widget in `code` (e.g. "de"), whatever the browser's Accept-Language says. */
  setLanguage(code: string): void;
  /** The page's consent (a consent management platform's answer): false takes the widget off the page. */
  consent(given: boolean): void;
  /** Calls a page queued before loader.js ran, e.g. ["consent", true]; replayed in order. */
  q?: unknown[][];
}

declare global {
  interface Window {
    Confide?: ConfideApi;
  }
  interface WindowEventMap {
    "confide:openchange": CustomEvent<{ open: boolean }>;
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
    // consent stays the loader's: it alone knows whether the launcher may show.
    window.Confide = { consent: window.Confide?.consent ?? (() => undefined), open, close, setLanguage };
  }
  if (options.open !== false) chat.open();
}

/** Opens the panel, if mounted and on the page (not taken off by a withdrawn consent, see setShown). */
export function open(): void {
  if (chat?.isConnected) chat.open();
}

/** Closes the panel, if mounted; the conversation continues. */
export function close(): void {
  chat?.close();
}

/** Opens a closed panel and closes an open one: the launcher button's click. */
export function toggle(): void {
  if (chat?.isConnected) chat.toggle();
}

/** Shows the widget in `code` (e.g. "de"), if mounted; the loader queues earlier calls. */
export function setLanguage(code: string): void {
  chat?.setLanguage(code);
}

/** Takes the widget off the page (panel closed) or puts it back: the page's consent, withdrawn or given again. */
export function setShown(shown: boolean): void {
  if (!chat) return;
  if (shown) document.body.append(chat);
  else {
    chat.close();
    chat.remove();
  }
}
