import { useEffect, useId, useMemo, useState } from "preact/hooks";
import { type ErrorInfo, errorInfo } from "../../api";
import { settingsApi, teamApi } from "../../api/admin";
import { useDocumentTitle } from "../../hooks/use-document-title";
import { useMounted } from "../../hooks/use-mounted";
import { useTranslation } from "../../hooks/use-translation";
import { useUnloadWarning } from "../../hooks/use-unload-warning";
import { canManageSettings } from "../../lib/access";
import type { Department, Me, UpdateWidget, WidgetSettings } from "../../types";
import { LoadStatus } from "./load-status";
import { WidgetAddForm } from "./widget-add-form";
import { isDirty, toDraft, type WidgetDraft } from "./widget-draft";
import { WidgetForm } from "./widget-form";
import "./widgets.css";

/** Unsaved edits of one widget, against the widget as it was when editing began. */
interface DraftEntry {
  base: WidgetSettings;
  draft: WidgetDraft;
}

interface Kept {
  selectedId: string | null;
  drafts: Readonly<Record<string, DraftEntry>>;
}

// Per operator, for the life of the page: edits survive switching widgets and leaving the screen,
// so nothing typed is lost without the admin choosing to discard it.
const kept = new Map<string, Kept>();

type Load = { phase: "loading" } | { phase: "failed"; error: ErrorInfo } | { phase: "ready"; widgets: WidgetSettings[] };

