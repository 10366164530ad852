// English texts of verified visitors: the badge and the visitor's other conversations (inbox and
// transcripts), and the widget's identity-verification settings; the other languages must match these keys.
export const verifiedTexts = {
  verified: {
    badge: "Verified",
    title: "Verified by your website as user {{userId}}",
    userId: "Verified user id",
    related: "Other conversations of this visitor",
    noRelated: "No other conversations of this visitor that you may read.",
  },
  widgetIdentity: {
    heading: "Verified visitors",
    enabled: "Trust a user id from my website when its hash verifies (data-user-id, data-user-hash)",
    hint: "Your server computes HMAC-SHA256 of the user id with this widget's secret. A wrong or missing hash is ignored: the visitor chats unverified. Works in privacy mode too; the id is kept encrypted with the conversation.",
    secret: "Secret",
    noSecret: "Turn verification on and save to make this widget's secret.",
    reveal: "Show secret",
    hide: "Hide secret",
    copy: "Copy",
    copied: "Copied",
    rotate: "Rotate secret",
    rotateConfirm:
      "Make a new secret? Every hash made with the current one stops verifying at once: those visitors chat unverified until your server uses the new secret.",
    rotated: "A new secret is in place. Update your server with it.",
  },
};
