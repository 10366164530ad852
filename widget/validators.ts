// What arrives over the network, from the host page or out of storage is checked before use rather
// than cast: the fields the widget reads are exactly the ones checked here. Hand-written, so that
// zod stays out of the bundle.
import type { ApiError, PreChatField, ProofOfWorkChallenge, QueueState, StartedConversation, WidgetConfig } from "../src/shared/api";

/** An object (or array): its fields may be read, each still to be checked. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** Only the message is required; `code` is compared with a literal where it matters, never trusted as a string. */
export function isApiError(value: unknown): value is ApiError {
  return isRecord(value) && isRecord(value.error) && typeof value.error.message === "string";
}

/** The widget's configuration, as GET /w/:siteKey/config answers it. */
export function isWidgetConfig(value: unknown): value is WidgetConfig {
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
    typeof value.disclaimer.hash === "string" &&
    typeof value.language === "string" &&
    (value.dir === "ltr" || value.dir === "rtl") &&
    // Each text is read with a typeof check (see `textOf`), so a missing or odd one falls back to English.
    isRecord(value.texts) &&
    (value.privacyPolicy === null ||
      (isRecord(value.privacyPolicy) && typeof value.privacyPolicy.url === "string" && typeof value.privacyPolicy.label === "string")) &&
    isRecord(value.preChat) &&
    isPreChatField(value.preChat.name) &&
    isPreChatField(value.preChat.email) &&
    // The colour is checked where it is used (`hexColor`): a bad one keeps the default.
    isRecord(value.appearance) &&
    typeof value.appearance.accentColor === "string" &&
    (value.appearance.position === "right" || value.appearance.position === "left") &&
    // Read by the leave-a-message decision (offersMessage) and the hours timer.
    typeof value.available === "boolean" &&
    (value.hours === null ||
      (isRecord(value.hours) &&
        typeof value.hours.open === "boolean" &&
        (value.hours.changesAt === null || typeof value.hours.changesAt === "number"))) &&
    (value.offerMessageAfterMinutes === null || typeof value.offerMessageAfterMinutes === "number") &&
    (value.attachments === null ||
      (isRecord(value.attachments) && typeof value.attachments.maxBytes === "number" && typeof value.attachments.accept === "string"))
  );
}

function isPreChatField(value: unknown): value is PreChatField {
  return value === "hidden" || value === "optional" || value === "required";
}

/** A proof-of-work challenge with a difficulty the solver can finish. */
export function isChallenge(value: unknown): value is ProofOfWorkChallenge {
  return (
    isRecord(value) &&
    typeof value.challenge === "string" &&
    typeof value.difficulty === "number" &&
    value.difficulty >= 0 &&
    value.difficulty <= 32
  );
}

/** The answer to starting a conversation. */
export function isStartedConversation(value: unknown): value is StartedConversation {
  return isRecord(value) && typeof value.conversationId === "string" && typeof value.visitorToken === "string";
}

/** A BCP 47-looking language tag ("de", "pt-BR"), or null for anything else a host page passes. */
export function languageTag(code: unknown): string | null {
  return typeof code === "string" && code.length <= 35 && /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i.test(code) ? code : null;
}

/** The URL if it is absolute http(s); anything else (javascript:, data:, garbage) is dropped. */
export function httpUrlOrNull(raw: string | null): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

/** A queue answer: the chat's place in line (null: not waiting), how long it waited, the expected wait. */
export function isQueueState(value: unknown): value is QueueState {
  return (
    isRecord(value) &&
    typeof value.leftMessage === "boolean" &&
    (value.position === null || typeof value.position === "number") &&
    typeof value.waitedMs === "number" &&
    (value.estimatedWaitMs === null || typeof value.estimatedWaitMs === "number")
  );
}