/** The account's widgets: pick one, change any of its settings, copy its embed code, add more. */
export function WidgetsScreen({ me }: { me: Me }) {
  const { t } = useTranslation();
  const mounted = useMounted();
  const headingId = useId();
  const canManage = canManageSettings(me);
  const operatorId = me.operator.id;
  const [load, setLoad] = useState<Load>({ phase: "loading" });
  const [attempt, setAttempt] = useState(0);
  const [selectedId, setSelectedId] = useState<string | null>(() => kept.get(operatorId)?.selectedId ?? null);
  const [drafts, setDrafts] = useState<Readonly<Record<string, DraftEntry>>>(() => kept.get(operatorId)?.drafts ?? {});
  const [allDepartments, setAllDepartments] = useState<readonly Department[] | null>(null);
  const [accountMonths, setAccountMonths] = useState<number | null | undefined>(undefined);
  useDocumentTitle(t("pageTitle", { page: t("nav.settingsWidgets"), app: t("appName") }));

  useEffect(() => {
    kept.set(operatorId, { selectedId, drafts });
  }, [operatorId, selectedId, drafts]);

  useEffect(() => {
    setLoad({ phase: "loading" });
    void (async () => {
      try {
        const widgets = await settingsApi.widgets();
        if (!mounted.current) return;
        setLoad({ phase: "ready", widgets });
        // Edits of widgets that are gone, or that were never really changed, are dropped.
        setDrafts((current) => {
          const next: Record<string, DraftEntry> = {};
          for (const widget of widgets) {
            const entry = current[widget.id];
            if (entry && isDirty(entry.base, entry.draft)) next[widget.id] = entry;
          }
          return next;
        });
      } catch (failure) {
        if (mounted.current) setLoad({ phase: "failed", error: errorInfo(failure) });
      }
    })();
  }, [attempt, mounted]);

  useEffect(() => {
    void settingsApi
      .account()
      .then((account) => mounted.current && setAccountMonths(account.retentionMonths))
      .catch(() => {
        // Without it the retention choice just says "the account's".
      });
    // Departments take team read; without it the form shows the department's id instead of a list.
    if (me.role.permissions.team === "none") return;
    void teamApi
      .departments()
      .then((departments) => mounted.current && setAllDepartments(departments))
      .catch(() => {
        // A 403 (or any failure) leaves the list unknown: the forms fall back to department ids.
      });
  }, [me, mounted]);

  const anyDirty = Object.values(drafts).some((entry) => isDirty(entry.base, entry.draft));
  useUnloadWarning(anyDirty);

  const names = useMemo(() => new Map((allDepartments ?? []).map((d) => [d.id, d.name])), [allDepartments]);
  const departmentName = (id: string) => names.get(id) ?? null;
  // A departmental admin may only use their own departments; the server enforces it too.
  const ownDepartments = useMemo(
    () => (allDepartments ? allDepartments.filter((d) => me.role.departmentIds === null || me.role.departmentIds.includes(d.id)) : null),
    [allDepartments, me],
  );

  const widgets = load.phase === "ready" ? load.widgets : [];
  const selected = widgets.find((w) => w.id === selectedId) ?? widgets[0] ?? null;
  const entry = selected ? drafts[selected.id] : undefined;
  // One unedited draft per saved widget, so re-renders keep the rows' keys (and focus) stable.
  const [pristine] = useState(() => new WeakMap<WidgetSettings, WidgetDraft>());
  function pristineDraft(widget: WidgetSettings): WidgetDraft {
    let draft = pristine.get(widget);
    if (!draft) {
      draft = toDraft(widget);
      pristine.set(widget, draft);
    }
    return draft;
  }

  function setDraft(widget: WidgetSettings, base: WidgetSettings, draft: WidgetDraft) {
    setDrafts((current) => {
      const next = { ...current };
      if (isDirty(base, draft)) next[widget.id] = { base, draft };
      else delete next[widget.id];
      return next;
    });
  }

  function replaceWidget(saved: WidgetSettings) {
    setLoad((current) =>
      current.phase === "ready" ? { phase: "ready", widgets: current.widgets.map((w) => (w.id === saved.id ? saved : w)) } : current,
    );
  }

  async function save(widget: WidgetSettings, change: UpdateWidget, sent: WidgetDraft) {
    const saved = Object.keys(change).length > 0 ? await settingsApi.updateWidget(widget.id, change) : widget;
    replaceWidget(saved);
    setDrafts((current) => {
      const next = { ...current };
      const now = current[widget.id];
      // Edits made while the request was under way stay, now measured against what was saved.
      if (now && now.draft !== sent && isDirty(saved, now.draft)) next[widget.id] = { base: saved, draft: now.draft };
      else delete next[widget.id];
      return next;
    });
  }

  function discard(id: string) {
    setDrafts((current) => {
      const next = { ...current };
      delete next[id];
      return next;
    });
  }

  function created(widget: WidgetSettings) {
    setLoad((current) => (current.phase === "ready" ? { phase: "ready", widgets: [...current.widgets, widget] } : current));
    setSelectedId(widget.id);
    requestAnimationFrame(() => document.getElementById(headingId)?.focus());
  }

  return (
    <main id="content" class="screen" tabIndex={-1}>
      <div class="screen__main">
        <h2 id="screen-heading" class="screen__heading" tabIndex={-1}>
          {t("widgets.heading")}
        </h2>
        <p class="screen__intro">{t("widgets.intro")}</p>
        {!canManage && <p class="notice">{t("form.readOnly")}</p>}
        <LoadStatus load={load} onRetry={() => setAttempt((n) => n + 1)} />
        {load.phase === "ready" && (
          <div class="widgets">
            <div class="widgets__sidebar">
              <nav class="panel widget-list" aria-labelledby={`${headingId}-list`}>
                <h3 id={`${headingId}-list`} class="section-heading">
                  {t("widgets.list.heading")}
                </h3>
                {widgets.length === 0 ? (
                  <p class="muted">{t("widgets.list.empty")}</p>
                ) : (
                  <ul class="widget-list__items">
                    {widgets.map((widget) => {
                      const draft = drafts[widget.id];
                      const unsaved = draft !== undefined && isDirty(draft.base, draft.draft);
                      const department = departmentName(widget.departmentId);
                      return (
                        <li key={widget.id}>
                          <button
                            type="button"
                            class="widget-list__item"
                            aria-current={widget.id === selected?.id ? "true" : undefined}
                            onClick={() => setSelectedId(widget.id)}
                          >
                            <span class="widget-list__name">{widget.name}</span>
                            {department && <span class="widget-list__meta">{department}</span>}
                            {widget.privacyMode && <span class="widget-list__meta">{t("widgets.list.privacyMode")}</span>}
                            {unsaved && <span class="widget-list__unsaved">{t("widgets.list.edited")}</span>}
                          </button>
                        </li>
                      );
                    })}
                  </ul>
                )}
              </nav>
              {canManage && (
                <WidgetAddForm departments={ownDepartments} fallbackDepartmentId={selected?.departmentId ?? null} onCreated={created} />
              )}
            </div>
            {selected && (
              <WidgetForm
                key={selected.id}
                widget={entry?.base ?? selected}
                draft={entry?.draft ?? pristineDraft(selected)}
                onDraft={(draft) => setDraft(selected, entry?.base ?? selected, draft)}
                onSave={(change, sent) => save(selected, change, sent)}
                onDiscard={() => discard(selected.id)}
                departments={ownDepartments}
                departmentName={departmentName}
                accountMonths={accountMonths}
                readOnly={!canManage}
                headingId={headingId}
              />
            )}
          </div>
        )}
      </div>
    </main>
  );
}
