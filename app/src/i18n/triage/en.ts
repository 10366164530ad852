// English texts of triage and notifications: the tag editor, the inbox rows' waiting time and last
// message, and desktop notifications; the other languages must match these keys.
export const triageTexts = {
  tags: {
    label: "Tags",
    none: "No tags",
    add: "Add a tag",
    hint: "Enter adds a tag; Backspace in the empty field removes the last one.",
    remove: "Remove tag {{tag}}",
    saving: "Saving tags…",
    limit: "A conversation has at most {{count, number}} tags.",
  },
  row: {
    waiting: "Waiting {{duration}}",
    lastFromVisitor: "Visitor: {{body}}",
    lastFromOperator: "Operator: {{body}}",
    lastSystem: "{{body}}",
    truncated: "{{body}}…",
  },
  duration: {
    seconds_one: "{{count, number}} second",
    seconds_other: "{{count, number}} seconds",
    minutes_one: "{{count, number}} minute",
    minutes_other: "{{count, number}} minutes",
    hours_one: "{{count, number}} hour",
    hours_other: "{{count, number}} hours",
  },
  notifications: {
    heading: "Notifications",
    intro:
      "Confide can tell you of new chats and visitor messages with your system's notifications while its tab is in the background. The title shows how many chats need you, and the chime sounds on every screen.",
    desktop: "Desktop notifications",
    withContent: "Show the message in notifications",
    withContentHint: "Off, notifications only say that something arrived, not what was written.",
    withContentNotAllowed: "Your role cannot read chats, so notifications never show their messages.",
    notAllowed: "Your role has no live chats to notify you of.",
    enable: "Turn on desktop notifications",
    blocked: "This browser blocks notifications from Confide. Allow them in the browser's site settings to receive them.",
    unsupported: "This browser cannot show desktop notifications.",
    prompt: "Get a desktop notification for new chats while Confide is in the background?",
    dismiss: "Not now",
    newChat: "New chat",
    newChatFrom: "New chat from {{name}}",
    newMessage: "New message from {{name}}",
    newMessageBody: "Open Confide to read it.",
    saved: "Saved",
  },
};
