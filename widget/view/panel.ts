// The panel's static structure, assembled from its parts. Its own words are named by text key,
// never written here: `data-t` (the text), `data-label` (aria-label) and `data-title` (title) are
// filled in by `relabelKeyed`, in English at first and in the visitor's language once the config
// arrives. Server and visitor text is filled in later, as text only.
import type { WidgetConfig } from "../../src/shared/api";
import type { ClientFrame } from "../../src/shared/frames";
import { englishText, relabelKeyed, textOf } from "../texts";
import { httpUrlOrNull } from "../validators";
import { EndConfirm, RatingForm } from "./chat-end";
import { Composer } from "./composer";
import { el } from "./dom";
import { type FetchFile, MessageList } from "./message-list";
import { Notices } from "./notices";
import { PrechatForm } from "./prechat-form";
import { MessageOffer } from "./waiting";

/**
 * Builds the panel; `send` is the composer's way to the socket, `config` gives the current
 * language's texts, `avatarSrc` turns an operator's photo path into an address on Confide's origin,
 * `fetchFile` fetches a message's file.
 */
export function buildPanel(
  send: (frame: ClientFrame) => void,
  config: () => WidgetConfig | null,
  avatarSrc: (path: string) => string | null,
  fetchFile: FetchFile,
) {
  const title = el("h2", {}, englishText("chat"));
  const presence = el("p", { class: "presence" });
  const endButton = el("button", { type: "button", "data-t": "endChat", "data-label": "endChat", hidden: "" });
  const closeButton = el("button", { type: "button", class: "close", "data-label": "closeChat", "data-title": "closeChat" }, "×");

  // The operators' own words, in whatever language they wrote them: laid out by their own script.
  const greeting = el("p", { class: "greeting", dir: "auto", hidden: "" });
  const prechat = new PrechatForm();
  const notices = new Notices(config);
  const messages = new MessageList(
    greeting,
    prechat.form,
    (item) => relabelKeyed(item, config()),
    avatarSrc,
    fetchFile,
    () => notices.showAlert("failed"),
  );
  const composer = new Composer(send);
  const offer = new MessageOffer();

  // The visitor's own rights over the conversation: a copy of it, and its erasure.
  const downloadButton = el("button", { type: "button", class: "download", "data-t": "downloadTranscript" });
  const deleteButton = el("button", { type: "button", class: "delete", "data-t": "deleteConversation" });
  // Shown once the chat ended, and only to a visitor who gave an email (the address it goes to).
  const emailButton = el("button", { type: "button", class: "email", "data-t": "emailTranscript", hidden: "" });
  const actions = el("div", { class: "actions", hidden: "" }, downloadButton, emailButton, deleteButton);
  const endConfirm = new EndConfirm();
  const rating = new RatingForm();
  const newChatButton = el("button", { type: "button", class: "primary new-chat", "data-t": "newChat", hidden: "" });

  // Its words come with its address, in the config: the widget's own, in the visitor's language.
  const privacyLink = el("a", { target: "_blank", rel: "noopener noreferrer" });
  const footer = el("footer", { hidden: "" }, privacyLink);

  const panel = el(
    "div",
    { class: "panel", part: "panel", role: "dialog", lang: "en", dir: "ltr", hidden: "" },
    el("header", {}, el("div", { class: "titles" }, title, presence), endButton, closeButton),
    messages.scroller,
    notices.status,
    notices.alert,
    offer.form,
    composer.upload,
    composer.form,
    composer.previewNotice,
    endConfirm.region,
    actions,
    rating.form,
    rating.thanks,
    newChatButton,
    footer,
  );

  return {
    panel,
    title,
    presence,
    endButton,
    closeButton,
    greeting,
    prechat,
    messages,
    notices,
    composer,
    offer,
    actions,
    endConfirm,
    rating,
    newChatButton,
    downloadButton,
    emailButton,
    deleteButton,
    privacyLink,
    footer,
  };
}

/** The panel's elements and parts. */
export type Panel = ReturnType<typeof buildPanel>;

/** The widget's own name, greeting, language and privacy link, from its config. */
export function showWidget(ui: Panel, config: WidgetConfig): void {
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
    ui.privacyLink.textContent = policy.label.trim() || textOf(config, "privacyPolicy");
  }
  ui.footer.hidden = !privacyUrl;
}

/** A conversation in progress: the messages, the composer, End and the visitor's rights; no form. */
export function showConversation(ui: Panel): void {
  ui.prechat.form.hidden = true;
  ui.messages.log.hidden = false;
  ui.composer.form.hidden = false;
  ui.endButton.hidden = false;
  ui.actions.hidden = false;
}

/** The ended screen: the messages stay, with the transcript (to download, or by email to a visitor who gave one) and erasure, a rating and a new chat; nothing more can be sent. */
export function showEnded(ui: Panel, emailGiven: boolean): void {
  ui.emailButton.hidden = !emailGiven;
  ui.messages.showTyping(false, "");
  ui.endButton.hidden = ui.endConfirm.region.hidden = true;
  ui.composer.end();
  ui.rating.form.hidden = !ui.rating.thanks.hidden;
  ui.newChatButton.hidden = false;
}

/** Back to no conversation: the list emptied and hidden, a blank form (shown once there is a config). */
export function showNoConversation(ui: Panel): void {
  ui.messages.clear();
  ui.composer.reset();
  for (const node of [
    ui.messages.log,
    ui.messages.typing,
    ui.endButton,
    ui.actions,
    ui.offer.form,
    ui.endConfirm.region,
    ui.newChatButton,
    ui.emailButton,
  ])
    node.hidden = true;
  ui.rating.reset();
  ui.endButton.disabled = false;
  ui.prechat.form.reset();
}
