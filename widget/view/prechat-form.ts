// The form before a chat: the fields the widget asks for, the disclaimer and, where the widget asks
// for it, the visitor's consent to exactly those words.
import type { StartConversation, WidgetConfig } from "../../src/shared/api";
import { newClientId } from "../../src/shared/conversation-connection";
import { MAX_BODY_CHARS } from "../../src/shared/frames";
import { textOf } from "../texts";
import { el } from "./dom";

/**
 * Leave-a-message instead of a live chat: outside business hours, or when nobody of the
 * widget's department is online. The same form, disclaimer and consent, plus the message.
 */
export const offersMessage = (config: WidgetConfig): boolean => config.hours?.open === false || !config.available;

type Field = "name" | "email";

/** The pre-chat form's elements and what the element asks of them. */
export class PrechatForm {
  readonly nameInput = el("input", { type: "text", name: "name", autocomplete: "name", maxlength: "200" });
  readonly emailInput = el("input", { type: "email", name: "email", autocomplete: "email", maxlength: "254" });
  readonly disclaimer = el("p", { class: "disclaimer", id: "confide-disclaimer" });
  // The checkbox's name is the disclaimer itself plus "I agree", so assistive technology reads
  // exactly what the visitor consents to. It starts unticked: consent must be an active choice.
  readonly consent = el("input", {
    type: "checkbox",
    id: "confide-consent",
    "aria-labelledby": "confide-disclaimer confide-agree",
  });
  readonly consentRow = el(
    "div",
    { class: "consent", hidden: "" },
    this.consent,
    el("label", { for: "confide-consent", id: "confide-agree", "data-t": "iAgree" }),
  );
  readonly startButton = el("button", { type: "submit", class: "primary", "data-t": "startChat" });
  // Leave-a-message mode only: why there is no live chat, the message, and the separate opt-in to
  // replies by email (unticked: an active choice, recorded on the consent receipt).
  readonly offlineIntro = el("p", { class: "offline-intro", hidden: "" });
  readonly messageInput = el("textarea", { name: "message", rows: "4", maxlength: String(MAX_BODY_CHARS), required: "" });
  private readonly messageField = el("label", { hidden: "" }, el("span", { "data-t": "message" }), this.messageInput);
  readonly emailReplies = el("input", { type: "checkbox", id: "confide-email-replies" });
  readonly emailRepliesRow = el(
    "div",
    { class: "consent", hidden: "" },
    this.emailReplies,
    el("label", { for: "confide-email-replies", "data-t": "emailReplies" }),
  );
  /** The form is the leave-a-message form (set by `show`). */
  leavingMessage = false;
  private emailMode: WidgetConfig["preChat"]["email"] = "optional";

  constructor() {
    // Replies by email need the address: the email field is required while the box is ticked.
    this.emailReplies.addEventListener("change", () => {
      this.emailInput.required = this.emailMode === "required" || this.emailReplies.checked;
    });
  }
  // Their words depend on whether the widget asks for the field or requires it: see `fieldLabel`.
  private readonly nameLabel = el("span");
  private readonly emailLabel = el("span");
  private readonly nameField = el("label", {}, this.nameLabel, this.nameInput);
  private readonly emailField = el("label", {}, this.emailLabel, this.emailInput);
  readonly form = el(
    "form",
    { class: "prechat", hidden: "" },
    this.offlineIntro,
    this.nameField,
    this.emailField,
    this.messageField,
    this.emailRepliesRow,
    this.disclaimer,
    this.consentRow,
    this.startButton,
  );

