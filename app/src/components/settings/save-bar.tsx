import type { ComponentChildren } from "preact";
import { useTranslation } from "../../hooks/use-translation";
import { type SaveState, SaveStatus } from "../form/save-status";

interface SaveBarProps {
  state: SaveState;
  dirty: boolean;
  onDiscard: () => void;
  /** What is wrong with the form, shown above the buttons. */
  children?: ComponentChildren;
}

/** Save and Discard under a settings form, with "unsaved changes" and the outcome of the last save. */
export function SaveBar({ state, dirty, onDiscard, children }: SaveBarProps) {
  const { t } = useTranslation();
  const saving = state.kind === "saving";
  return (
    <div class="widget-form__actions">
      {children}
      <div class="widget-form__buttons">
        <button type="submit" class="button button--primary" disabled={saving || !dirty} aria-busy={saving}>
          {t("form.save")}
        </button>
        {dirty && (
          <button type="button" class="button" disabled={saving} onClick={onDiscard}>
            {t("widgets.discard")}
          </button>
        )}
        {dirty && !saving && <span class="widget-form__unsaved">{t("widgets.unsaved")}</span>}
      </div>
      <SaveStatus state={state} />
    </div>
  );
}
