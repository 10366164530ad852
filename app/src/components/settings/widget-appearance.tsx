import { useTranslation } from "../../hooks/use-translation";
import type { WidgetSettings } from "../../types";
import { describedBy, type FieldProblem, SelectField, TextAreaField } from "../form/fields";
import { isHexColour, LIMITS, type WidgetDraft } from "./widget-draft";
import { WidgetLanguageTexts } from "./widget-language-texts";

interface WidgetAppearanceProps {
  widget: WidgetSettings;
  draft: WidgetDraft;
  set: <K extends keyof WidgetDraft>(name: K, value: WidgetDraft[K]) => void;
  colourProblem: FieldProblem | null;
  readOnly: boolean;
  /** The form's id prefix: the form focuses `${id}-accentColor` when the colour is wrong. */
  id: string;
}

/** What the visitor sees of the widget: greeting and title (per language), colour, side, operator names. */
export function WidgetAppearance({ widget, draft, set, colourProblem, readOnly, id }: WidgetAppearanceProps) {
  const { t } = useTranslation();
  return (
    <fieldset class="widget-form__group">
      <legend class="widget-form__legend">{t("widgets.groups.appearance")}</legend>
      <TextAreaField
        label={t("widgets.appearance.greeting")}
        value={draft.greeting}
        onInput={(value) => set("greeting", value)}
        hint={t("widgets.appearance.greetingHint")}
        rows={2}
        maxLength={LIMITS.greeting}
      />
      <WidgetLanguageTexts
        legend={t("widgets.appearance.greetings")}
        hint={t("widgets.appearance.greetingsHint")}
        texts={draft.greetings}
        onChange={(texts) => set("greetings", texts)}
        textLabel={(language) => t("widgets.appearance.greetingIn", { language })}
        removeLabel={(language) => t("widgets.appearance.removeGreeting", { language })}
        addLanguageLabel={t("widgets.consent.addLanguage")}
        addLabel={t("widgets.appearance.addGreeting")}
        maxLength={LIMITS.greeting}
        multiline={false}
        placeholder={draft.greeting.trim() || undefined}
        readOnly={readOnly}
      />
      <WidgetLanguageTexts
        legend={t("widgets.appearance.titles")}
        hint={t("widgets.appearance.titlesHint")}
        texts={draft.titles}
        onChange={(texts) => set("titles", texts)}
        textLabel={(language) => t("widgets.appearance.titleIn", { language })}
        removeLabel={(language) => t("widgets.appearance.removeTitle", { language })}
        addLanguageLabel={t("widgets.consent.addLanguage")}
        addLabel={t("widgets.appearance.addTitle")}
        maxLength={LIMITS.title}
        multiline={false}
        placeholder={draft.name.trim() || undefined}
        readOnly={readOnly}
      />
      <div class="field">
        <label class="field__label" for={`${id}-accentColor`}>
          {t("widgets.appearance.accentColour")}
        </label>
        <div class="colour-field">
          <input
            type="color"
            class="colour-field__picker"
            aria-label={t("widgets.appearance.colourPicker")}
            value={
              isHexColour(draft.accentColor.trim())
                ? draft.accentColor.trim().toLowerCase()
                : isHexColour(widget.accentColor)
                  ? widget.accentColor.toLowerCase()
                  : "#000000"
            }
            onInput={(event) => set("accentColor", event.currentTarget.value)}
          />
          <input
            id={`${id}-accentColor`}
            class="field__input colour-field__hex"
            type="text"
            spellcheck={false}
            maxLength={7}
            placeholder="#1f4fd1"
            value={draft.accentColor}
            aria-invalid={colourProblem ? true : undefined}
            aria-describedby={describedBy(`${id}-accentColor-hint`, colourProblem?.id)}
            onInput={(event) => set("accentColor", event.currentTarget.value)}
          />
        </div>
        <p id={`${id}-accentColor-hint`} class="field__hint">
          {t("widgets.appearance.accentColourHint")}
        </p>
        {colourProblem && (
          <p id={colourProblem.id} class="field__error">
            {colourProblem.text}
          </p>
        )}
      </div>
      <div class="widget-form__row">
        <SelectField
          label={t("widgets.appearance.position")}
          value={draft.position}
          options={[
            { value: "right", label: t("widgets.appearance.right") },
            { value: "left", label: t("widgets.appearance.left") },
          ]}
          onChange={(value) => set("position", value)}
        />
        <SelectField
          label={t("widgets.appearance.operatorNames")}
          value={draft.operatorNames}
          options={[
            { value: "alias", label: t("widgets.appearance.alias") },
            { value: "none", label: t("widgets.appearance.none") },
          ]}
          onChange={(value) => set("operatorNames", value)}
          hint={t("widgets.appearance.operatorNamesHint")}
        />
      </div>
    </fieldset>
  );
}
