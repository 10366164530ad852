import { useState } from "preact/hooks";
import { teamApi } from "../../api/admin";
import { useDocumentTitle } from "../../hooks/use-document-title";
import { useTranslation } from "../../hooks/use-translation";
import { canManageTeam } from "../../lib/access";
import type { Me, Role } from "../../types";
import { ConfirmDialog } from "../confirm-dialog";
import { byName, departmentNames } from "./departments";
import { idle, type Outcome } from "./outcome";
import { AREAS, withinMe } from "./rights";
import { RoleEditor } from "./role-editor";
import { RowActions } from "./row-actions";
import { TeamList } from "./team-list";
import { useLoaded } from "./use-loaded";
import { useRemoval } from "./use-removal";
import { useRowEditor } from "./use-row-editor";
import "./team.css";

interface RolesScreenProps {
  me: Me;
}

const loadAll = () => Promise.all([teamApi.roles(), teamApi.departments(), teamApi.operators()]);

/** Built-in roles to read, custom roles to make, change and delete. */
export function RolesScreen({ me }: RolesScreenProps) {
  const { t } = useTranslation();
  const canManage = canManageTeam(me);
  const lists = useLoaded(loadAll);
  const editor = useRowEditor();
  const editingId = editor.editingId;
  const [outcome, setOutcome] = useState<Outcome>(idle);
  useDocumentTitle(t("pageTitle", { page: t("nav.teamRoles"), app: t("appName") }));

  const [roles, departments, operators] = lists.data ?? [[], [], []];
  // Built-in roles first, as the reference the custom ones are made from.
  const sorted = [...roles].sort((a, b) => Number(b.builtIn) - Number(a.builtIn) || byName(a, b));
  const sortedDepartments = [...departments].sort(byName);
  const editing = roles.find((role) => role.id === editingId && !role.builtIn) ?? null;
  const holders = (role: Role) => operators.filter((operator) => operator.roleId === role.id).length;

  const removal = useRemoval<Role>({
    headingId: "roles-heading",
    request: (role) => teamApi.deleteRole(role.id),
    onDone: (role) => {
      lists.update(([r, d, o]) => [r.filter((x) => x.id !== role.id), d, o]);
      if (editingId === role.id) editor.setEditingId(null);
      setOutcome({ kind: "done", text: t("team.roles.deleted", { name: role.name }) });
    },
    onFailed: (role, error) => {
      setOutcome(
        error.code === "role_in_use" ? { kind: "alert", text: t("team.roles.inUse", { name: role.name }) } : { kind: "failed", error },
      );
      if (error.code === "not_found" || error.code === "role_in_use") lists.reload();
    },
  });
  const deleting = removal.removing;

  /** Why a role has no Edit and Remove for this manager, or null when it has them. */
  function lockedReason(role: Role): string | null {
    if (role.builtIn) return t("team.roles.builtInLocked");
    if (role.id === me.role.id) return t("team.roles.ownRoleLocked");
    if (!withinMe(me, role)) return t("team.roles.beyondYou");
    return null;
  }

  return (
    <main id="content" class="screen" tabIndex={-1}>
      <div class="screen__main">
        <h2 id="screen-heading" class="screen__heading" tabIndex={-1}>
          {t("team.roles.heading")}
        </h2>
        <p class="screen__intro">{t("team.roles.intro")}</p>
        {!canManage && <p class="notice">{t("form.readOnly")}</p>}

        <TeamList
          headingId="roles-heading"
          heading={t("team.roles.listHeading")}
          count={t("team.roles.count", { count: roles.length })}
          lists={lists}
          outcome={outcome}
        >
          {sorted.length > 0 && (
            <div class="table-scroll">
              <table class="table team-table">
                <caption class="visually-hidden">{t("team.roles.caption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("team.roles.role")}</th>
                    <th scope="col">{t("team.roles.access")}</th>
                    <th scope="col">{t("team.roles.departments")}</th>
                    <th scope="col" class="table__number">
                      {t("team.roles.operators")}
                    </th>
                    {canManage && <th scope="col">{t("team.actions")}</th>}
                  </tr>
                </thead>
                <tbody>
                  {sorted.map((role) => {
                    const locked = lockedReason(role);
                    return (
                      <tr key={role.id} class={role.id === editingId ? "table__row--opened" : undefined}>
                        <th scope="row">
                          {role.name}
                          {role.builtIn && <span class="team-badge team-badge--built-in">{t("team.roles.builtIn")}</span>}
                          {role.id === me.role.id && <span class="team-you"> {t("team.roles.yours")}</span>}
                        </th>
                        <td>
                          <ul class="team-grant-list">
                            {AREAS.map((area) => (
                              <li key={area} class={role.permissions[area] === "none" ? "muted" : undefined}>
                                {t("team.roles.grant", {
                                  area: t(`team.roles.areas.${area}`),
                                  level: t(`team.roles.levels.${role.permissions[area]}`),
                                })}
                              </li>
                            ))}
                            <li class={role.permissions.analytics === "none" ? "muted" : undefined}>
                              {t("team.roles.grant", {
                                area: t("team.roles.areas.analytics"),
                                level: t(`team.roles.analyticsLevels.${role.permissions.analytics}`),
                              })}
                            </li>
                          </ul>
                        </td>
                        <td>{departmentNames(role.departmentIds, departments)}</td>
                        <td class="table__number">{holders(role)}</td>
                        {canManage && (
                          <td>
                            {locked ? (
                              <span class="muted">{locked}</span>
                            ) : (
                              <RowActions
                                id={role.id}
                                expanded={role.id === editingId}
                                onEdit={() => {
                                  setOutcome(idle);
                                  editor.toggle(role.id);
                                }}
                                onRemove={() => removal.confirm(role)}
                              />
                            )}
                          </td>
                        )}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </TeamList>

        {canManage && editing && (
          <RoleEditor
            key={editing.id}
            me={me}
            departments={sortedDepartments}
            role={editing}
            onSaved={(saved, announcement) => {
              lists.update(([r, d, o]) => [r.map((x) => (x.id === saved.id ? saved : x)), d, o]);
              if (announcement) setOutcome({ kind: "done", text: announcement });
              editor.close();
            }}
            onClose={editor.close}
          />
        )}

        {/* One editor at a time: while a role is being edited, a new one waits. */}
        {canManage && lists.data && !editing && (
          <RoleEditor me={me} departments={sortedDepartments} onSaved={(created) => lists.update(([r, d, o]) => [[...r, created], d, o])} />
        )}
      </div>

      {deleting && (
        <ConfirmDialog
          title={t("team.roles.deleteTitle", { name: deleting.item.name })}
          message={
            holders(deleting.item) > 0
              ? t("team.roles.deleteHeld", { name: deleting.item.name, count: holders(deleting.item) })
              : t("team.roles.deleteConfirm", { name: deleting.item.name })
          }
          confirmLabel={t("team.roles.deleteButton")}
          busy={deleting.busy}
          onConfirm={() => removal.remove(deleting.item)}
          onCancel={removal.cancel}
        />
      )}
    </main>
  );
}
