import { useId } from "preact/hooks";
import { useTranslation } from "../../hooks/use-translation";
import type { RouterProblem, WidgetSettings } from "../../types";

interface RouterProblemsProps {
  problems: readonly RouterProblem[];
  widgets: readonly WidgetSettings[];
}

/**
 * The saved rules' misconfigurations, from the server: a rule that can match pages where its
 * widget may not be embedded. Those visitors get no widget (the router fails closed), so say it.
 */
export function RouterProblems({ problems, widgets }: RouterProblemsProps) {
  const { t } = useTranslation();
  const headingId = `${useId()}-problems`;
  if (problems.length === 0) return null;
  const names = new Map(widgets.map((widget) => [widget.id, widget.name]));
  return (
    <section class="notice notice--warning router-problems" aria-labelledby={headingId}>
      <h3 id={headingId} class="section-heading">
        {t("router.problems.heading")}
      </h3>
      <p>{t("router.problems.intro")}</p>
      <ul>
        {problems.map((problem) => (
          <li key={`${problem.ruleIndex}-${problem.origin}`}>
            {t("router.problems.item", {
              position: problem.ruleIndex + 1,
              rule: problem.ruleName,
              widget: names.get(problem.widgetId) ?? problem.widgetId,
              origin: problem.origin,
            })}
          </li>
        ))}
      </ul>
    </section>
  );
}
