import { useId, useState } from "preact/hooks";
import { errorInfo } from "../../api";
import { settingsApi } from "../../api/admin";
import { useMounted } from "../../hooks/use-mounted";
import { useTranslation } from "../../hooks/use-translation";
import type { Department, WidgetSettings } from "../../types";
import { type SaveState, SaveStatus } from "../form/save-status";
import { LIMITS } from "./widget-draft";

interface WidgetAddFormProps {
  /** The departments the admin may add to, or null when their role cannot list departments. */
  departments: readonly Department[] | null;
  /** Without the list: the department of a widget the admin already sees, if any. */
  fallbackDepartmentId: string | null;
  onCreated: (widget: WidgetSettings) => void;
}

/** A new widget from a name and a department; the server starts it in privacy mode, asking consent. */
export function WidgetAddForm({ departments, fallbackDepartmentId, onCreated }: WidgetAddFormProps) {
  const { t } = useTranslation();
  const mounted = useMounted();
  const id = useId();
  const [name, setName] = useState("");
  const [picked, setPicked] = useState("");
  const [state, setState] = useState<SaveState>({ kind: "idle" });
  const departmentId = departments
    ? departments.some((d) => d.id === picked)
      ? picked
      : (departments[0]?.id ?? "")
    : (fallbackDepartmentId ?? "");
  const busy = state.kind === "saving";

  async function submit(event: Event) {
    event.preventDefault();
    if (!name.trim() || !departmentId || busy) return;
    setState({ kind: "saving" });
    try {
      const widget = await settingsApi.createWidget({ name: name.trim(), departmentId });
      if (!mounted.current) return;
      setName("");
      setState({ kind: "saved" });
      onCreated(widget);
    } catch (failure) {
      if (mounted.current) setState({ kind: "failed", error: errorInfo(failure) });
    }
  }

  return (
    <form class="panel widget-add" aria-labelledby={`${id}-heading`} onSubmit={(event) => void submit(event)}>
      <h3 id={`${id}-heading`} class="section-heading">
        {t("widgets.add.heading")}
      </h3>
      <p class="field__hint">{t("widgets.add.intro")}</p>
      <div class="field">
        <label class="field__label" for={`${id}-name`}>
          {t("widgets.add.name")}
        </label>
        <input
          id={`${id}-name`}
          class="field__input"
          type="text"
          required
          maxLength={LIMITS.name}
          value={name}
          onInput={(event) => setName(event.currentTarget.value)}
        />
      </div>
      {departments ? (
        departments.length > 0 ? (
          <div class="field">
            <label class="field__label" for={`${id}-department`}>
              {t("widgets.add.department")}
            </label>
            <select
              id={`${id}-department`}
              class="field__input"
              value={departmentId}
              onChange={(event) => setPicked(event.currentTarget.value)}
            >
              {departments.map((department) => (
                <option key={department.id} value={department.id}>
                  {department.name}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <p class="notice">{t("widgets.add.noDepartments")}</p>
        )
      ) : fallbackDepartmentId ? (
        <div class="field">
          <label class="field__label" for={`${id}-department`}>
            {t("widgets.add.department")}
          </label>
          <input
            id={`${id}-department`}
            class="field__input"
            type="text"
            readOnly
            value={fallbackDepartmentId}
            aria-describedby={`${id}-department-hint`}
          />
          <p id={`${id}-department-hint`} class="field__hint">
            {t("widgets.add.departmentFallback")}
          </p>
        </div>
      ) : (
        <p class="notice">{t("widgets.add.noDepartmentKnown")}</p>
      )}
      <button type="submit" class="button button--primary" disabled={busy || !departmentId} aria-busy={busy}>
        {t("widgets.add.submit")}
      </button>
      <SaveStatus state={state} />
    </form>
  );
}
