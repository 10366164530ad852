import { type IntegerRange, OFFER_MESSAGE_AFTER_MINUTES, UNANSWERED_ALERT_MINUTES } from "../../../../src/shared/chat-settings";
import { useTranslation } from "../../hooks/use-translation";
import { CheckboxField, describedBy, type FieldProblem, SelectField } from "../form/fields";
import type { OptionalMinutes, WidgetDraft } from "./widget-draft";

interface MinutesSwitchProps {
  /** The minutes input's id; the form focuses it when its value is wrong. */
  inputId: string;
  label: string;
  hint: string;
  minutesLabel: string;
  value: OptionalMinutes;
  onChange: (value: OptionalMinutes) => void;
  range: IntegerRange;
  problem: FieldProblem | null;
}

/** A setting in minutes that can be switched off: a checkbox, and the minutes while it is on. */
export function MinutesSwitch({ inputId, label, hint, minutesLabel, value, onChange, range, problem }: MinutesSwitchProps) {
  const { t } = useTranslation();
  return (
    <div class="widget-form__row">
      <CheckboxField label={label} checked={value.on} onChange={(on) => onChange({ ...value, on })} hint={hint} />
      {value.on && (
        <div class="field widget-form__months">
          <label class="field__label" for={inputId}>
            {minutesLabel}
          </label>
          <input
            id={inputId}
            class="field__input"
            type="number"
            inputMode="numeric"
            min={range.min}
            max={range.max}
            step={1}
            required
            value={value.minutes}
            aria-invalid={problem ? true : undefined}
            aria-describedby={describedBy(`${inputId}-hint`, problem?.id)}
            onInput={(event) => onChange({ ...value, minutes: event.currentTarget.value })}
          />
          <p id={`${inputId}-hint`} class="field__hint">
            {t("chatSettings.behaviour.minutesHint", { min: range.min, max: range.max })}
          </p>
          {problem && (
            <p id={problem.id} class="field__error">
              {problem.text}
            </p>
          )}
        </div>
      )}
    </div>
  );
}

interface WidgetChatBehaviourProps {
  id: string;
  draft: WidgetDraft;
  set: <K extends keyof WidgetDraft>(name: K, value: WidgetDraft[K]) => void;
  problemFor: (field: "offerMessage" | "unansweredAlert") => FieldProblem | null;
}

/** What visitors get outside hours and while waiting, how new chats reach operators, and the unanswered-chat email. */
export function WidgetChatBehaviour({ id, draft, set, problemFor }: WidgetChatBehaviourProps) {
  const { t } = useTranslation();
  return (
    <fieldset class="widget-form__group">
      <legend class="widget-form__legend">{t("chatSettings.behaviour.legend")}</legend>
      <SelectField
        label={t("chatSettings.behaviour.outsideHours")}
        value={draft.outsideHours}
        options={[
          { value: "message", label: t("chatSettings.behaviour.outsideHoursMessage") },
          { value: "hide", label: t("chatSettings.behaviour.outsideHoursHide") },
        ]}
        onChange={(value) => set("outsideHours", value)}
        hint={t("chatSettings.behaviour.outsideHoursHint")}
      />
      <MinutesSwitch
        inputId={`${id}-offerMessage`}
        label={t("chatSettings.behaviour.offerMessage")}
        hint={t("chatSettings.behaviour.offerMessageHint")}
        minutesLabel={t("chatSettings.behaviour.offerMessageMinutes")}
        value={draft.offerMessage}
        onChange={(value) => set("offerMessage", value)}
        range={OFFER_MESSAGE_AFTER_MINUTES}
        problem={problemFor("offerMessage")}
      />
      <SelectField
        label={t("chatSettings.behaviour.routing")}
        value={draft.routing}
        options={[
          { value: "offer_all", label: t("chatSettings.behaviour.routingOfferAll") },
          { value: "auto_assign", label: t("chatSettings.behaviour.routingAutoAssign") },
        ]}
        onChange={(value) => set("routing", value)}
        hint={t("chatSettings.behaviour.routingHint")}
      />
      <MinutesSwitch
        inputId={`${id}-unansweredAlert`}
        label={t("chatSettings.behaviour.unansweredAlert")}
        hint={t("chatSettings.behaviour.unansweredAlertHint")}
        minutesLabel={t("chatSettings.behaviour.unansweredAlertMinutes")}
        value={draft.unansweredAlert}
        onChange={(value) => set("unansweredAlert", value)}
        range={UNANSWERED_ALERT_MINUTES}
        problem={problemFor("unansweredAlert")}
      />
    </fieldset>
  );
}
