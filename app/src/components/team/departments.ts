import i18next from "i18next";
import type { Department } from "../../types";

/** A role's departments as names ("Sales, Support"), or "All departments" for null. */
export function departmentNames(ids: readonly string[] | null, departments: readonly Department[]): string {
  if (ids === null) return i18next.t("team.allDepartments");
  // A department deleted after the role was made leaves its id behind; name it as such.
  const names = ids.map((id) => departments.find((d) => d.id === id)?.name ?? i18next.t("team.unknownDepartment"));
  return new Intl.ListFormat(i18next.language, { style: "narrow", type: "conjunction" }).format(names);
}

/** Ascending by name in the current language, for lists a person scans. */
export const byName = <T extends { name: string }>(a: T, b: T): number => a.name.localeCompare(b.name, i18next.language);
