import { useState } from "preact/hooks";
import { teamApi } from "../../api/admin";
import { useDocumentTitle } from "../../hooks/use-document-title";
import { useTranslation } from "../../hooks/use-translation";
import { canManageTeam } from "../../lib/access";
import type { Me, Operator } from "../../types";
import { ConfirmDialog } from "../confirm-dialog";
import { AddOperatorForm } from "./add-operator-form";
import { AliasAvatar } from "./alias-avatar";
import { byName, departmentNames } from "./departments";
import { EditOperatorForm } from "./edit-operator-form";
import { idle, type Outcome } from "./outcome";
import { withinMe } from "./rights";
import { RowActions } from "./row-actions";
import { TeamList } from "./team-list";
import { useLoaded } from "./use-loaded";
import { useRemoval } from "./use-removal";
import { useRowEditor } from "./use-row-editor";
import "./team.css";

interface OperatorsScreenProps {
  me: Me;
}

const loadAll = () => Promise.all([teamApi.operators(), teamApi.roles(), teamApi.departments()]);

/** Everyone who answers chats: their role, their alias for visitors, and whether they may sign in. */
export function OperatorsScreen({ me }: OperatorsScreenProps) {
  const { t, language } = useTranslation();
  const canManage = canManageTeam(me);
  const lists = useLoaded(loadAll);
  const editor = useRowEditor();
  const editingId = editor.editingId;
  const [outcome, setOutcome] = useState<Outcome>(idle);
  useDocumentTitle(t("pageTitle", { page: t("nav.teamOperators"), app: t("appName") }));

  const [unsorted, roles, departments] = lists.data ?? [[], [], []];
  const operators = [...unsorted].sort((a, b) => a.displayName.localeCompare(b.displayName, language));
  const sortedRoles = [...roles].sort(byName);
  const roleOf = (operator: Operator) => roles.find((role) => role.id === operator.roleId);
  const editing = operators.find((operator) => operator.id === editingId) ?? null;

  /** Team managers act only on operators whose role lies within their own (else 403). */
  const manageable = (operator: Operator) => {
    const role = roleOf(operator);
    return operator.id === me.operator.id || (role !== undefined && withinMe(me, role));
  };

  const replace = (saved: Operator) => lists.update(([ops, r, d]) => [ops.map((o) => (o.id === saved.id ? saved : o)), r, d]);

  const removal = useRemoval<Operator>({
    headingId: "operators-heading",
    request: (operator) => teamApi.removeOperator(operator.id),
    onDone: (operator) => {
      lists.update(([ops, r, d]) => [ops.filter((o) => o.id !== operator.id), r, d]);
      if (editingId === operator.id) editor.setEditingId(null);
      setOutcome({ kind: "done", text: t("team.operators.removed", { name: operator.displayName }) });
    },
    onFailed: (_operator, error) => {
      setOutcome({ kind: "failed", error });
      // Someone else removed them first: show the list as it is now.
      if (error.code === "not_found") lists.reload();
    },
  });
  const removing = removal.removing;

  // A lost phone: the operator's authenticator goes and their sessions end (audited on the server).
  const reset = useRemoval<Operator>({
    headingId: "operators-heading",
    request: (operator) => teamApi.resetSecondFactor(operator.id),
    onDone: (operator) => {
      replace({ ...operator, secondFactor: false });
      setOutcome({ kind: "done", text: t("team.operators.resetDone", { name: operator.displayName }) });
    },
    onFailed: (_operator, error) => setOutcome({ kind: "failed", error }),
  });
  const resetting = reset.removing;

  return (
    <main id="content" class="screen" tabIndex={-1}>
      <div class="screen__main">
        <h2 id="screen-heading" class="screen__heading" tabIndex={-1}>
          {t("team.operators.heading")}
        </h2>
        <p class="screen__intro">{t("team.operators.intro")}</p>
        {!canManage && <p class="notice">{t("form.readOnly")}</p>}

        <TeamList
          headingId="operators-heading"
          heading={t("team.operators.listHeading")}
          count={t("team.operators.count", { count: operators.length })}
          lists={lists}
          outcome={outcome}
        >
          {lists.data && operators.length > 0 && (
            <div class="table-scroll">
              <table class="table team-table">
                <caption class="visually-hidden">{t("team.operators.caption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("team.operators.name")}</th>
                    <th scope="col">{t("team.operators.email")}</th>
                    <th scope="col">{t("team.operators.shownToVisitors")}</th>
                    <th scope="col">{t("team.operators.role")}</th>
                    <th scope="col">{t("team.operators.departments")}</th>
                    <th scope="col">{t("team.operators.status")}</th>
                    <th scope="col">{t("team.operators.twoFactor")}</th>
                    <th scope="col">{t("chatSettings.slots.column")}</th>
                    {canManage && <th scope="col">{t("team.actions")}</th>}
                  </tr>
                </thead>
                <tbody>
                  {operators.map((operator) => {
                    const role = roleOf(operator);
                    const isMe = operator.id === me.operator.id;
                    return (
                      <tr key={operator.id} class={operator.id === editingId ? "table__row--opened" : undefined}>
                        <th scope="row">
                          {operator.displayName}
                          {isMe && <span class="team-you"> {t("team.operators.you")}</span>}
                        </th>
                        <td class="table__email">{operator.email}</td>
                        <td>
                          {operator.aliasName || operator.aliasAvatarUrl ? (
                            <span class="team-alias">
                              {operator.aliasAvatarUrl && (
                                <AliasAvatar
                                  url={operator.aliasAvatarUrl}
                                  alt={t("team.operators.avatarOf", { name: operator.aliasName ?? operator.displayName })}
                                />
                              )}
                              <span>{operator.aliasName ?? <span class="muted">{t("team.operators.noAliasName")}</span>}</span>
                            </span>
                          ) : (
                            <span class="muted">{t("team.operators.noAlias")}</span>
                          )}
                        </td>
                        <td>{role?.name ?? <span class="muted">{t("team.unknownRole")}</span>}</td>
                        <td>{role ? departmentNames(role.departmentIds, departments) : ""}</td>
                        <td>
                          <span class={operator.disabled ? "team-badge team-badge--off" : "team-badge"}>
                            {operator.disabled ? t("team.operators.statusDisabled") : t("team.operators.statusActive")}
                          </span>
                        </td>
                        <td>
                          {operator.secondFactor ? (
                            t("team.operators.twoFactorOn")
                          ) : (
                            <span class="muted">{t("team.operators.twoFactorOff")}</span>
                          )}
                        </td>
                        <td>{operator.chatSlots}</td>
                        {canManage && (
                          <td>
                            {manageable(operator) ? (
                              <RowActions
                                id={operator.id}
                                expanded={operator.id === editingId}
                                controls={operator.id === editingId ? "operator-editor" : undefined}
                                onEdit={() => {
                                  setOutcome(idle);
                                  editor.toggle(operator.id);
                                }}
                                onRemove={isMe ? undefined : () => removal.confirm(operator)}
                                onResetTwoFactor={!isMe && operator.secondFactor ? () => reset.confirm(operator) : undefined}
                              />
                            ) : (
                              <span class="muted">{t("team.operators.beyondYou")}</span>
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
          <div id="operator-editor">
            <EditOperatorForm
              key={editing.id}
              me={me}
              operator={editing}
              roles={sortedRoles}
              departments={departments}
              onSaved={(saved, announcement) => {
                replace(saved);
                setOutcome({ kind: "done", text: announcement });
                editor.close();
              }}
              onClose={editor.close}
            />
          </div>
        )}

        {/* One form at a time: while an operator is being edited, adding waits. */}
        {canManage && lists.data && !editing && (
          <AddOperatorForm
            me={me}
            roles={sortedRoles}
            departments={departments}
            onAdded={(operator) => lists.update(([ops, r, d]) => [[...ops, operator], r, d])}
          />
        )}
      </div>

      {removing && (
        <ConfirmDialog
          title={t("team.operators.removeTitle", { name: removing.item.displayName })}
          message={t("team.operators.removeConfirm", { name: removing.item.displayName })}
          confirmLabel={t("team.operators.removeButton")}
          busy={removing.busy}
          onConfirm={() => removal.remove(removing.item)}
          onCancel={removal.cancel}
        />
      )}
      {resetting && (
        <ConfirmDialog
          title={t("team.operators.resetTitle", { name: resetting.item.displayName })}
          message={t("team.operators.resetConfirm", { name: resetting.item.displayName })}
          confirmLabel={t("team.operators.resetButton")}
          busy={resetting.busy}
          onConfirm={() => reset.remove(resetting.item)}
          onCancel={reset.cancel}
        />
      )}
    </main>
  );
}
