import { useId } from "preact/hooks";
import { useTranslation } from "../hooks/use-translation";
import type { CsvSeparator } from "../types";

interface CsvSeparatorFieldProps {
  value: CsvSeparator;
  onChange: (separator: CsvSeparator) => void;
}

const SEPARATORS: readonly { value: CsvSeparator; label: "csvSeparator.comma" | "csvSeparator.semicolon" }[] = [
  { value: ",", label: "csvSeparator.comma" },
  { value: ";", label: "csvSeparator.semicolon" },
];

/** The CSV separator: "," for most spreadsheets, ";" for those set to a European locale. */
export function CsvSeparatorField({ value, onChange }: CsvSeparatorFieldProps) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div class="field field--inline">
      <label class="field__label" for={id}>
        {t("csvSeparator.label")}
      </label>
      <select id={id} class="field__input" value={value} onChange={(event) => onChange(event.currentTarget.value as CsvSeparator)}>
        {SEPARATORS.map((option) => (
          <option key={option.value} value={option.value}>
            {t(option.label)}
          </option>
        ))}
      </select>
    </div>
  );
}
