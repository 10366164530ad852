// While the visitor waits for an operator: their place in line with the expected wait, and after
// the widget's limit the offer to leave a message instead (the chat stays; email replies optional).
import type { QueueState, WidgetConfig } from "../../src/shared/api";
import { textOf } from "../texts";
import { el } from "./dom";

/** The line as one sentence or two ("You are number 2 in line. Expected wait: about 3 min."); "" when unknown. */
export function queueText(config: WidgetConfig | null, queue: QueueState | null): string {
  if (!queue?.position) return "";
  const place = textOf(config, "queuePosition").replace("{n}", String(queue.position));
  if (queue.estimatedWaitMs === null) return place;
  const minutes = Math.max(1, Math.round(queue.estimatedWaitMs / 60_000));
  return `${place} ${textOf(config, "estimatedWait").replace("{m}", String(minutes))}`;
}

/** The offer to leave a message instead of waiting on. */
export class MessageOffer {
  readonly emailInput = el("input", { type: "email", name: "email", autocomplete: "email", maxlength: "254" });
  readonly emailReplies = el("input", { type: "checkbox", id: "confide-offer-replies" });
  private readonly emailField = el("label", {}, el("span", { "data-t": "emailOptional" }), this.emailInput);
  private readonly repliesRow = el(
    "div",
    { class: "consent" },
    this.emailReplies,
    el("label", { for: "confide-offer-replies", "data-t": "emailReplies" }),
  );
  readonly button = el("button", { type: "submit", class: "primary", "data-t": "switchToMessage" });
  readonly form = el(
    "form",
    { class: "prechat offer", hidden: "" },
    el("p", { "data-t": "offerMessage" }),
    this.emailField,
    this.repliesRow,
    this.button,
  );

  constructor() {
    this.emailReplies.addEventListener("change", () => {
      this.emailInput.required = this.emailReplies.checked;
    });
  }

  /** Shows the offer; the email and its box only where the widget asks for an email. */
  show(config: WidgetConfig): void {
    const asksEmail = config.preChat.email !== "hidden";
    this.emailField.hidden = this.repliesRow.hidden = this.emailInput.disabled = this.emailReplies.disabled = !asksEmail;
    this.form.hidden = false;
  }

  /** What the visitor chose: an email (if given) and whether replies go to it. */
  choice(): { email?: string; emailReplies: boolean } {
    const email = this.emailInput.disabled ? "" : this.emailInput.value.trim();
    return { ...(email ? { email } : {}), emailReplies: !this.emailReplies.disabled && this.emailReplies.checked };
  }
}
