import type { RouterRule } from "./evaluate";

// What a role limited to some departments sees of the widget router: only rules that pick one of
// its departments' widgets. Other rules stay hidden (and intact: only roles over all departments
// may replace the rules), and the dry run names no widget of another department.

export type ScopedRule = RouterRule & { departmentId: string | null };

const sees = (departmentIds: string[] | null, rule: ScopedRule): boolean =>
  departmentIds === null || (rule.departmentId !== null && departmentIds.includes(rule.departmentId));

/** The rules a reader with these departments (null = all) may see, in order. */
export const visibleRules = (rules: readonly ScopedRule[], departmentIds: string[] | null): RouterRule[] =>
  rules.filter((rule) => sees(departmentIds, rule)).map(({ departmentId: _department, ...rule }) => rule);

export const HIDDEN_RULE_REASON =
  "a rule for another department's widget matches first: the visitor gets that widget, which your role cannot see";

/**
 * A dry run's decision over all rules (as live), told to a reader with these departments: the
 * matched rule's position among the rules they see, reasons only of those rules (one per rule
 * looked at, then the closing ones), and no widget when a hidden rule decides.
 */
export function scopeDecision(
  rules: readonly ScopedRule[],
  decision: { index: number | null; reasons: string[] },
  departmentIds: string[] | null,
): { hidden: boolean; index: number | null; reasons: string[] } {
  if (departmentIds === null) return { hidden: false, index: decision.index, reasons: decision.reasons };
  const looked = decision.index === null ? Math.min(rules.length, decision.reasons.length) : decision.index + 1;
  const reasons: string[] = [];
  let visibleIndex = 0;
  for (let i = 0; i < looked; i++) {
    const rule = rules[i]!;
    if (!sees(departmentIds, rule)) {
      if (i === decision.index) return { hidden: true, index: null, reasons: [...reasons, HIDDEN_RULE_REASON] };
      continue;
    }
    reasons.push(decision.reasons[i]!);
    if (i === decision.index) break;
    visibleIndex++;
  }
  // After the rules: why the decision stands (no widget for this origin, or the default widget).
  reasons.push(...decision.reasons.slice(looked));
  return { hidden: false, index: decision.index === null ? null : visibleIndex, reasons };
}
