import { useEffect, useId, useState } from "preact/hooks";
import { type ErrorInfo, errorInfo } from "../../api";
import { settingsApi } from "../../api/admin";
import { useDocumentTitle } from "../../hooks/use-document-title";
import { useMounted } from "../../hooks/use-mounted";
import { useTranslation } from "../../hooks/use-translation";
import { useUnloadWarning } from "../../hooks/use-unload-warning";
import { errorText } from "../../i18n/error-text";
import { canManageAccount, canManageSettings } from "../../lib/access";
import type { Me, RouterProblem, RouterRule, WidgetSettings } from "../../types";
import { type SaveState, SaveStatus } from "../form/save-status";
import { emptyDraft, RULES_MAX, type RuleDraft, type RuleErrors, serverFieldError, snapshot, toDraft, toRule } from "./router-draft";
import { RouterProblems } from "./router-problems";
import { RouterRuleEditor, ruleFieldId } from "./router-rule-editor";
import { RouterRulesView } from "./router-rules-view";
import { RouterTester } from "./router-tester";
import "./router.css";

type Loaded =
  | { phase: "loading" }
  | { phase: "failed"; error: ErrorInfo }
  | { phase: "ready"; widgets: WidgetSettings[]; rules: RouterRule[]; problems: RouterProblem[] };

const focusLater = (selector: string) => requestAnimationFrame(() => document.querySelector<HTMLElement>(selector)?.focus());

