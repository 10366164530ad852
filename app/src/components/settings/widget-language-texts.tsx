import { useId, useMemo, useState } from "preact/hooks";
import { useTranslation } from "../../hooks/use-translation";
import { conversationLanguages } from "../../lib/languages";
import type { LanguageText } from "./widget-draft";

interface WidgetLanguageTextsProps {
  legend: string;
  hint: string;
  texts: readonly LanguageText[];
  onChange: (texts: LanguageText[]) => void;
  /** The label of one text, given its language's name: "Disclaimer in German". */
  textLabel: (languageName: string) => string;
  /** The name of a text's remove button, given its language's name: "Remove the German disclaimer". */
  removeLabel: (languageName: string) => string;
  /** The label of the language select next to the add button. */
  addLanguageLabel: string;
  addLabel: string;
  maxLength: number;
  /** A long text (the disclaimer) or a one-line one (a link text). */
  multiline: boolean;
  /** What an empty field stands for; the built-in text unless given. */
  placeholder?: string;
  /** What is said while no language is added; that the built-in text is used, unless given. */
  emptyText?: string;
  readOnly: boolean;
}

/**
 * Texts per language the widget speaks: one field per language added, each removable. A
 * language left out (or left empty) gets the widget's built-in text.
 */
export function WidgetLanguageTexts({
  legend,
  hint,
  texts,
  onChange,
  textLabel,
  removeLabel,
  addLanguageLabel,
  addLabel,
  maxLength,
  multiline,
  placeholder,
  emptyText,
  readOnly,
}: WidgetLanguageTextsProps) {
  const { t, language } = useTranslation();
  const id = useId();
  const languages = useMemo(() => conversationLanguages(language), [language]);
  const names = useMemo(() => new Map(languages.map(({ code, name }) => [code, name])), [languages]);
  const available = languages.filter(({ code }) => !texts.some((text) => text.language === code));
  const [picked, setPicked] = useState("");
  const choice = available.some(({ code }) => code === picked) ? picked : (available[0]?.code ?? "");
  const fieldId = (code: string) => `${id}-${code}`;
  const nameOf = (code: string) => names.get(code) ?? code;

  function add() {
    if (!choice) return;
    onChange([...texts, { language: choice, text: "" }]);
    requestAnimationFrame(() => document.getElementById(fieldId(choice))?.focus());
  }

  function remove(code: string) {
    onChange(texts.filter((text) => text.language !== code));
    requestAnimationFrame(() => document.getElementById(`${id}-add`)?.focus());
  }

  function edit(code: string, value: string) {
    onChange(texts.map((text) => (text.language === code ? { language: code, text: value } : text)));
  }

  return (
    <fieldset class="language-texts" aria-describedby={`${id}-hint`}>
      <legend class="language-texts__legend">{legend}</legend>
      <p id={`${id}-hint`} class="field__hint">
        {hint}
      </p>
      {texts.length === 0 && <p class="muted">{emptyText ?? t("widgets.texts.none")}</p>}
      {texts.map(({ language: code, text }) => (
        <div key={code} class="language-text">
          <div class="field">
            <label class="field__label" for={fieldId(code)}>
              {textLabel(nameOf(code))}
            </label>
            {multiline ? (
              <textarea
                id={fieldId(code)}
                class="field__input"
                rows={4}
                lang={code}
                dir="auto"
                maxLength={maxLength}
                placeholder={placeholder ?? t("widgets.texts.builtIn")}
                value={text}
                onInput={(event) => edit(code, event.currentTarget.value)}
              />
            ) : (
              <input
                id={fieldId(code)}
                class="field__input"
                type="text"
                lang={code}
                dir="auto"
                maxLength={maxLength}
                placeholder={placeholder ?? t("widgets.texts.builtIn")}
                value={text}
                onInput={(event) => edit(code, event.currentTarget.value)}
              />
            )}
          </div>
          {!readOnly && (
            <button type="button" class="button language-text__remove" aria-label={removeLabel(nameOf(code))} onClick={() => remove(code)}>
              {t("form.remove")}
            </button>
          )}
        </div>
      ))}
      {!readOnly && available.length > 0 && (
        <div class="language-texts__add">
          <div class="field">
            <label class="field__label" for={`${id}-add`}>
              {addLanguageLabel}
            </label>
            <select id={`${id}-add`} class="field__input" value={choice} onChange={(event) => setPicked(event.currentTarget.value)}>
              {available.map(({ code, name }) => (
                <option key={code} value={code}>
                  {name}
                </option>
              ))}
            </select>
          </div>
          <button type="button" class="button" onClick={add}>
            {addLabel}
          </button>
        </div>
      )}
    </fieldset>
  );
}
