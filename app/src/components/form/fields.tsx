import type { ComponentChildren } from "preact";
import { useId } from "preact/hooks";

// The form controls of the settings and team screens: a visible label tied to each control, an
// optional hint read out with it, and nothing else. The screens keep the values.

/** A field's problem as shown below it: the message and the id that aria-describedby points at. */
export interface FieldProblem {
  id: string;
  text: string;
}

/** The ids an aria-describedby lists, without the absent ones; undefined when none is left. */
export const describedBy = (...ids: (string | false | null | undefined)[]): string | undefined =>
  ids.filter(Boolean).join(" ") || undefined;

interface FieldProps {
  label: string;
  hint?: string;
  /** Renders the control with the id and describedby it must carry. */
  children: (ids: { id: string; describedBy: string | undefined }) => ComponentChildren;
}

/** A labelled control with an optional hint below it. */
export function Field({ label, hint, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div class="field">
      <label class="field__label" for={id}>
        {label}
      </label>
      {children({ id, describedBy: hint ? hintId : undefined })}
      {hint && (
        <p id={hintId} class="field__hint">
          {hint}
        </p>
      )}
    </div>
  );
}

interface TextFieldProps {
  label: string;
  value: string;
  onInput: (value: string) => void;
  hint?: string;
  type?: "text" | "email" | "url" | "password" | "number" | "date" | "color";
  required?: boolean;
  disabled?: boolean;
  placeholder?: string;
  autoComplete?: string;
  min?: number;
  max?: number;
  maxLength?: number;
}

export function TextField({ label, value, onInput, hint, type = "text", ...input }: TextFieldProps) {
  return (
    <Field label={label} hint={hint}>
      {({ id, describedBy }) => (
        <input
          id={id}
          class="field__input"
          type={type}
          value={value}
          aria-describedby={describedBy}
          onInput={(event) => onInput(event.currentTarget.value)}
          {...input}
        />
      )}
    </Field>
  );
}

interface TextAreaFieldProps {
  label: string;
  value: string;
  onInput: (value: string) => void;
  hint?: string;
  rows?: number;
  disabled?: boolean;
  maxLength?: number;
}

export function TextAreaField({ label, value, onInput, hint, rows = 4, ...input }: TextAreaFieldProps) {
  return (
    <Field label={label} hint={hint}>
      {({ id, describedBy }) => (
        <textarea
          id={id}
          class="field__input"
          rows={rows}
          value={value}
          aria-describedby={describedBy}
          onInput={(event) => onInput(event.currentTarget.value)}
          {...input}
        />
      )}
    </Field>
  );
}

interface SelectFieldProps<V extends string> {
  label: string;
  value: V;
  options: readonly { value: V; label: string }[];
  onChange: (value: V) => void;
  hint?: string;
  disabled?: boolean;
}

export function SelectField<V extends string>({ label, value, options, onChange, hint, disabled }: SelectFieldProps<V>) {
  return (
    <Field label={label} hint={hint}>
      {({ id, describedBy }) => (
        <select
          id={id}
          class="field__input"
          value={value}
          disabled={disabled}
          aria-describedby={describedBy}
          onChange={(event) => onChange(event.currentTarget.value as V)}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

interface CheckboxFieldProps {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: string;
  disabled?: boolean;
}

/** A checkbox with its label to the right and the hint below, as settings toggles read best. */
export function CheckboxField({ label, checked, onChange, hint, disabled }: CheckboxFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div class="field">
      <label class="checkbox-label" for={id}>
        <input
          id={id}
          class="checkbox"
          type="checkbox"
          checked={checked}
          disabled={disabled}
          aria-describedby={hint ? hintId : undefined}
          onChange={(event) => onChange(event.currentTarget.checked)}
        />
        {label}
      </label>
      {hint && (
        <p id={hintId} class="field__hint">
          {hint}
        </p>
      )}
    </div>
  );
}
