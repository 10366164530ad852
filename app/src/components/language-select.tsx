import { useId } from "preact/hooks";
import { useTranslation } from "../hooks/use-translation";
import { languages, setLanguage } from "../i18n/setup";
import "./language-select.css";

/** The UI language: switches at once and is remembered in this browser. */
export function LanguageSelect() {
  const { t, language } = useTranslation();
  const id = useId();
  return (
    <div class="language-select">
      <label class="language-select__label" for={id}>
        {t("language.label")}
      </label>
      <select
        id={id}
        class="field__input language-select__input"
        value={language}
        onChange={(event) => setLanguage(event.currentTarget.value)}
      >
        {languages.map(({ code, name }) => (
          <option key={code} value={code} lang={code}>
            {name}
          </option>
        ))}
      </select>
    </div>
  );
}
