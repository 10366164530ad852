// English texts of the consent text archive where the app shows it (the transcript's consent
// receipt); the other languages must match these keys.
export const consentArchiveTexts = {
  consentArchive: {
    show: "Text agreed to",
    loading: "Loading the text…",
    language: "Shown in {{language}}",
    period: "In force from {{from}} to {{until}}",
    periodOpen: "In force since {{from}}",
    periodBefore: "In force until {{until}}, since before the archive began",
    periodBeforeOpen: "In force since before the archive began",
    fromWidget: "Matched by its hash to the widget’s current text (agreed before the archive began).",
    fromBuiltIn: "Matched by its hash to the built-in notice (agreed before the archive began).",
    missing: "The exact text is not held: it was agreed before the archive began and has changed since.",
  },
};
