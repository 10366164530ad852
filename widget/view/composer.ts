// Where the visitor writes: the textarea and Send, the notice that the team sees drafts (live
// preview), and the typing and preview frames the draft causes.
import { type ClientFrame, MAX_BODY_CHARS } from "../../src/shared/frames";
import { el } from "./dom";

const PREVIEW_INTERVAL_MS = 150;
const TYPING_IDLE_MS = 3000;

/** The composer and its draft's frames. */
export class Composer {
  readonly textarea = el("textarea", { "data-label": "message", rows: "2", maxlength: String(MAX_BODY_CHARS) });
  readonly sendButton = el("button", { type: "submit", class: "primary", "data-t": "send" });
  readonly form = el("form", { class: "composer", hidden: "" }, this.textarea, this.sendButton);
  readonly previewNotice = el("p", { class: "notice", "data-t": "previewNotice", hidden: "" });
  /** The room shows the operator the draft as it is typed (its hello says so). */
  livePreview = false;
  private typingActive = false;
  private typingIdleTimer: ReturnType<typeof setTimeout> | undefined;
  private previewTimer: ReturnType<typeof setTimeout> | undefined;
  private lastPreviewAt = 0;

  /** `send` sends a frame if the socket is open. */
  constructor(private readonly send: (frame: ClientFrame) => void) {}

  /** The draft changed while the room listens: typing on or off, and a preview. */
  draftChanged(): void {
    if (this.textarea.value === "") {
      this.stopTyping();
    } else {
      if (!this.typingActive) {
        this.typingActive = true;
        this.send({ type: "typing", active: true });
      }
      clearTimeout(this.typingIdleTimer);
      this.typingIdleTimer = setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
    }
    this.schedulePreview();
  }

  /** The draft went out as a message: empty it, and clear the operator's typing and preview. */
  sent(): void {
    this.textarea.value = "";
    this.stopTyping();
    // Clears the operator's live preview, through the same throttle as every other preview.
    this.schedulePreview();
  }

  /** The socket closed: the room forgot that the visitor was typing. */
  dropped(): void {
    this.typingActive = false;
  }

  /** The conversation ended: nothing more is sent, and nothing more can be written. */
  end(): void {
    clearTimeout(this.typingIdleTimer);
    clearTimeout(this.previewTimer);
    this.previewNotice.hidden = true;
    this.textarea.disabled = true;
    this.sendButton.disabled = true;
  }

  /** Back to an empty, hidden composer for the next conversation. */
  reset(): void {
    clearTimeout(this.typingIdleTimer);
    clearTimeout(this.previewTimer);
    this.previewTimer = undefined;
    this.typingActive = this.livePreview = false;
    this.form.hidden = this.previewNotice.hidden = true;
    this.textarea.value = "";
    this.textarea.disabled = this.sendButton.disabled = false;
  }

  private stopTyping(): void {
    clearTimeout(this.typingIdleTimer);
    if (!this.typingActive) return;
    this.typingActive = false;
    this.send({ type: "typing", active: false });
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
      this.send({ type: "typing.preview", text: this.textarea.value });
    }, wait);
  }
}
