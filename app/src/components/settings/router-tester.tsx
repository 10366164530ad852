import { useId, useState } from "preact/hooks";
import { type ErrorInfo, errorInfo } from "../../api";
import { settingsApi } from "../../api/admin";
import { useMounted } from "../../hooks/use-mounted";
import { useTranslation } from "../../hooks/use-translation";
import { errorText } from "../../i18n/error-text";
import type { RouterDecision, RouterDryRun, WidgetSettings } from "../../types";
import { SelectField, TextField } from "../form/fields";
import { CONTINENTS, type Continent } from "./router-draft";

interface RouterTesterProps {
  widgets: readonly WidgetSettings[];
  /** The form above has changes the dry run (which reads the saved rules) cannot see. */
  unsaved: boolean;
}

type DevicePreset = "desktop" | "mobile" | "tablet" | "custom";

// Representative User-Agents: the server classifies them exactly as it does a real visitor's.
const USER_AGENTS: Record<Exclude<DevicePreset, "custom">, string> = {
  desktop: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
  mobile:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
  tablet: "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
};

interface Visitor {
  siteKey: string;
  url: string;
  country: string;
  continent: Continent | "";
  euMember: "" | "yes" | "no";
  device: DevicePreset;
  userAgent: string;
  language: string;
}

type Invalid = Partial<Record<"url" | "country", true>>;

function isWebUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** The visitor as the dry run takes it; unknown facts are left out, as the edge would not know them. */
function toDryRun(visitor: Visitor): { ok: true; body: RouterDryRun } | { ok: false; invalid: Invalid } {
  const invalid: Invalid = {};
  const url = visitor.url.trim();
  const country = visitor.country.trim().toUpperCase();
  if (url && !isWebUrl(url)) invalid.url = true;
  if (country && !/^[A-Z]{2}$/.test(country)) invalid.country = true;
  if (invalid.url || invalid.country) return { ok: false, invalid };
  const userAgent = visitor.device === "custom" ? visitor.userAgent.trim() : USER_AGENTS[visitor.device];
  const language = visitor.language.trim();
  return {
    ok: true,
    body: {
      siteKey: visitor.siteKey,
      ...(url ? { url } : {}),
      ...(country ? { country } : {}),
      ...(visitor.continent ? { continent: visitor.continent } : {}),
      ...(visitor.euMember ? { euMember: visitor.euMember === "yes" } : {}),
      ...(userAgent ? { userAgent } : {}),
      ...(language ? { language } : {}),
    },
  };
}

