// The conversation as a list in seq order, pending messages of this tab last, and the operator's
// typing indicator below it, in a scroller that follows new messages while the visitor is at the end.
import type { Author } from "../../src/shared/frames";
import { el } from "./dom";

const NEAR_BOTTOM_PX = 48;

/** The message list and its scroller. */
export class MessageList {
  readonly list = el("ol", { class: "messages" });
  /** The log region holds the list (a role on the <ol> itself would take away its list semantics). */
  readonly log = el("div", { role: "log", "aria-live": "polite", hidden: "" }, this.list);
  readonly typing = el("p", { class: "typing", "data-t": "operatorTyping", hidden: "" });
  readonly scroller: HTMLDivElement;
  private readonly shownSeqs = new Set<number>();

  /** `label` fills in the keyed words of a message just rendered (the hidden "You" or "Operator"). */
  constructor(
    greeting: HTMLElement,
    prechat: HTMLElement,
    private readonly label: (item: HTMLElement) => void,
  ) {
    this.scroller = el("div", { class: "scroller" }, greeting, prechat, this.log, this.typing);
  }

  /** The message numbered `seq` is shown (a replay repeats what a dropped socket may have delivered). */
  has(seq: number): boolean {
    return this.shownSeqs.has(seq);
  }

  /** Shows a message the room numbered, in seq order. `follow`: scroll to it even if the visitor had scrolled up. */
  add(author: Author, body: string, seq: number, follow: boolean): void {
    this.shownSeqs.add(seq);
    const stickToBottom = follow || this.isNearBottom();
    const item = renderMessage(author, body);
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
    if (stickToBottom) this.scrollToEnd();
  }

  /** Shows a message of the visitor's that the room has not acknowledged yet, at the end. */
  addPending(clientId: string, body: string): void {
    const item = renderMessage({ kind: "visitor", name: "" }, body);
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

  /** Shows or hides "Operator is typing…", keeping the view at the end if it was there. */
  showTyping(active: boolean): void {
    const stickToBottom = this.isNearBottom();
    this.typing.hidden = !active;
    if (stickToBottom) this.scrollToEnd();
  }

  /** Empties the list (a reset conversation). */
  clear(): void {
    this.shownSeqs.clear();
    this.list.replaceChildren();
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
function renderMessage(author: Author, body: string): HTMLLIElement {
  const item = el("li", { class: author.kind });
  if (author.kind === "operator" && author.name) item.append(el("span", { class: "author" }, author.name));
  else if (author.kind !== "system") item.append(el("span", { class: "sr", "data-t": author.kind === "visitor" ? "you" : "operator" }));
  item.append(el("span", { class: "body", dir: "auto" }, body));
  return item;
}
