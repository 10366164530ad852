import i18next from "i18next";
import { createContext } from "preact";
import { useContext, useEffect, useMemo, useState } from "preact/hooks";

/** The current UI language; components that read it re-render when the operator switches. */
export const LanguageContext = createContext<string>("en");

/** i18next's language, kept in state: for the root component, which provides it to the rest. */
export function useLanguageState(): string {
  const [language, setLanguage] = useState(i18next.language);
  useEffect(() => {
    const onChange = (next: string) => setLanguage(next);
    i18next.on("languageChanged", onChange);
    // A switch between the first render and this subscription.
    setLanguage(i18next.language);
    return () => i18next.off("languageChanged", onChange);
  }, []);
  return language;
}

/** `t` bound to the current language, and the language itself. */
export function useTranslation() {
  const language = useContext(LanguageContext);
  const t = useMemo(() => i18next.getFixedT(language), [language]);
  return { t, language };
}
