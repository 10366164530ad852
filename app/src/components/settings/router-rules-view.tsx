import { Fragment } from "preact";
import { useTranslation } from "../../hooks/use-translation";
import type { RouterRule, WidgetSettings } from "../../types";
import { countryNames, languageNames } from "./router-names";

interface RouterRulesViewProps {
  rules: readonly RouterRule[];
  widgets: readonly WidgetSettings[];
}

/** The rules in order, for a role that may read but not change them. */
export function RouterRulesView({ rules, widgets }: RouterRulesViewProps) {
  const { t, language } = useTranslation();
  const any = t("router.any");
  const widgetName = (id: string) => widgets.find((widget) => widget.id === id)?.name ?? t("router.unknownWidget");

  return (
    <ol class="router-rules">
      {rules.map((rule, index) => {
        const c = rule.conditions;
        const facts: [string, string][] = [
          [t("router.widget"), widgetName(rule.widgetId)],
          [t("router.urlPattern"), c.urlPattern ?? any],
          [t("router.countries"), c.countries ? `${c.countries.join(", ")} (${countryNames(c.countries, language)})` : any],
          [t("router.continents"), c.continents ? c.continents.map((code) => t(`router.continentNames.${code}`)).join(", ") : any],
          [t("router.euMember"), c.euMember === undefined ? any : c.euMember ? t("router.euIn") : t("router.euOut")],
          [t("router.devices"), c.devices ? c.devices.map((device) => t(`router.deviceNames.${device}`)).join(", ") : any],
          [t("router.languages"), c.languages ? `${c.languages.join(", ")} (${languageNames(c.languages)})` : any],
        ];
        return (
          // Rules have no id of their own; name and position together are unique in the list.
          <li key={`${index}-${rule.name}`} class="router-rule">
            <h4 class="router-rule__legend">{t("router.ruleLegend", { position: index + 1, name: rule.name })}</h4>
            <dl class="facts">
              {facts.map(([term, value]) => (
                <Fragment key={term}>
                  <dt>{term}</dt>
                  <dd>{value}</dd>
                </Fragment>
              ))}
            </dl>
          </li>
        );
      })}
    </ol>
  );
}
