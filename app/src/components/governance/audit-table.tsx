import { useTranslation } from "../../hooks/use-translation";
import { fullTime, isoTime } from "../../lib/format";
import type { AuditEntry } from "../../types";
import { actionKey, shortId, targetKey } from "./audit-actions";

interface AuditTableProps {
  entries: readonly AuditEntry[];
  /** Operator names by id; empty when the role cannot list operators, so ids stand in. */
  names: ReadonlyMap<string, string>;
}

/** Audit entries as a table, in the order given (the server's: newest first). */
export function AuditTable({ entries, names }: AuditTableProps) {
  const { t, language } = useTranslation();
  const caption = t("auditLog.caption");

  function who(entry: AuditEntry): string {
    const name = entry.actorId ? names.get(entry.actorId) : undefined;
    switch (entry.actorKind) {
      case "system":
        return t("auditLog.actor.system");
      // A token acts for the operator who created it; the entry names that operator.
      case "api_token":
        return name ? t("auditLog.actor.apiTokenOf", { name }) : t("auditLog.actor.apiToken");
      case "operator":
        return name ?? (entry.actorId ? t("auditLog.actor.operatorId", { id: shortId(entry.actorId) }) : "");
    }
  }

  function target(entry: AuditEntry) {
    if (!entry.targetType) return null;
    const key = targetKey(entry.targetType);
    const type = key ? t(`auditLog.targets.${key}`) : entry.targetType;
    if (!entry.targetId) return type;
    const name = entry.targetType === "operator" ? names.get(entry.targetId) : undefined;
    return (
      <>
        {type} {name ?? <span class="audit__id">{shortId(entry.targetId)}</span>}
      </>
    );
  }

  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: the region scrolls; focus is how a keyboard scrolls it
    <section class="table-scroll" aria-label={caption} tabIndex={0}>
      <table class="table">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("auditLog.columns.time")}</th>
            <th scope="col">{t("auditLog.columns.who")}</th>
            <th scope="col">{t("auditLog.columns.action")}</th>
            <th scope="col">{t("auditLog.columns.target")}</th>
            <th scope="col" class="table__number">
              {t("auditLog.columns.count")}
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => {
            const key = actionKey(entry.action);
            return (
              <tr key={entry.id} data-audit-action={entry.action}>
                <td class="audit__time">
                  <time dateTime={isoTime(entry.createdAt)}>{fullTime(entry.createdAt)}</time>
                </td>
                <td>{who(entry)}</td>
                <th scope="row">
                  {key ? (
                    t(`auditLog.actions.${key}`)
                  ) : (
                    <>
                      <span class="visually-hidden">{t("auditLog.unknownAction")} </span>
                      <code class="audit__code">{entry.action}</code>
                    </>
                  )}
                </th>
                <td>{target(entry)}</td>
                <td class="table__number">
                  {entry.count === null ? "" : entry.count.toLocaleString(language)}
                  {/* Files an export carried or an erasure deleted: "3, 2 files". */}
                  {entry.fileCount ? `, ${t("attachments.fileCount", { count: entry.fileCount })}` : ""}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