  /** Shows the form for `config`'s widget, with its disclaimer in the current language. */
  show(config: WidgetConfig, starting: boolean): void {
    // Consent is given to the words shown; new words (another language) need it given again.
    if (this.disclaimer.textContent !== config.disclaimer.text) this.consent.checked = false;
    // Shown even when no consent is asked for (visitors are told how their data is used either
    // way), unless the widget has no words to show.
    this.disclaimer.textContent = config.disclaimer.text;
    this.disclaimer.lang = config.disclaimer.language;
    this.disclaimer.hidden = !config.disclaimer.text.trim();
    this.consentRow.hidden = !config.consentRequired;
    // "hidden" fields are not shown at all, and disabled so the form neither checks nor sends them.
    for (const [field, label, input] of [
      ["name", this.nameField, this.nameInput],
      ["email", this.emailField, this.emailInput],
    ] as const) {
      const mode = config.preChat[field];
      label.hidden = input.disabled = mode === "hidden";
      input.required = mode === "required";
      if (input.required) input.setAttribute("aria-required", "true");
      else input.removeAttribute("aria-required");
    }
    this.emailMode = config.preChat.email;
    this.leavingMessage = offersMessage(config);
    const leaving = this.leavingMessage;
    this.offlineIntro.hidden = this.messageField.hidden = !leaving;
    this.offlineIntro.textContent = textOf(config, config.hours?.open === false ? "closedNow" : "nobodyAvailable");
    this.messageInput.disabled = !leaving;
    this.emailRepliesRow.hidden = this.emailReplies.disabled = !leaving || config.preChat.email === "hidden";
    this.startButton.dataset.t = leaving ? "sendMessage" : "startChat";
    this.startButton.textContent = textOf(config, this.startButton.dataset.t);
    this.enableStart(config, starting);
    this.form.hidden = false;
  }

  /** Start is enabled unless a start is in flight or consent is asked for and not given. */
  enableStart(config: WidgetConfig, starting: boolean): void {
    this.startButton.disabled = starting || (config.consentRequired && !this.consent.checked);
  }

  /** The form's first control the visitor can use: a field the widget asks for, else consent, else Start. */
  firstControl(): HTMLElement {
    if (!this.nameField.hidden) return this.nameInput;
    if (!this.emailField.hidden) return this.emailInput;
    return this.consentRow.hidden ? this.startButton : this.consent;
  }

  /** Writes the field labels in the config's language. */
  relabel(config: WidgetConfig | null): void {
    this.nameLabel.textContent = fieldLabel(config, "name");
    this.emailLabel.textContent = fieldLabel(config, "email");
  }

  /**
   * The browser's own check stops a submit with a required field empty; this one also catches a
   * field of spaces alone (cleared, so the browser then says what is missing). True when it did.
   */
  reportBlankRequired(): boolean {
    for (const input of [this.nameInput, this.emailInput, this.messageInput]) {
      if (input.required && !input.disabled && !input.value.trim()) {
        input.value = "";
        this.form.reportValidity();
        return true;
      }
    }
    return false;
  }

  /** The start request for what the form shows and holds. */
  request(config: WidgetConfig): StartConversation {
    const consent = config.consentRequired && this.consent.checked;
    // The language of the disclaimer shown: the server records consent to exactly that text. And its
    // hash: if the text has changed since it was shown, the server refuses (409) rather than record
    // consent to words the visitor never saw.
    const request: StartConversation = { consent, language: config.disclaimer.language };
    if (consent) request.disclaimerHash = config.disclaimer.hash;
    // A field the widget hides is never sent, whatever it may hold.
    const name = config.preChat.name === "hidden" ? "" : this.nameInput.value.trim();
    const email = config.preChat.email === "hidden" ? "" : this.emailInput.value.trim();
    if (name) request.name = name;
    if (email) request.email = email;
    if (this.leavingMessage) {
      request.leaveMessage = {
        clientId: newClientId(),
        body: this.messageInput.value.trim(),
        emailReplies: !this.emailReplies.disabled && this.emailReplies.checked,
      };
    }
    // Where the chat starts is sent only when the widget is not in privacy mode (which would discard it anyway).
    if (!config.privacyMode) {
      request.pageUrl = location.origin + location.pathname;
      if (/^https?:/.test(document.referrer)) request.referrer = document.referrer;
    }
    return request;
  }
}

/**
 * A pre-chat field's label: "Name (optional)" as it is; when the widget requires the field, the
 * config's own word for it ("name", "email") if it has one, else the optional label without its
 * trailing "(…)", then a " *".
 */
function fieldLabel(config: WidgetConfig | null, field: Field): string {
  const optional = textOf(config, `${field}Optional`);
  if (config?.preChat[field] !== "required") return optional;
  const own = config.texts[field];
  const label = typeof own === "string" && own.trim() ? own.trim() : optional.replace(/\s*[(\uff08][^()\uff08\uff09]*[)\uff09]\s*$/, "");
  return label.endsWith("*") ? label : `${label} *`;
}
