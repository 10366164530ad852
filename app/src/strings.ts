// Every user-facing string of the app, in one place so i18next can replace this module later.
// Error messages are keyed by the server's snake_case error codes, which double as i18n keys.

export const locale = "en";

export const strings = {
  appName: "Confide",
  loading: "Loading…",
  tryAgain: "Try again",

  login: {
    heading: "Log in to Confide",
    email: "Email",
    password: "Password",
    submit: "Log in",
    sessionExpired: "Your session has ended. Please log in again.",
  },

  header: {
    signedInAs: "Signed in as",
    logOut: "Log out",
    skipToChat: "Skip to conversation",
  },

  inbox: {
    heading: "Open conversations",
    navLabel: "Conversations",
    loading: "Loading conversations…",
    empty: "No open conversations.",
    loadMore: "Load more",
    reconnecting: "Reconnecting…",
    newActivity: "New activity",
    noSelection: "Select a conversation to read and reply.",
  },

  chat: {
    messagesLabel: "Messages",
    pendingLabel: "Sending",
    sending: "Sending…",
    notSent: "Not sent",
    livePreviewLabel: "Visitor is typing:",
    visitorTyping: "Visitor is typing…",
    ended: "Conversation ended",
    connecting: "Connecting…",
    reconnecting: "Reconnecting…",
    visitorOnline: "Visitor online",
    visitorOffline: "Visitor offline",
    readOnly: "You can read this conversation but not reply.",
    unknownAuthor: "Unknown",
  },

  composer: {
    reply: "Reply",
    placeholder: "Write a reply. Enter sends, Shift+Enter adds a line.",
    send: "Send",
    end: "End conversation",
  },

  visitor: "Visitor",
  justNow: "just now",
  messageCount: (count: number): string => (count === 1 ? "1 message" : `${count} messages`),
  unreadTitle: (count: number, title: string): string => `(${count}) ${title}`,
  loginTitle: "Log in · Confide",

  errors: {
    invalid_credentials: "Email or password is incorrect.",
    too_many_attempts: "Too many attempts. Please wait a few minutes and try again.",
    network_error: "The server could not be reached. Check your connection and try again.",
    conversation_closed: "This conversation has ended.",
    forbidden: "You do not have permission to do that.",
    rate_limited: "You are sending too fast. Please wait a moment.",
    unexpected_error: "Something went wrong. Please try again.",
  },
} as const;

type ErrorCode = keyof typeof strings.errors;

function isKnownCode(code: string): code is ErrorCode {
  return Object.hasOwn(strings.errors, code);
}

/** The message for an error code; `fallback` (the server's own text) for codes we do not know. */
export function errorText(code: string, fallback?: string): string {
  if (isKnownCode(code)) return strings.errors[code];
  return fallback ?? strings.errors.unexpected_error;
}
