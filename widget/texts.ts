// The widget's own words. The config brings them in the visitor's language (the server reads the
// locale files, src/locales/widget/*.json); until it arrives, or when it never does, the English
// file is the fallback, bundled from the same source so the two cannot drift.

// Named imports, so the bundle carries only these (esbuild drops the file's other keys: the default
// disclaimer and the system messages, which the server sends).
import {
  attachFile,
  cancel,
  chat,
  closeChat,
  deleteConfirm,
  deleteConversation,
  deleted,
  download,
  downloadTranscript,
  emailOptional,
  emailTranscript,
  endChat,
  endConfirm,
  ended,
  failed,
  fileNotAllowed,
  fileTooLarge,
  iAgree,
  loading,
  message,
  namedTyping,
  nameOptional,
  newChat,
  newMessages,
  openChat,
  operator,
  operatorTyping,
  previewNotice,
  privacyPolicy,
  rateTitle,
  ratingComment,
  ratingThanks,
  ratingValue,
  reconnecting,
  seen,
  send,
  sendRating,
  startChat,
  transcriptEmailed,
  unavailable,
  unreachable,
  uploading,
  waiting,
  withYou,
  you,
} from "../src/locales/widget/en.json";
import type { WidgetConfig } from "../src/shared/api";

const ENGLISH = {
  openChat,
  chat,
  closeChat,
  endChat,
  nameOptional,
  emailOptional,
  iAgree,
  startChat,
  message,
  send,
  privacyPolicy,
  loading,
  unavailable,
  failed,
  unreachable,
  reconnecting,
  ended,
  operatorTyping,
  waiting,
  withYou,
  previewNotice,
  downloadTranscript,
  emailTranscript,
  transcriptEmailed,
  deleteConversation,
  deleteConfirm,
  deleted,
  you,
  operator,
  newMessages,
  namedTyping,
  seen,
  endConfirm,
  cancel,
  newChat,
  rateTitle,
  ratingValue,
  ratingComment,
  sendRating,
  ratingThanks,
  attachFile,
  uploading,
  fileTooLarge,
  fileNotAllowed,
  download,
};

/**
 * Texts only ever shown after the config has arrived (which carries them in the visitor's
 * language), so the bundle carries no English copy of them.
 */
type ConfigOnlyKey = "messageLeft" | "messageLeftEmail";

/** A key of the widget's own texts, e.g. "startChat". */
export type TextKey = keyof typeof ENGLISH | ConfigOnlyKey;

const FALLBACK: Readonly<Record<string, string>> = ENGLISH;

/** The English text for `key`. */
export function englishText(key: keyof typeof ENGLISH): string {
  return ENGLISH[key];
}

/** The text for `key` in the config's language, else in English; "" for no key. */
export function textOf(config: WidgetConfig | null, key: string | undefined): string {
  if (key === undefined) return "";
  const text = config?.texts[key];
  return typeof text === "string" ? text : (FALLBACK[key] ?? "");
}

/**
 * Writes the keyed words under `root` in the config's language: `data-t` (the text), `data-label`
 * (aria-label) and `data-title` (title). Server and visitor text carries no key and is left alone.
 */
export function relabelKeyed(root: ParentNode, config: WidgetConfig | null): void {
  for (const node of root.querySelectorAll<HTMLElement>("[data-t]")) node.textContent = textOf(config, node.dataset.t);
  for (const node of root.querySelectorAll<HTMLElement>("[data-label]"))
    node.setAttribute("aria-label", textOf(config, node.dataset.label));
  for (const node of root.querySelectorAll<HTMLElement>("[data-title]")) node.title = textOf(config, node.dataset.title);
}
