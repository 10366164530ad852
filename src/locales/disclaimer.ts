// The built-in privacy disclaimer shown above the consent checkbox. Issue 4 brings all 25
// languages; the receipt stores the SHA-256 of the exact text shown, so texts may change freely.

const disclaimers: Record<string, string> = {
  en: "To answer you, we process what you write in this chat and, if you give them, your name and email. We keep the conversation only as long as our retention policy says, and you can download or delete it at any time. More in our privacy policy.",
  de: "Um Ihnen zu antworten, verarbeiten wir, was Sie in diesem Chat schreiben, und, falls Sie sie angeben, Ihren Namen und Ihre E-Mail-Adresse. Wir bewahren das Gespräch nur so lange auf, wie unsere Aufbewahrungsrichtlinie es vorsieht, und Sie können es jederzeit herunterladen oder löschen. Mehr dazu in unserer Datenschutzerklärung.",
};

/** The disclaimer in the visitor's language (by primary subtag), else English. */
export function defaultDisclaimer(language: string): { text: string; language: string } {
  const primary = language.toLowerCase().split("-")[0] ?? "en";
  const text = disclaimers[primary];
  return text ? { text, language: primary } : { text: disclaimers.en!, language: "en" };
}
