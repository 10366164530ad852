import { useEffect, useId, useRef, useState } from "preact/hooks";
import { errorInfo } from "../../api";
import { teamApi } from "../../api/admin";
import { useMounted } from "../../hooks/use-mounted";
import { useTranslation } from "../../hooks/use-translation";
import type { AccessLevel, Department, Me, Permissions, Role, UpdateRole } from "../../types";
import { TextField } from "../form/fields";
import { idle, type Outcome, OutcomeStatus } from "./outcome";
import { ACCESS_LEVELS, ANALYTICS_LEVELS, type AnalyticsLevel, AREAS, type Area, accessWithin, analyticsWithin } from "./rights";

/** The server takes 1 to 50 chosen departments, or null for all. */
const MAX_DEPARTMENTS = 50;

const noRights: Permissions = { chats: "none", transcripts: "none", settings: "none", team: "none", auditLog: "none", analytics: "none" };

interface Draft {
  name: string;
  permissions: Permissions;
  allDepartments: boolean;
  departmentIds: readonly string[];
}

interface RoleEditorProps {
  me: Me;
  departments: readonly Department[];
  /** The custom role to change; absent for a new one. */
  role?: Role;
  /** The saved role, and what the screen should announce (null: the editor announced it itself). */
  onSaved: (role: Role, announcement: string | null) => void;
  onClose?: () => void;
}

function draftOf(me: Me, departments: readonly Department[], role: Role | undefined): Draft {
  if (role) {
    // Ids of departments deleted since are dropped: the server would refuse to store them again.
    const departmentIds = (role.departmentIds ?? []).filter((id) => departments.some((d) => d.id === id));
    return { name: role.name, permissions: { ...role.permissions }, allDepartments: role.departmentIds === null, departmentIds };
  }
  // A manager limited to some departments cannot grant all of them.
  return { name: "", permissions: noRights, allDepartments: me.role.departmentIds === null, departmentIds: [] };
}

const samePermissions = (a: Permissions, b: Permissions) => AREAS.every((area) => a[area] === b[area]) && a.analytics === b.analytics;

const sameSet = (a: readonly string[] | null, b: readonly string[] | null) =>
  a === null || b === null ? a === b : a.length === b.length && a.every((id) => b.includes(id));

/**
 * A custom role: its name, a level per area, and the departments its operators work in. Levels
 * and departments beyond the editor's own role are shown but cannot be chosen: the server refuses
 * them (403 exceeds_own_rights) and says so if they slip through.
 */
