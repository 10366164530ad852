import i18next from "i18next";
import { de } from "./de";
import { en } from "./en";
import { es } from "./es";
import { fr } from "./fr";
import { it } from "./it";

/** The app's languages, each named in itself so anyone can find their own in the selector. */
export const languages = [
  { code: "en", name: "English" },
  { code: "de", name: "Deutsch" },
  { code: "it", name: "Italiano" },
  { code: "fr", name: "Français" },
  { code: "es", name: "Español" },
] as const;

export type Language = (typeof languages)[number]["code"];

// The operator app, not the visitor widget: remembering an operator's own choice needs no consent.
const STORAGE_KEY = "confide.app.language";

function isLanguage(value: string): value is Language {
  return languages.some((language) => language.code === value);
}

function storedLanguage(): Language | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value !== null && isLanguage(value) ? value : null;
  } catch {
    // Storage disabled by the browser: the choice lasts for this page only.
    return null;
  }
}

/** The first of the browser's preferred languages the app speaks ("de-AT" counts as "de"), else English. */
function browserLanguage(): Language {
  const preferred = navigator.languages.length > 0 ? navigator.languages : [navigator.language];
  for (const tag of preferred) {
    try {
      const primary = new Intl.Locale(tag).language;
      if (isLanguage(primary)) return primary;
    } catch {
      // Not a valid language tag: try the next one.
    }
  }
  return "en";
}

const initial = storedLanguage() ?? browserLanguage();

// Synchronous: the resources are bundled, so the first render already has its texts.
void i18next.init({
  resources: {
    en: { translation: en },
    de: { translation: de },
    it: { translation: it },
    fr: { translation: fr },
    es: { translation: es },
  },
  lng: initial,
  fallbackLng: "en",
  supportedLngs: languages.map((language) => language.code),
  initAsync: false,
  // Preact escapes every text it renders; escaping here too would show "&amp;" in names.
  interpolation: { escapeValue: false },
  // No advertisement in the operators' browser consoles.
  showSupportNotice: false,
});

document.documentElement.lang = initial;
i18next.on("languageChanged", (language) => {
  document.documentElement.lang = language;
});

/** Switches the whole app to `language` at once and remembers the choice in this browser. */
export function setLanguage(language: string): void {
  if (!isLanguage(language)) return;
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Storage disabled: the switch still applies until the page is reloaded.
  }
  void i18next.changeLanguage(language);
}
