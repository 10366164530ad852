import { useTranslation } from "../../hooks/use-translation";

interface RowActionsProps {
  /** The row's id; its Edit button carries it as `data-edit-id`, where focus returns when the editor closes. */
  id: string;
  expanded: boolean;
  /** The editor's element id while it is open. */
  controls?: string | undefined;
  onEdit: () => void;
  /** Absent: the row cannot be removed (one's own operator), so there is no Remove. */
  onRemove?: (() => void) | undefined;
  /** Present when the operator has a second factor an administrator may reset. */
  onResetTwoFactor?: (() => void) | undefined;
}

/** Edit (opening the row's editor) and Remove (asking first) in a team list's row. */
export function RowActions({ id, expanded, controls, onEdit, onRemove, onResetTwoFactor }: RowActionsProps) {
  const { t } = useTranslation();
  return (
    <div class="team-row-actions">
      <button type="button" class="button" data-edit-id={id} aria-expanded={expanded} aria-controls={controls} onClick={onEdit}>
        {t("form.edit")}
      </button>
      {onResetTwoFactor && (
        <button type="button" class="button" onClick={onResetTwoFactor}>
          {t("team.operators.resetTwoFactor")}
        </button>
      )}
      {onRemove && (
        <button type="button" class="button button--danger" onClick={onRemove}>
          {t("form.remove")}
        </button>
      )}
    </div>
  );
}
