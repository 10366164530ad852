import { describedBy, type FieldProblem } from "../form/fields";
import { LIMITS } from "./widget-draft";

interface NameFieldProps {
  /** The input's id; its hint is `${id}-hint`. Screens focus it by this id when it is wrong. */
  id: string;
  label: string;
  hint: string;
  value: string;
  problem: FieldProblem | null;
  onInput: (value: string) => void;
}

/** A required name (a widget's, the account's), with its hint and, once checked, its problem. */
export function NameField({ id, label, hint, value, problem, onInput }: NameFieldProps) {
  return (
    <div class="field">
      <label class="field__label" for={id}>
        {label}
      </label>
      <input
        id={id}
        class="field__input"
        type="text"
        required
        maxLength={LIMITS.name}
        value={value}
        aria-invalid={problem ? true : undefined}
        aria-describedby={describedBy(`${id}-hint`, problem?.id)}
        onInput={(event) => onInput(event.currentTarget.value)}
      />
      <p id={`${id}-hint`} class="field__hint">
        {hint}
      </p>
      {problem && (
        <p id={problem.id} class="field__error">
          {problem.text}
        </p>
      )}
    </div>
  );
}
