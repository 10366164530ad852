import { useEffect, useId, useRef, useState } from "preact/hooks";
import { errorInfo } from "../../api";
import { teamApi } from "../../api/admin";
import { useDocumentTitle } from "../../hooks/use-document-title";
import { useMounted } from "../../hooks/use-mounted";
import { useTranslation } from "../../hooks/use-translation";
import { canManageTeam } from "../../lib/access";
import { fullTime, isoTime } from "../../lib/format";
import type { Department, Me } from "../../types";
import { ConfirmDialog } from "../confirm-dialog";
import { TextField } from "../form/fields";
import { byName } from "./departments";
import { idle, type Outcome, OutcomeStatus } from "./outcome";
import { TeamList } from "./team-list";
import { useLoaded } from "./use-loaded";
import { useRemoval } from "./use-removal";
import "./team.css";

interface DepartmentsScreenProps {
  me: Me;
}

const MAX_NAME = 100;

/** The departments conversations and widgets belong to, and roles can be limited to. */
export function DepartmentsScreen({ me }: DepartmentsScreenProps) {
  const { t } = useTranslation();
  // The set of departments bounds every role, so only a role over all of them may change it.
  const canManage = canManageTeam(me) && me.role.departmentIds === null;
  const lists = useLoaded(teamApi.departments);
  const [renamingId, setRenamingId] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(idle);
  useDocumentTitle(t("pageTitle", { page: t("nav.teamDepartments"), app: t("appName") }));

  const departments = [...(lists.data ?? [])].sort(byName);

  function focusAction(selector: string) {
    requestAnimationFrame(() => document.querySelector<HTMLElement>(selector)?.focus());
  }

  function stopRenaming(id: string) {
    setRenamingId(null);
    focusAction(`[data-rename-id="${CSS.escape(id)}"]`);
  }

  const removal = useRemoval<Department>({
    headingId: "departments-heading",
    request: (department) => teamApi.deleteDepartment(department.id),
    onDone: (department) => {
      lists.update((all) => all.filter((d) => d.id !== department.id));
      setOutcome({ kind: "done", text: t("team.departments.deleted", { name: department.name }) });
    },
    onFailed: (department, error) => {
      // The one refusal an admin can act on: say which department and what still holds it.
      setOutcome(
        error.code === "department_in_use"
          ? { kind: "alert", text: t("team.departments.inUse", { name: department.name }) }
          : { kind: "failed", error },
      );
      if (error.code === "not_found") lists.reload();
    },
  });
  const deleting = removal.removing;

  return (
    <main id="content" class="screen" tabIndex={-1}>
      <div class="screen__main">
        <h2 id="screen-heading" class="screen__heading" tabIndex={-1}>
          {t("team.departments.heading")}
        </h2>
        <p class="screen__intro">{t("team.departments.intro")}</p>
        {!canManage && <p class="notice">{canManageTeam(me) ? t("team.departments.needsAllDepartments") : t("form.readOnly")}</p>}

        <TeamList
          headingId="departments-heading"
          heading={t("team.departments.listHeading")}
          count={t("team.departments.count", { count: departments.length })}
          lists={lists}
          outcome={outcome}
        >
          {lists.data && departments.length === 0 && <p class="muted">{t("team.departments.empty")}</p>}
          {departments.length > 0 && (
            <div class="table-scroll">
              <table class="table team-table team-table--narrow">
                <caption class="visually-hidden">{t("team.departments.caption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("team.departments.name")}</th>
                    <th scope="col">{t("team.created")}</th>
                    {canManage && <th scope="col">{t("team.actions")}</th>}
                  </tr>
                </thead>
                <tbody>
                  {departments.map((department) => (
                    <tr key={department.id}>
                      {renamingId === department.id ? (
                        <td colSpan={canManage ? 3 : 2}>
                          <RenameForm
                            department={department}
                            onRenamed={(renamed) => {
                              lists.update((all) => all.map((d) => (d.id === renamed.id ? renamed : d)));
                              setOutcome({ kind: "done", text: t("team.departments.renamed", { name: renamed.name }) });
                              stopRenaming(renamed.id);
                            }}
                            onCancel={() => stopRenaming(department.id)}
                          />
                        </td>
                      ) : (
                        <>
                          <th scope="row">{department.name}</th>
                          <td>
                            <time dateTime={isoTime(department.createdAt)}>{fullTime(department.createdAt)}</time>
                          </td>
                          {canManage && (
                            <td>
                              <div class="team-row-actions">
                                <button
                                  type="button"
                                  class="button"
                                  data-rename-id={department.id}
                                  onClick={() => {
                                    setOutcome(idle);
                                    setRenamingId(department.id);
                                  }}
                                >
                                  {t("team.departments.rename")}
                                </button>
                                <button type="button" class="button button--danger" onClick={() => removal.confirm(department)}>
                                  {t("form.remove")}
                                </button>
                              </div>
                            </td>
                          )}
                        </>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </TeamList>

        {canManage && lists.data && <AddDepartmentForm onAdded={(department) => lists.update((all) => [...all, department])} />}
      </div>

      {deleting && (
        <ConfirmDialog
          title={t("team.departments.deleteTitle", { name: deleting.item.name })}
          message={t("team.departments.deleteConfirm", { name: deleting.item.name })}
          confirmLabel={t("team.departments.deleteButton")}
          busy={deleting.busy}
          onConfirm={() => removal.remove(deleting.item)}
          onCancel={removal.cancel}
        />
      )}
    </main>
  );
}

interface RenameFormProps {
  department: Department;
  onRenamed: (department: Department) => void;
  onCancel: () => void;
}

/** The name cell turned into a small form; Escape puts the old name back. */
function RenameForm({ department, onRenamed, onCancel }: RenameFormProps) {
  const { t } = useTranslation();
  const mounted = useMounted();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [name, setName] = useState(department.name);
  const [outcome, setOutcome] = useState<Outcome>(idle);
  const busy = outcome.kind === "busy";

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);

  async function submit(event: Event) {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setOutcome({ kind: "alert", text: t("team.departments.nameRequired") });
      return;
    }
    if (trimmed === department.name) {
      onCancel();
      return;
    }
    setOutcome({ kind: "busy", text: t("form.saving") });
    try {
      const renamed = await teamApi.renameDepartment(department.id, { name: trimmed });
      if (mounted.current) onRenamed(renamed);
    } catch (failure) {
      if (mounted.current) setOutcome({ kind: "failed", error: errorInfo(failure) });
    }
  }

  return (
    <form
      class="team-rename"
      onSubmit={(event) => void submit(event)}
      onKeyDown={(event) => {
        if (event.key === "Escape" && !busy) {
          event.preventDefault();
          onCancel();
        }
      }}
      noValidate
    >
      <div class="field">
        <label class="field__label" for={inputId}>
          {t("team.departments.newName", { name: department.name })}
        </label>
        <div class="team-rename__row">
          <input
            ref={input}
            id={inputId}
            class="field__input"
            type="text"
            required
            maxLength={MAX_NAME}
            autoComplete="off"
            value={name}
            onInput={(event) => setName(event.currentTarget.value)}
          />
          <button type="submit" class="button button--primary" disabled={busy} aria-busy={busy}>
            {t("form.save")}
          </button>
          <button type="button" class="button" onClick={onCancel} disabled={busy}>
            {t("cancel")}
          </button>
        </div>
      </div>
      <OutcomeStatus outcome={outcome} />
    </form>
  );
}

/** A new department, by name. */
function AddDepartmentForm({ onAdded }: { onAdded: (department: Department) => void }) {
  const { t } = useTranslation();
  const mounted = useMounted();
  const headingId = useId();
  const [name, setName] = useState("");
  const [outcome, setOutcome] = useState<Outcome>(idle);
  const busy = outcome.kind === "busy";

  async function submit(event: Event) {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setOutcome({ kind: "alert", text: t("team.departments.nameRequired") });
      return;
    }
    setOutcome({ kind: "busy", text: t("team.departments.adding") });
    try {
      const department = await teamApi.createDepartment({ name: trimmed });
      if (!mounted.current) return;
      setName("");
      setOutcome({ kind: "done", text: t("team.departments.added", { name: department.name }) });
      onAdded(department);
    } catch (failure) {
      if (mounted.current) setOutcome({ kind: "failed", error: errorInfo(failure) });
    }
  }

  return (
    <form class="panel team-panel" aria-labelledby={headingId} onSubmit={(event) => void submit(event)} noValidate>
      <h3 id={headingId} class="section-heading">
        {t("team.departments.addHeading")}
      </h3>
      <div class="team-inline-form">
        <TextField
          label={t("team.departments.departmentName")}
          value={name}
          onInput={setName}
          required
          autoComplete="off"
          maxLength={MAX_NAME}
        />
        <button type="submit" class="button button--primary" disabled={busy} aria-busy={busy}>
          {t("team.departments.add")}
        </button>
      </div>
      <OutcomeStatus outcome={outcome} />
    </form>
  );
}
