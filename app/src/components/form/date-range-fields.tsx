import type { ComponentChildren } from "preact";

interface DateFieldProps {
  id: string;
  label: string;
  value: string;
  invalid: boolean;
  describedBy: string | undefined;
  onInput: (value: string) => void;
  children?: ComponentChildren;
}

/** One day, as the filters take it (YYYY-MM-DD). */
function DateField({ id, label, value, invalid, describedBy, onInput, children }: DateFieldProps) {
  return (
    <div class="field">
      <label class="field__label" for={id}>
        {label}
      </label>
      <input
        id={id}
        class="field__input"
        type="date"
        min="2000-01-01"
        max="9999-12-31"
        value={value}
        aria-invalid={invalid}
        aria-describedby={describedBy}
        onInput={(event) => onInput(event.currentTarget.value)}
      />
      {children}
    </div>
  );
}

interface DateRangeFieldsProps {
  /** The two inputs' ids are `${idPrefix}-from` and `${idPrefix}-to`. */
  idPrefix: string;
  fromLabel: string;
  toLabel: string;
  from: string;
  to: string;
  onFrom: (value: string) => void;
  onTo: (value: string) => void;
  /** Both days are marked invalid while the range is wrong. */
  invalid: boolean;
  fromDescribedBy?: string | undefined;
  toDescribedBy?: string | undefined;
  /** A hint shown under the "to" field. */
  toHint?: { id: string; text: string } | undefined;
}

/** "From" and "to" days, side by side in a filters grid; the form checks their order. */
export function DateRangeFields({
  idPrefix,
  fromLabel,
  toLabel,
  from,
  to,
  onFrom,
  onTo,
  invalid,
  fromDescribedBy,
  toDescribedBy,
  toHint,
}: DateRangeFieldsProps) {
  return (
    <>
      <DateField id={`${idPrefix}-from`} label={fromLabel} value={from} invalid={invalid} describedBy={fromDescribedBy} onInput={onFrom} />
      <DateField id={`${idPrefix}-to`} label={toLabel} value={to} invalid={invalid} describedBy={toDescribedBy} onInput={onTo}>
        {toHint && (
          <p id={toHint.id} class="field__hint">
            {toHint.text}
          </p>
        )}
      </DateField>
    </>
  );
}
