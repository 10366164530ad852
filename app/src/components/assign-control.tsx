import { useEffect, useId, useState } from "preact/hooks";
import { api } from "../api";
import { useMounted } from "../hooks/use-mounted";
import { useTranslation } from "../hooks/use-translation";
import type { Assignee } from "../types";
import "./assign-control.css";

interface AssignControlProps {
  conversationId: string;
  /** Who has it now, so the list offers the others. */
  assignedOperatorId: string | null;
  busy: boolean;
  onAssign: (operatorId: string) => void;
}

/**
 * Hands the chat to a colleague: a list of those who may answer it (active, chats manage in its
 * department), then "Assign". Shown only when there is someone to hand it to.
 */
export function AssignControl({ conversationId, assignedOperatorId, busy, onAssign }: AssignControlProps) {
  const { t } = useTranslation();
  const mounted = useMounted();
  const id = useId();
  const [assignees, setAssignees] = useState<Assignee[]>([]);
  const [chosen, setChosen] = useState("");

  useEffect(() => {
    api.assignees(conversationId).then(
      (list) => mounted.current && setAssignees(list),
      // Without the list there is simply nobody to offer; taking and handing back still work.
      () => undefined,
    );
  }, [conversationId, mounted]);

  const others = assignees.filter((assignee) => assignee.id !== assignedOperatorId);
  if (others.length === 0) return null;
  const selected = others.some((assignee) => assignee.id === chosen) ? chosen : "";

  return (
    <form
      class="assign"
      onSubmit={(event) => {
        event.preventDefault();
        if (selected) onAssign(selected);
      }}
    >
      <label class="visually-hidden" for={id}>
        {t("chat.assignTo")}
      </label>
      <select id={id} class="field__input assign__select" value={selected} onChange={(event) => setChosen(event.currentTarget.value)}>
        <option value="">{t("chat.assignTo")}</option>
        {others.map((assignee) => (
          <option key={assignee.id} value={assignee.id}>
            {assignee.displayName}
          </option>
        ))}
      </select>
      <button type="submit" class="button" disabled={busy || !selected}>
        {t("chat.assign")}
      </button>
    </form>
  );
}
