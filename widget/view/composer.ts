// Where the visitor writes: the textarea and Send, the attach button and an upload's progress, the
// notice that the team sees drafts (live preview), and the typing and preview frames the draft causes.
import { type ClientFrame, MAX_BODY_CHARS } from "../../src/shared/frames";
import { el } from "./dom";

const SVG = "http://www.w3.org/2000/svg";

/** A paperclip, drawn in the button's text colour; the button's aria-label names it. */
function paperclip(): SVGSVGElement {
  const svg = document.createElementNS(SVG, "svg");
  const path = document.createElementNS(SVG, "path");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  path.setAttribute("d", "M21 11l-8.5 8.5a5 5 0 0 1-7-7L14 4a3.5 3.5 0 0 1 5 5l-8.5 8.5a2 2 0 0 1-3-3L15 7");
  svg.append(path);
  return svg;
}

const PREVIEW_INTERVAL_MS = 150;
const TYPING_IDLE_MS = 3000;

/** The composer and its draft's frames. */
export class Composer {
  readonly textarea = el("textarea", { "data-label": "message", rows: "2", maxlength: String(MAX_BODY_CHARS) });
  readonly sendButton = el("button", { type: "submit", class: "primary", "data-t": "send" });
  /** Shown only when the widget takes files (its config says which, and how large). */
  readonly attachButton = el("button", {
    type: "button",
    class: "attach",
    "data-label": "attachFile",
    "data-title": "attachFile",
    hidden: "",
  });
  readonly fileInput = el("input", { type: "file", hidden: "" });
  readonly form = el("form", { class: "composer", hidden: "" }, this.attachButton, this.fileInput, this.textarea, this.sendButton);
  /** The file on its way up: its name, how far it got, and Cancel. */
  readonly uploadName = el("span", { dir: "auto" });
  readonly progress = el("progress", { max: "1", value: "0", "data-label": "uploading" });
  readonly cancelUpload = el("button", { type: "button", "data-t": "cancel" });
  readonly upload = el("div", { class: "upload", hidden: "" }, this.uploadName, this.progress, this.cancelUpload);
  readonly previewNotice = el("p", { class: "notice", "data-t": "previewNotice", hidden: "" });
  /** The room shows the operator the draft as it is typed (its hello says so). */
  livePreview = false;
  private typingActive = false;
  private typingIdleTimer: ReturnType<typeof setTimeout> | undefined;
  private previewTimer: ReturnType<typeof setTimeout> | undefined;
  private lastPreviewAt = 0;

  /** `send` sends a frame if the socket is open. */
  constructor(private readonly send: (frame: ClientFrame) => void) {
    this.attachButton.append(paperclip());
  }

  /** Offers files (of `accept`) or not, as the widget's config says. */
  takeFiles(attachments: { accept: string } | null): void {
    this.attachButton.hidden = !attachments;
    this.fileInput.accept = attachments?.accept ?? "";
  }

  /** Shows an upload of `name` at `fraction` (0–1), or hides the row (null). */
  showUpload(name: string | null, fraction = 0): void {
    this.upload.hidden = name === null;
    this.uploadName.textContent = name;
    this.progress.value = fraction;
    this.attachButton.disabled = name !== null;
  }

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
    this.textarea.disabled = this.sendButton.disabled = this.attachButton.disabled = true;
  }

  /** Back to an empty, hidden composer for the next conversation. */
  reset(): void {
    clearTimeout(this.typingIdleTimer);
    clearTimeout(this.previewTimer);
    this.previewTimer = undefined;
    this.typingActive = this.livePreview = false;
    this.form.hidden = this.previewNotice.hidden = true;
    this.textarea.value = "";
    this.textarea.disabled = this.sendButton.disabled = this.attachButton.disabled = false;
    this.upload.hidden = true;
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
