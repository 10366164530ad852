import type { ComponentChildren } from "preact";
import { useMemo } from "preact/hooks";
import { useTranslation } from "../../hooks/use-translation";
import type { WidgetSettings } from "../../types";
import { Field } from "../form/fields";
import {
  CONTINENTS,
  countryCodes,
  DEVICES,
  type DraftField,
  type FieldError,
  languageCodes,
  type RuleDraft,
  type RuleErrors,
  tidyCodes,
} from "./router-draft";
import { countryNames, languageNames, useFieldErrorText } from "./router-names";

interface RouterRuleEditorProps {
  draft: RuleDraft;
  position: number;
  count: number;
  widgets: readonly WidgetSettings[];
  errors: RuleErrors | undefined;
  onChange: (change: Partial<Omit<RuleDraft, "key">>) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}

/** The DOM id of one field of one rule, for focusing the first invalid one. */
export const ruleFieldId = (key: string, field: DraftField) => `router-${key}-${field}`;

/** One rule of the router: its name, its widget and the conditions that pick it. */
export function RouterRuleEditor({ draft, position, count, widgets, errors, onChange, onMove, onRemove }: RouterRuleEditorProps) {
  const { t, language } = useTranslation();
  const errorText = useFieldErrorText();
  const name = draft.name.trim();
  const accessibleName = name || String(position);
  const knownWidget = draft.widgetId === "" || widgets.some((widget) => widget.id === draft.widgetId);
  const countryHint = useMemo(() => countryNames(countryCodes(draft.countries), language), [draft.countries, language]);
  const languageHint = useMemo(() => languageNames(languageCodes(draft.languages)), [draft.languages, language]);

  /** A labelled control with the rule's id for it, its hint, and its error read out with it. */
  const field = (key: DraftField, label: string, hint: string | undefined, control: (props: ControlProps) => ComponentChildren) => {
    const error = errors?.[key];
    const errorId = `${ruleFieldId(draft.key, key)}-error`;
    return (
      <Field label={label} hint={hint}>
        {({ id, describedBy }) => (
          <>
            {control({
              id,
              "data-field": ruleFieldId(draft.key, key),
              "aria-invalid": error ? true : undefined,
              "aria-describedby": [error ? errorId : null, describedBy].filter(Boolean).join(" ") || undefined,
            })}
            {error && (
              <p id={errorId} class="router-field-error">
                {errorText(error)}
              </p>
            )}
          </>
        )}
      </Field>
    );
  };

  const choices = <V extends string>(
    key: DraftField,
    legend: string,
    options: readonly V[],
    selected: readonly V[],
    label: (value: V) => string,
    set: (values: V[]) => void,
  ) => (
    <fieldset class="router-choices" data-field={ruleFieldId(draft.key, key)}>
      <legend class="field__label">{legend}</legend>
      <div class="router-choices__options">
        {options.map((value) => (
          <label key={value} class="checkbox-label">
            <input
              class="checkbox"
              type="checkbox"
              checked={selected.includes(value)}
              onChange={(event) => set(event.currentTarget.checked ? [...selected, value] : selected.filter((v) => v !== value))}
            />
            {label(value)}
          </label>
        ))}
      </div>
      {errors?.[key] && <p class="router-field-error">{errorText(errors[key] as FieldError)}</p>}
    </fieldset>
  );

  return (
    <fieldset class="router-rule">
      <legend class="router-rule__legend">
        {name ? t("router.ruleLegend", { position, name }) : t("router.ruleLegendUntitled", { position })}
      </legend>
      <div class="router-rule__grid">
        {field("name", t("router.name"), undefined, (props) => (
          <input
            {...props}
            class="field__input"
            type="text"
            maxLength={100}
            required
            value={draft.name}
            onInput={(event) => onChange({ name: event.currentTarget.value })}
          />
        ))}
        {field("widgetId", t("router.widget"), t("router.widgetHint"), (props) => (
          <select
            {...props}
            class="field__input"
            required
            value={draft.widgetId}
            onChange={(event) => onChange({ widgetId: event.currentTarget.value })}
          >
            {draft.widgetId === "" && <option value="">{t("router.chooseWidget")}</option>}
            {!knownWidget && <option value={draft.widgetId}>{t("router.unknownWidget")}</option>}
            {widgets.map((widget) => (
              <option key={widget.id} value={widget.id}>
                {widget.name}
              </option>
            ))}
          </select>
        ))}
      </div>
      <p class="muted router-rule__conditions">{t("router.conditionsIntro")}</p>
      <div class="router-rule__grid">
        {field("urlPattern", t("router.urlPattern"), t("router.urlPatternHint"), (props) => (
          <input
            {...props}
            class="field__input"
            type="text"
            maxLength={500}
            spellcheck={false}
            value={draft.urlPattern}
            onInput={(event) => onChange({ urlPattern: event.currentTarget.value })}
          />
        ))}
        {field("countries", t("router.countries"), countryHint || t("router.countriesHint"), (props) => (
          <input
            {...props}
            class="field__input router-codes--upper"
            type="text"
            autocomplete="off"
            spellcheck={false}
            value={draft.countries}
            onInput={(event) => onChange({ countries: event.currentTarget.value })}
            onBlur={() => onChange({ countries: tidyCodes(draft.countries, true) })}
          />
        ))}
        {field("languages", t("router.languages"), languageHint || t("router.languagesHint"), (props) => (
          <input
            {...props}
            class="field__input"
            type="text"
            autocomplete="off"
            spellcheck={false}
            value={draft.languages}
            onInput={(event) => onChange({ languages: event.currentTarget.value })}
            onBlur={() => onChange({ languages: tidyCodes(draft.languages, false) })}
          />
        ))}
        {field("euMember", t("router.euMember"), undefined, (props) => (
          <select
            {...props}
            class="field__input"
            value={draft.euMember}
            onChange={(event) => onChange({ euMember: event.currentTarget.value as RuleDraft["euMember"] })}
          >
            <option value="any">{t("router.euAny")}</option>
            <option value="in">{t("router.euIn")}</option>
            <option value="out">{t("router.euOut")}</option>
          </select>
        ))}
      </div>
      <div class="router-rule__grid">
        {choices(
          "continents",
          t("router.continents"),
          CONTINENTS,
          draft.continents,
          (code) => t(`router.continentNames.${code}`),
          (continents) => onChange({ continents }),
        )}
        {choices(
          "devices",
          t("router.devices"),
          DEVICES,
          draft.devices,
          (device) => t(`router.deviceNames.${device}`),
          (devices) => onChange({ devices }),
        )}
      </div>
      <div class="router-rule__actions">
        <button
          type="button"
          class="button"
          data-move="up"
          aria-label={t("router.moveUp", { name: accessibleName })}
          disabled={position === 1}
          onClick={() => onMove(-1)}
        >
          <span aria-hidden="true">↑</span>
          {t("router.up")}
        </button>
        <button
          type="button"
          class="button"
          data-move="down"
          aria-label={t("router.moveDown", { name: accessibleName })}
          disabled={position === count}
          onClick={() => onMove(1)}
        >
          <span aria-hidden="true">↓</span>
          {t("router.down")}
        </button>
        <button type="button" class="button button--danger" aria-label={t("router.remove", { name: accessibleName })} onClick={onRemove}>
          {t("form.remove")}
        </button>
      </div>
    </fieldset>
  );
}

interface ControlProps {
  id: string;
  "data-field": string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
}
