// The conversation as a list in seq order, pending messages of this tab last, "Seen" under the
// visitor's last message an operator has read, and the operator's typing indicator below it, in a
// scroller that follows new messages while the visitor is at the end.
import { type AttachmentInfo, formatFileSize, INLINE_IMAGE_TYPES } from "../../src/shared/attachments";
import type { Author } from "../../src/shared/frames";
import { el, saveBlob } from "./dom";

/** A file of the conversation from Confide, with the visitor token (`inline`: an image to show); null when the conversation changed. */
export type FetchFile = (id: string, inline: boolean) => Promise<Response | null>;

const NEAR_BOTTOM_PX = 48;
/**
 * The typing indicator goes by itself after this long without word from the operator: their app
 * repeats "typing" every 3 s while they type, and a tab that closed never sends "stop".
 */
const TYPING_EXPIRES_MS = 8_000;

/** The message list and its scroller. */
export class MessageList {
  readonly list = el("ol", { class: "messages" });
  /** The log region holds the list (a role on the <ol> itself would take away its list semantics). */
  readonly log = el("div", { role: "log", "aria-live": "polite", hidden: "" }, this.list);
  /** Filled in when shown: "Anna is typing…" needs the name, which keyed relabelling cannot add. */
  readonly typing = el("p", { class: "typing", hidden: "" });
  readonly seen = el("span", { class: "seen", "data-t": "seen" });
  readonly scroller: HTMLDivElement;
  private readonly shownSeqs = new Set<number>();
  private typingExpiry: ReturnType<typeof setTimeout> | undefined;
  /** How far an operator has read (the room's `seen`). */
  private seenSeq = 0;

  /**
   * `label` fills in the keyed words of a message just rendered (the hidden "You" or "Operator");
   * `avatarSrc` gives the address of an operator's photo, or null to show none; `fetchFile` fetches
   * a message's file, `failed` says when that did not work.
   */
  constructor(
    greeting: HTMLElement,
    prechat: HTMLElement,
    private readonly label: (item: HTMLElement) => void,
    private readonly avatarSrc: (path: string) => string | null,
    private readonly fetchFile: FetchFile,
    private readonly failed: () => void,
  ) {
    // Focusable, so a keyboard can scroll it when it overflows (the ended screen with its rating form).
    this.scroller = el("div", { class: "scroller", tabindex: "0" }, greeting, prechat, this.log, this.typing);
  }

  /** The message numbered `seq` is shown (a replay repeats what a dropped socket may have delivered). */
  has(seq: number): boolean {
    return this.shownSeqs.has(seq);
  }

  /** Shows a message the room numbered, in seq order. `follow`: scroll to it even if the visitor had scrolled up. */
  add(author: Author, body: string, seq: number, follow: boolean, attachment?: AttachmentInfo): void {
    this.shownSeqs.add(seq);
    const stickToBottom = follow || this.isNearBottom();
    const item = renderMessage(author, body, author.avatarUrl ? this.avatarSrc(author.avatarUrl) : null);
    if (attachment) item.append(this.renderFile(attachment, stickToBottom));
    item.dataset.seq = String(seq);
    // Walk back past pending messages (always last) and any later seqs; replays and live frames
    // normally arrive in order, so this stops at once.
    let next: Element | null = null;
    for (let child = this.list.lastElementChild; child; child = child.previousElementSibling) {
      const childSeq = child instanceof HTMLElement ? child.dataset.seq : undefined;
      if (childSeq !== undefined && Number(childSeq) < seq) break;
      next = child;
    }
    this.list.insertBefore(item, next);
    this.label(item);
    if (author.kind === "visitor") this.placeSeen();
    if (stickToBottom) this.scrollToEnd();
  }

  /** An operator has read up to `seq`: "Seen" goes under the visitor's last message up to there. */
  showSeen(seq: number): void {
    this.seenSeq = Math.max(this.seenSeq, seq);
    this.placeSeen();
  }

  private placeSeen(): void {
    const read = [...this.list.querySelectorAll<HTMLElement>("li.visitor[data-seq]")].filter(
      (item) => Number(item.dataset.seq) <= this.seenSeq,
    );
    const last = read.at(-1);
    if (last) {
      last.append(this.seen);
      this.label(last);
    } else this.seen.remove();
  }

