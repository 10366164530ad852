import { useTranslation } from "../../hooks/use-translation";
import type { Department, Me, Role } from "../../types";
import { Field } from "../form/fields";
import { departmentNames } from "./departments";
import { withinMe } from "./rights";

interface RoleSelectProps {
  me: Me;
  roles: readonly Role[];
  departments: readonly Department[];
  value: string;
  onChange: (roleId: string) => void;
  disabled?: boolean;
  /** Said first in the hint, before the departments the chosen role covers. */
  note?: string;
}

/**
 * The "Role" select. Roles with rights beyond the signed-in operator's stay listed but cannot be
 * chosen (the server would answer 403); the hint names the departments the chosen role covers,
 * since an operator's departments come from their role.
 */
export function RoleSelect({ me, roles, departments, value, onChange, disabled, note }: RoleSelectProps) {
  const { t } = useTranslation();
  const chosen = roles.find((role) => role.id === value);
  const covers = chosen ? t("team.operators.roleDepartments", { departments: departmentNames(chosen.departmentIds, departments) }) : "";
  const hint = [note, covers].filter(Boolean).join(" ");
  return (
    <Field label={t("team.operators.role")} hint={hint || undefined}>
      {({ id, describedBy }) => (
        <select
          id={id}
          class="field__input"
          value={value}
          disabled={disabled}
          required
          aria-describedby={describedBy}
          onChange={(event) => onChange(event.currentTarget.value)}
        >
          {roles.map((role) => {
            const allowed = withinMe(me, role) || role.id === value;
            return (
              <option key={role.id} value={role.id} disabled={!allowed}>
                {allowed ? role.name : t("team.operators.roleBeyondYours", { role: role.name })}
              </option>
            );
          })}
        </select>
      )}
    </Field>
  );
}