export function RoleEditor({ me, departments, role, onSaved, onClose }: RoleEditorProps) {
  const { t } = useTranslation();
  const mounted = useMounted();
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [draft, setDraft] = useState<Draft>(() => draftOf(me, departments, role));
  const [outcome, setOutcome] = useState<Outcome>(idle);
  const busy = outcome.kind === "busy";
  const mine = me.role.permissions;
  const myDepartments = me.role.departmentIds;

  useEffect(() => {
    if (role) heading.current?.focus();
  }, [role]);

  const setLevel = (area: Area, level: AccessLevel) => setDraft((d) => ({ ...d, permissions: { ...d.permissions, [area]: level } }));
  const setAnalytics = (level: AnalyticsLevel) => setDraft((d) => ({ ...d, permissions: { ...d.permissions, analytics: level } }));
  const toggleDepartment = (departmentId: string, on: boolean) =>
    setDraft((d) => ({ ...d, departmentIds: on ? [...d.departmentIds, departmentId] : d.departmentIds.filter((x) => x !== departmentId) }));

  function invalid(): string | null {
    if (!draft.name.trim()) return t("team.roles.nameRequired");
    if (!draft.allDepartments && draft.departmentIds.length === 0) return t("team.roles.chooseDepartment");
    if (!draft.allDepartments && draft.departmentIds.length > MAX_DEPARTMENTS)
      return t("team.roles.tooManyDepartments", { count: MAX_DEPARTMENTS });
    return null;
  }

  async function submit(event: Event) {
    event.preventDefault();
    const problem = invalid();
    if (problem) {
      setOutcome({ kind: "alert", text: problem });
      return;
    }
    const name = draft.name.trim();
    const departmentIds = draft.allDepartments ? null : [...draft.departmentIds];
    setOutcome({ kind: "busy", text: t("form.saving") });
    try {
      if (role) {
        const change: UpdateRole = {};
        if (name !== role.name) change.name = name;
        if (!samePermissions(draft.permissions, role.permissions)) change.permissions = draft.permissions;
        if (!sameSet(departmentIds, role.departmentIds)) change.departmentIds = departmentIds;
        if (Object.keys(change).length === 0) {
          setOutcome({ kind: "done", text: t("team.nothingChanged") });
          return;
        }
        const saved = await teamApi.updateRole(role.id, change);
        if (!mounted.current) return;
        setOutcome(idle);
        onSaved(saved, t("team.roles.saved", { name: saved.name }));
      } else {
        const created = await teamApi.createRole({ name, permissions: draft.permissions, departmentIds });
        if (!mounted.current) return;
        setDraft(draftOf(me, departments, undefined));
        setOutcome({ kind: "done", text: t("team.roles.added", { name: created.name }) });
        onSaved(created, null);
      }
    } catch (failure) {
      if (mounted.current) setOutcome({ kind: "failed", error: errorInfo(failure) });
    }
  }

  const limited = !AREAS.every((area) => mine[area] === "manage") || mine.analytics !== "full" || myDepartments !== null;

  /** One radio per level; those above the editor's own are disabled, the current one never is. */
  const radios = <L extends string>(
    group: string,
    levels: readonly L[],
    value: L,
    allowed: (level: L) => boolean,
    label: (level: L) => string,
    onPick: (level: L) => void,
  ) =>
    levels.map((level) => {
      const radioId = `${id}-${group}-${level}`;
      const disabled = !allowed(level) && level !== value;
      return (
        <label key={level} class="team-radio" for={radioId}>
          <input
            id={radioId}
            type="radio"
            name={`${id}-${group}`}
            value={level}
            checked={value === level}
            disabled={disabled}
            onChange={() => onPick(level)}
          />
          {label(level)}
        </label>
      );
    });

  const headingText = role ? t("team.roles.editHeading", { name: role.name }) : t("team.roles.addHeading");

  return (
    <form
      class={role ? "panel team-panel team-panel--edit" : "panel team-panel"}
      aria-labelledby={`${id}-heading`}
      onSubmit={(event) => void submit(event)}
      noValidate
    >
      <h3 id={`${id}-heading`} ref={heading} class="section-heading" tabIndex={-1}>
        {headingText}
      </h3>
      <div class="team-form__grid">
        <TextField
          label={t("team.roles.name")}
          value={draft.name}
          onInput={(name) => setDraft((d) => ({ ...d, name }))}
          required
          autoComplete="off"
          maxLength={100}
        />
      </div>

      <div class="table-scroll">
        <table class="table team-grants">
          <caption class="team-grants__caption">
            {t("team.roles.grantsCaption")}
            {limited && <span class="field__hint team-grants__limit"> {t("team.roles.limitedToYours")}</span>}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t("team.roles.area")}</th>
              <th scope="col">{t("team.roles.access")}</th>
            </tr>
          </thead>
          <tbody>
            {AREAS.map((area) => {
              // The audit log can only be read; "manage" appears only for a role that already has it.
              const levels =
                area === "auditLog" && draft.permissions.auditLog !== "manage"
                  ? ACCESS_LEVELS.filter((l) => l !== "manage")
                  : ACCESS_LEVELS;
              return (
                <tr key={area}>
                  <th scope="row">
                    <span id={`${id}-${area}-label`}>{t(`team.roles.areas.${area}`)}</span>
                    <span id={`${id}-${area}-explain`} class="field__hint team-grants__explain">
                      {t(`team.roles.explain.${area}`)}
                    </span>
                  </th>
                  <td>
                    <div
                      class="team-radios"
                      role="radiogroup"
                      aria-labelledby={`${id}-${area}-label`}
                      aria-describedby={`${id}-${area}-explain`}
                    >
                      {radios(
                        area,
                        levels,
                        draft.permissions[area],
                        (level) => accessWithin(mine, area, level),
                        (level) => t(`team.roles.levels.${level}`),
                        (level) => setLevel(area, level),
                      )}
                    </div>
                  </td>
                </tr>
              );
            })}
            <tr>
              <th scope="row">
                <span id={`${id}-analytics-label`}>{t("team.roles.areas.analytics")}</span>
                <span id={`${id}-analytics-explain`} class="field__hint team-grants__explain">
                  {t("team.roles.explain.analytics")}
                </span>
              </th>
              <td>
                <div
                  class="team-radios"
                  role="radiogroup"
                  aria-labelledby={`${id}-analytics-label`}
                  aria-describedby={`${id}-analytics-explain`}
                >
                  {radios(
                    "analytics",
                    ANALYTICS_LEVELS,
                    draft.permissions.analytics,
                    (level) => analyticsWithin(mine, level),
                    (level) => t(`team.roles.analyticsLevels.${level}`),
                    setAnalytics,
                  )}
                </div>
              </td>
            </tr>
          </tbody>
        </table>
      </div>

      <fieldset class="team-departments">
        <legend class="field__label">{t("team.roles.departments")}</legend>
        <p id={`${id}-departments-hint`} class="field__hint">
          {t("team.roles.departmentsHint")}
        </p>
        <label class="checkbox-label" for={`${id}-all`}>
          <input
            id={`${id}-all`}
            type="radio"
            name={`${id}-scope`}
            checked={draft.allDepartments}
            disabled={myDepartments !== null && !draft.allDepartments}
            aria-describedby={`${id}-departments-hint`}
            onChange={() => setDraft((d) => ({ ...d, allDepartments: true }))}
          />
          {t("team.allDepartments")}
        </label>
        <label class="checkbox-label" for={`${id}-some`}>
          <input
            id={`${id}-some`}
            type="radio"
            name={`${id}-scope`}
            checked={!draft.allDepartments}
            onChange={() => setDraft((d) => ({ ...d, allDepartments: false }))}
          />
          {t("team.roles.someDepartments")}
        </label>
        {!draft.allDepartments &&
          (departments.length === 0 ? (
            <p class="muted">{t("team.roles.noDepartments")}</p>
          ) : (
            <ul class="team-checklist" aria-label={t("team.roles.departments")}>
              {departments.map((department) => {
                const checked = draft.departmentIds.includes(department.id);
                const outside = myDepartments !== null && !myDepartments.includes(department.id);
                return (
                  <li key={department.id}>
                    <label class="checkbox-label" for={`${id}-dep-${department.id}`}>
                      <input
                        id={`${id}-dep-${department.id}`}
                        class="checkbox"
                        type="checkbox"
                        checked={checked}
                        disabled={outside && !checked}
                        onChange={(event) => toggleDepartment(department.id, event.currentTarget.checked)}
                      />
                      {department.name}
                      {outside && <span class="muted"> {t("team.roles.outsideYours")}</span>}
                    </label>
                  </li>
                );
              })}
            </ul>
          ))}
      </fieldset>

      {role && <p class="notice">{t("team.roles.connectionsClose")}</p>}
      <div class="team-form__actions">
        <button type="submit" class="button button--primary" disabled={busy} aria-busy={busy}>
          {role ? t("form.save") : t("team.roles.add")}
        </button>
        {onClose && (
          <button type="button" class="button" onClick={onClose} disabled={busy}>
            {t("cancel")}
          </button>
        )}
      </div>
      <OutcomeStatus outcome={outcome} />
    </form>
  );
}