  /** Shows a message of the visitor's that the room has not acknowledged yet, at the end. */
  addPending(clientId: string, body: string, fileName?: string): void {
    const item = renderMessage({ kind: "visitor", name: "" }, body, null);
    if (fileName) item.append(el("span", { class: "file", dir: "auto" }, fileName));
    item.dataset.pending = clientId;
    this.list.append(item);
    this.label(item);
  }

  /** Removes a pending message, if shown: the room's numbered copy takes its place. */
  acknowledge(clientId: string): boolean {
    for (const item of this.list.querySelectorAll<HTMLElement>("[data-pending]")) {
      if (item.dataset.pending === clientId) {
        item.remove();
        return true;
      }
    }
    return false;
  }

  /** Shows `text` ("Anna is typing…") or hides it, keeping the view at the end if it was there; it hides itself if not renewed. */
  showTyping(active: boolean, text: string): void {
    const stickToBottom = this.isNearBottom();
    clearTimeout(this.typingExpiry);
    this.typing.textContent = text;
    this.typing.hidden = !active;
    if (active) this.typingExpiry = setTimeout(() => this.showTyping(false, ""), TYPING_EXPIRES_MS);
    if (stickToBottom) this.scrollToEnd();
  }

  /** Empties the list (a reset conversation). */
  clear(): void {
    this.shownSeqs.clear();
    this.seenSeq = 0;
    this.seen.remove();
    this.list.replaceChildren();
  }

  /**
   * A message's file: an image is fetched with the token and shown from a blob: URL (revoked once
   * drawn); any other file (or an image that will not show) is a button that downloads it. The name
   * is only ever text.
   */
  private renderFile(attachment: AttachmentInfo, follow: boolean): HTMLElement {
    const { id, name, type, size } = attachment;
    const button = el(
      "button",
      { type: "button", class: "file", dir: "auto" },
      el("span", { class: "sr", "data-t": "download" }),
      // The hidden "Download" is laid out as a block (absolutely positioned), so names read "Download notes.pdf".
      name,
      el("small", {}, ` ${formatFileSize(size)}`),
    );
    this.label(button);
    button.addEventListener("click", () => void this.download(id, name));
    if (!INLINE_IMAGE_TYPES.includes(type)) return button;
    const image = el("img", { class: "image", alt: name });
    const broken = () => image.replaceWith(button);
    image.onerror = () => {
      URL.revokeObjectURL(image.src);
      broken();
    };
    image.onload = () => {
      URL.revokeObjectURL(image.src);
      if (follow) this.scrollToEnd();
    };
    void this.fetchFile(id, true)
      .then(async (response) => {
        if (!response?.ok) return broken();
        image.src = URL.createObjectURL(await response.blob());
      })
      .catch(broken);
    return image;
  }

  private async download(id: string, name: string): Promise<void> {
    try {
      const response = await this.fetchFile(id, false);
      if (!response) return;
      if (!response.ok) return this.failed();
      saveBlob(this.list.getRootNode() as ParentNode, await response.blob(), name);
    } catch {
      this.failed();
    }
  }

  scrollToEnd(): void {
    this.scroller.scrollTop = this.scroller.scrollHeight;
  }

  private isNearBottom(): boolean {
    const scroller = this.scroller;
    return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < NEAR_BOTTOM_PX;
  }
}

/**
 * A message as a list item. Who wrote it is said to screen readers ("You", "Operator") when no
 * name is shown; `dir="auto"` lets a message in another script than the panel's read the right way.
 */
function renderMessage(author: Author, body: string, avatar: string | null): HTMLLIElement {
  const item = el("li", { class: author.kind });
  // The photo says nothing the name does not: hidden from screen readers (alt="").
  if (author.kind === "operator" && avatar) item.append(avatarImage(avatar));
  if (author.kind === "operator" && author.name) item.append(el("span", { class: "author" }, author.name));
  else if (author.kind !== "system") item.append(el("span", { class: "sr", "data-t": author.kind === "visitor" ? "you" : "operator" }));
  item.append(el("span", { class: "body", dir: "auto" }, body));
  return item;
}

/**
 * An operator's photo from Confide's origin, asked with CORS so the widget's origin check applies;
 * one that does not load is removed rather than shown broken.
 */
export function avatarImage(src: string): HTMLImageElement {
  const image = el("img", { class: "avatar", src, alt: "", crossorigin: "anonymous", referrerpolicy: "no-referrer" });
  image.addEventListener("error", () => image.remove());
  return image;
}