/** "Which widget would this visitor get?": a dry run of the saved rules, with the server's reasons. */
export function RouterTester({ widgets, unsaved }: RouterTesterProps) {
  const { t } = useTranslation();
  const mounted = useMounted();
  const id = useId();
  const [visitor, setVisitor] = useState<Visitor>(() => ({
    siteKey: widgets[0]?.siteKey ?? "",
    url: "",
    country: "",
    continent: "",
    euMember: "",
    device: "desktop",
    userAgent: "",
    language: "",
  }));
  const [invalid, setInvalid] = useState<Invalid>({});
  const [testing, setTesting] = useState(false);
  const [decision, setDecision] = useState<RouterDecision | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);

  function set<K extends keyof Visitor>(name: K, value: Visitor[K]) {
    setVisitor((current) => ({ ...current, [name]: value }));
    if (name === "url" || name === "country") setInvalid((current) => ({ ...current, [name]: undefined }));
  }

  async function submit(event: Event) {
    event.preventDefault();
    if (testing) return;
    const result = toDryRun(visitor);
    if (!result.ok) {
      setInvalid(result.invalid);
      document.getElementById(`${id}-${result.invalid.url ? "url" : "country"}`)?.focus();
      return;
    }
    setTesting(true);
    setError(null);
    try {
      const answer = await settingsApi.routerDryRun(result.body);
      if (mounted.current) setDecision(answer);
    } catch (failure) {
      if (mounted.current) {
        setDecision(null);
        setError(errorInfo(failure));
      }
    } finally {
      if (mounted.current) setTesting(false);
    }
  }

  const headingId = `${id}-heading`;
  // widget null: no widget for this page (rule named) or, with no rule, a rule the role does not see decides.
  const summary = !decision
    ? ""
    : !decision.widget
      ? decision.rule
        ? t("router.tester.noWidget", { position: decision.rule.index + 1, rule: decision.rule.name })
        : t("router.tester.hiddenRule")
      : decision.rule
        ? t("router.tester.matchedRule", { widget: decision.widget.name, position: decision.rule.index + 1, rule: decision.rule.name })
        : t("router.tester.noRuleMatched", { widget: decision.widget.name });

  return (
    <section class="panel router-tester" aria-labelledby={headingId}>
      <h3 id={headingId} class="section-heading">
        {t("router.tester.heading")}
      </h3>
      <p class="muted">{t("router.tester.intro")}</p>
      {unsaved && <p class="notice">{t("router.tester.unsaved")}</p>}
      {widgets.length === 0 ? (
        <p class="muted">{t("router.tester.noWidgets")}</p>
      ) : (
        <form
          class="router-tester__form"
          onSubmit={(event) => void submit(event)}
          aria-labelledby={headingId}
          aria-busy={testing}
          noValidate
        >
          <div class="router-rule__grid">
            <SelectField
              label={t("router.tester.embed")}
              hint={t("router.tester.embedHint")}
              value={visitor.siteKey}
              options={widgets.map((widget) => ({ value: widget.siteKey, label: `${widget.name} (${widget.siteKey})` }))}
              onChange={(siteKey) => set("siteKey", siteKey)}
            />
            <div class="field">
              <label class="field__label" for={`${id}-url`}>
                {t("router.tester.pageUrl")}
              </label>
              <input
                id={`${id}-url`}
                class="field__input"
                type="url"
                spellcheck={false}
                value={visitor.url}
                aria-invalid={invalid.url}
                aria-describedby={invalid.url ? `${id}-url-error ${id}-url-hint` : `${id}-url-hint`}
                onInput={(event) => set("url", event.currentTarget.value)}
              />
              {invalid.url && (
                <p id={`${id}-url-error`} class="router-field-error">
                  {t("router.tester.invalidUrl")}
                </p>
              )}
              <p id={`${id}-url-hint`} class="field__hint">
                {t("router.tester.pageUrlHint")}
              </p>
            </div>
            <div class="field">
              <label class="field__label" for={`${id}-country`}>
                {t("router.tester.country")}
              </label>
              <input
                id={`${id}-country`}
                class="field__input router-codes--upper"
                type="text"
                autocomplete="off"
                maxLength={2}
                spellcheck={false}
                value={visitor.country}
                aria-invalid={invalid.country}
                aria-describedby={invalid.country ? `${id}-country-error ${id}-country-hint` : `${id}-country-hint`}
                onInput={(event) => set("country", event.currentTarget.value)}
              />
              {invalid.country && (
                <p id={`${id}-country-error`} class="router-field-error">
                  {t("router.tester.invalidCountry")}
                </p>
              )}
              <p id={`${id}-country-hint`} class="field__hint">
                {t("router.tester.countryHint")}
              </p>
            </div>
            <SelectField
              label={t("router.tester.continent")}
              value={visitor.continent}
              options={[
                { value: "" as const, label: t("router.tester.unknown") },
                ...CONTINENTS.map((code) => ({ value: code, label: t(`router.continentNames.${code}`) })),
              ]}
              onChange={(continent) => set("continent", continent)}
            />
            <SelectField
              label={t("router.tester.euMember")}
              hint={t("router.tester.euHint")}
              value={visitor.euMember}
              options={[
                { value: "" as const, label: t("router.tester.unknown") },
                { value: "yes" as const, label: t("router.tester.yes") },
                { value: "no" as const, label: t("router.tester.no") },
              ]}
              onChange={(euMember) => set("euMember", euMember)}
            />
            <SelectField
              label={t("router.tester.device")}
              value={visitor.device}
              options={[
                { value: "desktop" as const, label: t("router.deviceNames.desktop") },
                { value: "mobile" as const, label: t("router.deviceNames.mobile") },
                { value: "tablet" as const, label: t("router.deviceNames.tablet") },
                { value: "custom" as const, label: t("router.tester.customDevice") },
              ]}
              onChange={(device) => set("device", device)}
            />
            {visitor.device === "custom" && (
              <TextField
                label={t("router.tester.userAgent")}
                value={visitor.userAgent}
                maxLength={1000}
                onInput={(userAgent) => set("userAgent", userAgent)}
              />
            )}
            <TextField
              label={t("router.tester.language")}
              hint={t("router.tester.languageHint")}
              value={visitor.language}
              maxLength={200}
              autoComplete="off"
              onInput={(language) => set("language", language)}
            />
          </div>
          <div class="filters__actions">
            <button type="submit" class="button button--primary" aria-disabled={testing}>
              {t("router.tester.test")}
            </button>
          </div>
        </form>
      )}
      <p class="router-tester__summary" role="status">
        {testing ? t("router.tester.testing") : summary}
      </p>
      {error && (
        <p class="form-error" role="alert">
          {errorText(error.code, error.message)}
          {error.code === "invalid_request" && error.message && <span class="save-status__detail"> {error.message}</span>}
        </p>
      )}
      {decision && !testing && (
        <div class="router-tester__result">
          {decision.widget && <p class="muted">{t("router.tester.siteKey", { siteKey: decision.widget.siteKey })}</p>}
          <h4 class="router-tester__reasons-heading">{t("router.tester.reasonsHeading")}</h4>
          <p class="field__hint">{t("router.tester.reasonsHint")}</p>
          <ol class="router-tester__reasons">
            {decision.reasons.map((reason, index) => (
              // The server's reasons are an ordered list of sentences without ids of their own.
              <li key={`${index}-${reason}`}>{reason}</li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}
