import { useEffect, useId, useState } from "preact/hooks";
import { api } from "../api";
import { useMounted } from "../hooks/use-mounted";
import { useTranslation } from "../hooks/use-translation";
import type { TransferTarget } from "../types";

interface TransferControlProps {
  /** The department the conversation is in, which the list leaves out. */
  departmentId: string;
  busy: boolean;
  onTransfer: (department: TransferTarget) => void;
}

/** Hands the chat to another department: a list of the account's others, then "Transfer". Shown only when there is one. */
export function TransferControl({ departmentId, busy, onTransfer }: TransferControlProps) {
  const { t } = useTranslation();
  const mounted = useMounted();
  const id = useId();
  const [targets, setTargets] = useState<TransferTarget[]>([]);
  const [chosen, setChosen] = useState("");

  useEffect(() => {
    api.transferTargets().then(
      (list) => mounted.current && setTargets(list),
      // Without the list there is nowhere to offer; the chat itself carries on.
      () => undefined,
    );
  }, [mounted]);

  const others = targets.filter((target) => target.id !== departmentId);
  if (others.length === 0) return null;
  const selected = others.find((target) => target.id === chosen);

  return (
    <form
      class="assign"
      onSubmit={(event) => {
        event.preventDefault();
        if (selected) onTransfer(selected);
      }}
    >
      <label class="visually-hidden" for={id}>
        {t("routing.transferLabel")}
      </label>
      <select
        id={id}
        class="field__input assign__select"
        value={selected?.id ?? ""}
        onChange={(event) => setChosen(event.currentTarget.value)}
      >
        <option value="">{t("routing.transferLabel")}</option>
        {others.map((target) => (
          <option key={target.id} value={target.id}>
            {target.name}
          </option>
        ))}
      </select>
      <button type="submit" class="button" disabled={busy || !selected}>
        {t("routing.transfer")}
      </button>
    </form>
  );
}