/** The widget router: ordered rules from visitor conditions to widgets, and a tester for the saved ones. */
export function RouterScreen({ me }: { me: Me }) {
  const { t } = useTranslation();
  const mounted = useMounted();
  const id = useId();
  // Saving replaces the rules of the whole account, so the server also wants all departments.
  const canEdit = canManageAccount(me);
  const [loaded, setLoaded] = useState<Loaded>({ phase: "loading" });
  const [drafts, setDrafts] = useState<RuleDraft[]>([]);
  const [baseline, setBaseline] = useState(() => snapshot([]));
  const [errors, setErrors] = useState<Record<string, RuleErrors>>({});
  const [save, setSave] = useState<SaveState>({ kind: "idle" });
  const [announcement, setAnnouncement] = useState("");
  useDocumentTitle(t("pageTitle", { page: t("nav.settingsRouter"), app: t("appName") }));

  async function load() {
    setLoaded({ phase: "loading" });
    try {
      const [widgets, { rules, problems }] = await Promise.all([settingsApi.widgets(), settingsApi.routerRules()]);
      if (!mounted.current) return;
      const next = rules.map((rule) => toDraft(rule));
      setDrafts(next);
      setBaseline(snapshot(next));
      setErrors({});
      setLoaded({ phase: "ready", widgets, rules, problems });
    } catch (failure) {
      if (mounted.current) setLoaded({ phase: "failed", error: errorInfo(failure) });
    }
  }

  useEffect(() => {
    void load();
  }, []);

  const unsaved = canEdit && snapshot(drafts) !== baseline;
  useUnloadWarning(unsaved);
  const ruleName = (draft: RuleDraft, position: number) => draft.name.trim() || String(position);

  function edited() {
    setSave((current) => (current.kind === "saved" ? { kind: "idle" } : current));
  }

  function change(key: string, patch: Partial<Omit<RuleDraft, "key">>) {
    setDrafts((current) => current.map((draft) => (draft.key === key ? { ...draft, ...patch } : draft)));
    setErrors((current) => {
      const mine = current[key];
      if (!mine) return current;
      const rest = { ...mine };
      for (const field of Object.keys(patch)) delete rest[field as keyof RuleErrors];
      return { ...current, [key]: rest };
    });
    edited();
  }

  function add() {
    if (loaded.phase !== "ready" || drafts.length >= RULES_MAX) return;
    const draft = emptyDraft("");
    setDrafts((current) => [...current, draft]);
    setAnnouncement(t("router.added", { position: drafts.length + 1 }));
    edited();
    focusLater(`[data-field="${ruleFieldId(draft.key, "name")}"]`);
  }

  function move(key: string, by: -1 | 1) {
    const from = drafts.findIndex((draft) => draft.key === key);
    const to = from + by;
    const draft = drafts[from];
    const other = drafts[to];
    if (!draft || !other) return;
    const next = [...drafts];
    next[from] = other;
    next[to] = draft;
    setDrafts(next);
    setAnnouncement(t("router.moved", { name: ruleName(draft, from + 1), position: to + 1 }));
    edited();
    // Keep focus on the rule that moved; at either end its button in that direction is disabled.
    const atEnd = to === 0 || to === next.length - 1;
    const direction = atEnd ? (by === -1 ? "down" : "up") : by === -1 ? "up" : "down";
    focusLater(`[data-rule-key="${key}"] [data-move="${direction}"]`);
  }

  function remove(key: string) {
    const index = drafts.findIndex((draft) => draft.key === key);
    const draft = drafts[index];
    if (!draft) return;
    setDrafts(drafts.filter((d) => d.key !== key));
    setErrors(({ [key]: _gone, ...rest }) => rest);
    setAnnouncement(t("router.removed", { name: ruleName(draft, index + 1) }));
    edited();
    focusLater(`#${CSS.escape(`${id}-rules`)}`);
  }

  async function submit(event: Event) {
    event.preventDefault();
    if (save.kind === "saving") return;
    const submitted = drafts;
    const rules: RouterRule[] = [];
    const invalid: Record<string, RuleErrors> = {};
    for (const draft of submitted) {
      const result = toRule(draft);
      if (result.ok) rules.push(result.rule);
      else invalid[draft.key] = result.errors;
    }
    const firstInvalid = submitted.find((draft) => invalid[draft.key]);
    if (firstInvalid) {
      setErrors(invalid);
      setSave({ kind: "failed", error: { code: "invalid_request" } });
      const field = Object.keys(invalid[firstInvalid.key] ?? {})[0];
      focusLater(`[data-field="${ruleFieldId(firstInvalid.key, field as keyof RuleErrors)}"]`);
      return;
    }
    setErrors({});
    setSave({ kind: "saving" });
    try {
      const saved = await settingsApi.saveRouterRules({ rules });
      if (!mounted.current) return;
      // The server's copy, tidied (trimmed, upper-cased), under the same keys; edits made while
      // it was on its way are kept and stay unsaved.
      const next = saved.rules.map((rule, index) => toDraft(rule, submitted[index]?.key));
      setDrafts((current) => (current === submitted ? next : current));
      setBaseline(snapshot(next));
      setLoaded((current) => (current.phase === "ready" ? { ...current, rules: saved.rules, problems: saved.problems } : current));
      setSave({ kind: "saved" });
    } catch (failure) {
      if (!mounted.current) return;
      const info = errorInfo(failure);
      const named = serverFieldError(info);
      const draft = named ? submitted[named.index] : undefined;
      if (named && draft) setErrors({ [draft.key]: { [named.field]: named.error } });
      setSave({ kind: "failed", error: info });
    }
  }

  const rulesHeadingId = `${id}-rules`;

  return (
    <main id="content" class="screen" tabIndex={-1}>
      <div class="screen__main">
        <h2 id="screen-heading" class="screen__heading" tabIndex={-1}>
          {t("router.heading")}
        </h2>
        <p class="screen__intro">{t("router.intro")}</p>
        {!canEdit && <p class="notice">{canManageSettings(me) ? t("router.needsAllDepartments") : t("form.readOnly")}</p>}

        {loaded.phase === "loading" && (
          <p class="muted" role="status">
            {t("loading")}
          </p>
        )}
        {loaded.phase === "failed" && (
          <div class="router-load-error">
            <p class="form-error" role="alert">
              {t("router.loadFailed")} {errorText(loaded.error.code, loaded.error.message)}
            </p>
            <button type="button" class="button" onClick={() => void load()}>
              {t("tryAgain")}
            </button>
          </div>
        )}

        {loaded.phase === "ready" && (
          <>
            <RouterProblems problems={loaded.problems} widgets={loaded.widgets} />
            <section class="panel router-section" aria-labelledby={rulesHeadingId}>
              <h3 id={rulesHeadingId} class="section-heading" tabIndex={-1}>
                {t("router.rulesHeading")}
              </h3>
              {canEdit ? (
                <form class="router-form" onSubmit={(event) => void submit(event)} aria-labelledby={rulesHeadingId} noValidate>
                  {drafts.length === 0 ? (
                    <p class="muted">{t("router.empty")}</p>
                  ) : (
                    <ol class="router-rules">
                      {drafts.map((draft, index) => (
                        <li key={draft.key} data-rule-key={draft.key}>
                          <RouterRuleEditor
                            draft={draft}
                            position={index + 1}
                            count={drafts.length}
                            widgets={loaded.widgets}
                            errors={errors[draft.key]}
                            onChange={(patch) => change(draft.key, patch)}
                            onMove={(by) => move(draft.key, by)}
                            onRemove={() => remove(draft.key)}
                          />
                        </li>
                      ))}
                    </ol>
                  )}
                  <p class="visually-hidden" role="status">
                    {announcement}
                  </p>
                  <div class="router-form__actions">
                    <button type="button" class="button" onClick={add} disabled={drafts.length >= RULES_MAX}>
                      {t("router.addRule")}
                    </button>
                    <button type="submit" class="button button--primary" aria-disabled={save.kind === "saving"}>
                      {t("router.saveRules")}
                    </button>
                    {unsaved && <span class="router-form__unsaved">{t("router.unsaved")}</span>}
                  </div>
                  {drafts.length >= RULES_MAX && <p class="field__hint">{t("router.maxRules", { max: RULES_MAX })}</p>}
                  <SaveStatus state={save} />
                </form>
              ) : loaded.rules.length === 0 ? (
                <p class="muted">{t("router.empty")}</p>
              ) : (
                <RouterRulesView rules={loaded.rules} widgets={loaded.widgets} />
              )}
            </section>
            <RouterTester widgets={loaded.widgets} unsaved={unsaved} />
          </>
        )}
      </div>
    </main>
  );
}
