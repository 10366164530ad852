import { useId, useMemo, useState } from "preact/hooks";
import { useTranslation } from "../hooks/use-translation";
import { conversationLanguages } from "../lib/languages";
import { emptyFilterForm, type FilterForm, toFilter } from "../lib/transcript-filter";
import type { ConversationFilter, WidgetSettings } from "../types";
import { DateRangeFields } from "./form/date-range-fields";

interface TranscriptFiltersProps {
  /** Null: the role cannot list widgets, so there is no widget filter. */
  widgets: readonly WidgetSettings[] | null;
  onSearch: (filter: ConversationFilter) => void;
}

const RATINGS = [5, 4, 3, 2, 1] as const;

/** Every filter of the transcript search; empty fields mean "any". */
export function TranscriptFilters({ widgets, onSearch }: TranscriptFiltersProps) {
  const { t, language } = useTranslation();
  const [form, setForm] = useState<FilterForm>(emptyFilterForm);
  const [dateError, setDateError] = useState(false);
  const conversationLanguageOptions = useMemo(() => conversationLanguages(language), [language]);
  const id = useId();
  const field = (name: string) => `${id}-${name}`;

  function set<K extends keyof FilterForm>(name: K, value: FilterForm[K]) {
    setForm((current) => ({ ...current, [name]: value }));
    if (name === "from" || name === "to") setDateError(false);
  }

  function submit(event: Event) {
    event.preventDefault();
    const result = toFilter(form);
    if (!result.ok) {
      setDateError(true);
      return;
    }
    onSearch(result.filter);
  }

  function reset() {
    setForm(emptyFilterForm);
    setDateError(false);
    onSearch({});
  }

  const text = (name: "email" | "name" | "tags", label: string, type: "email" | "text", hint?: string) => (
    <div class="field">
      <label class="field__label" for={field(name)}>
        {label}
      </label>
      <input
        id={field(name)}
        class="field__input"
        type={type}
        value={form[name]}
        aria-describedby={hint ? field(`${name}-hint`) : undefined}
        onInput={(event) => set(name, event.currentTarget.value)}
      />
      {hint && (
        <p id={field(`${name}-hint`)} class="field__hint">
          {hint}
        </p>
      )}
    </div>
  );

  return (
    <form class="panel filters" onSubmit={submit} aria-labelledby={field("heading")}>
      <h3 id={field("heading")} class="section-heading">
        {t("filters.heading")}
      </h3>
      <div class="filters__grid">
        {text("email", t("filters.email"), "email")}
        {text("name", t("filters.name"), "text")}
        <DateRangeFields
          idPrefix={id}
          fromLabel={t("filters.from")}
          toLabel={t("filters.to")}
          from={form.from}
          to={form.to}
          onFrom={(value) => set("from", value)}
          onTo={(value) => set("to", value)}
          invalid={dateError}
          toDescribedBy={dateError ? field("date-error") : undefined}
        />
        {widgets && (
          <div class="field">
            <label class="field__label" for={field("widgetId")}>
              {t("filters.widget")}
            </label>
            <select
              id={field("widgetId")}
              class="field__input"
              value={form.widgetId}
              onChange={(event) => set("widgetId", event.currentTarget.value)}
            >
              <option value="">{t("filters.allWidgets")}</option>
              {widgets.map((widget) => (
                <option key={widget.id} value={widget.id}>
                  {widget.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div class="field">
          <label class="field__label" for={field("status")}>
            {t("filters.status")}
          </label>
          <select
            id={field("status")}
            class="field__input"
            value={form.status}
            onChange={(event) => set("status", event.currentTarget.value as FilterForm["status"])}
          >
            <option value="">{t("filters.anyStatus")}</option>
            <option value="open">{t("status.open")}</option>
            <option value="closed">{t("status.closed")}</option>
          </select>
        </div>
        <div class="field">
          <label class="field__label" for={field("language")}>
            {t("filters.language")}
          </label>
          <select
            id={field("language")}
            class="field__input"
            value={form.language}
            onChange={(event) => set("language", event.currentTarget.value)}
          >
            <option value="">{t("filters.anyLanguage")}</option>
            {conversationLanguageOptions.map(({ code, name }) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label class="field__label" for={field("rating")}>
            {t("filters.rating")}
          </label>
          <select
            id={field("rating")}
            class="field__input"
            value={form.rating}
            onChange={(event) => set("rating", event.currentTarget.value)}
          >
            <option value="">{t("filters.anyRating")}</option>
            {RATINGS.map((stars) => (
              <option key={stars} value={String(stars)}>
                {t("filters.stars", { count: stars })}
              </option>
            ))}
          </select>
        </div>
        {text("tags", t("filters.tags"), "text", t("filters.tagsHint"))}
        <div class="field">
          <label class="field__label" for={field("hasConsent")}>
            {t("filters.consent")}
          </label>
          <select
            id={field("hasConsent")}
            class="field__input"
            value={form.hasConsent}
            onChange={(event) => set("hasConsent", event.currentTarget.value as FilterForm["hasConsent"])}
          >
            <option value="">{t("filters.anyConsent")}</option>
            <option value="yes">{t("filters.yes")}</option>
            <option value="no">{t("filters.no")}</option>
          </select>
        </div>
      </div>
      {dateError && (
        <p id={field("date-error")} class="form-error" role="alert">
          {t("filters.dateOrder")}
        </p>
      )}
      <div class="filters__actions">
        <button type="submit" class="button button--primary">
          {t("filters.search")}
        </button>
        <button type="button" class="button" onClick={reset}>
          {t("filters.reset")}
        </button>
      </div>
    </form>
  );
}
