import { useEffect, useId, useRef } from "preact/hooks";
import { useTranslation } from "../hooks/use-translation";
import "./confirm-dialog.css";

interface ConfirmDialogProps {
  title: string;
  /** The question, with the count: what exactly will happen. */
  message: string;
  confirmLabel: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * A modal confirmation for an action that cannot be undone. The native <dialog> keeps focus
 * inside and makes the page behind it inert; Cancel has the first focus, so Enter is never a
 * deletion by accident; Escape cancels.
 */
export function ConfirmDialog({ title, message, confirmLabel, busy, onConfirm, onCancel }: ConfirmDialogProps) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const messageId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (!element.open) element.showModal();
    cancelButton.current?.focus();
    return () => element.close();
  }, []);

  return (
    <dialog
      ref={dialog}
      class="dialog"
      role="alertdialog"
      aria-labelledby={titleId}
      aria-describedby={messageId}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <h2 id={titleId} class="dialog__title">
        {title}
      </h2>
      <p id={messageId} class="dialog__message">
        {message}
      </p>
      <div class="dialog__actions">
        <button ref={cancelButton} type="button" class="button" onClick={onCancel} disabled={busy}>
          {t("cancel")}
        </button>
        <button type="button" class="button button--primary button--danger" onClick={onConfirm} disabled={busy} aria-busy={busy}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
