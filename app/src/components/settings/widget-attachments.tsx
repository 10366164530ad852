import { ATTACHMENT_CATEGORIES, ATTACHMENT_MAX_MEGABYTES, type AttachmentCategory } from "../../../../src/shared/attachments";
import { useTranslation } from "../../hooks/use-translation";
import { CheckboxField, describedBy, type FieldProblem } from "../form/fields";
import type { WidgetDraft } from "./widget-draft";

interface WidgetAttachmentsProps {
  id: string;
  draft: WidgetDraft;
  set: <K extends keyof WidgetDraft>(name: K, value: WidgetDraft[K]) => void;
  problemFor: (field: "attachmentMaxMegabytes" | "attachmentTypes") => FieldProblem | null;
}

/** Files in the chat: on or off, the largest file, and the kinds of file visitors and operators may send. */
export function WidgetAttachments({ id, draft, set, problemFor }: WidgetAttachmentsProps) {
  const { t } = useTranslation();
  const sizeProblem = problemFor("attachmentMaxMegabytes");
  const typesProblem = problemFor("attachmentTypes");
  const sizeId = `${id}-attachmentMaxMegabytes`;

  function toggle(kind: AttachmentCategory, on: boolean) {
    const chosen = new Set(draft.attachmentTypes);
    if (on) chosen.add(kind);
    else chosen.delete(kind);
    // In the server's order, so an unchanged choice compares equal.
    set(
      "attachmentTypes",
      ATTACHMENT_CATEGORIES.filter((category) => chosen.has(category)),
    );
  }

  return (
    <fieldset class="widget-form__group">
      <legend class="widget-form__legend">{t("attachments.settings.legend")}</legend>
      <p class="field__hint">{t("attachments.settings.intro")}</p>
      <CheckboxField
        label={t("attachments.settings.enabled")}
        checked={draft.attachmentsEnabled}
        onChange={(on) => set("attachmentsEnabled", on)}
        hint={t("attachments.settings.enabledHint")}
      />
      {draft.attachmentsEnabled && (
        <>
          <div class="field widget-form__months">
            <label class="field__label" for={sizeId}>
              {t("attachments.settings.maxMegabytes")}
            </label>
            <input
              id={sizeId}
              class="field__input"
              type="number"
              inputMode="numeric"
              min={ATTACHMENT_MAX_MEGABYTES.min}
              max={ATTACHMENT_MAX_MEGABYTES.max}
              step={1}
              required
              value={draft.attachmentMaxMegabytes}
              aria-invalid={sizeProblem ? true : undefined}
              aria-describedby={describedBy(`${sizeId}-hint`, sizeProblem?.id)}
              onInput={(event) => set("attachmentMaxMegabytes", event.currentTarget.value)}
            />
            <p id={`${sizeId}-hint`} class="field__hint">
              {t("attachments.settings.maxMegabytesHint", { min: ATTACHMENT_MAX_MEGABYTES.min, max: ATTACHMENT_MAX_MEGABYTES.max })}
            </p>
            {sizeProblem && (
              <p id={sizeProblem.id} class="field__error">
                {sizeProblem.text}
              </p>
            )}
          </div>
          <fieldset class="widget-form__kinds" id={`${id}-attachmentTypes`} tabIndex={-1} aria-describedby={typesProblem?.id}>
            <legend class="field__label">{t("attachments.settings.types")}</legend>
            <p class="field__hint">{t("attachments.settings.typesHint")}</p>
            {ATTACHMENT_CATEGORIES.map((kind) => (
              <CheckboxField
                key={kind}
                label={t(`attachments.settings.kinds.${kind}`)}
                checked={draft.attachmentTypes.includes(kind)}
                onChange={(on) => toggle(kind, on)}
              />
            ))}
            {typesProblem && (
              <p id={typesProblem.id} class="field__error">
                {typesProblem.text}
              </p>
            )}
          </fieldset>
        </>
      )}
    </fieldset>
  );
}
