import { useId, useMemo, useState } from "preact/hooks";
import { ATTACHMENT_MAX_MEGABYTES } from "../../../../src/shared/attachments";
import { OFFER_MESSAGE_AFTER_MINUTES, UNANSWERED_ALERT_MINUTES } from "../../../../src/shared/chat-settings";
import { errorInfo } from "../../api";
import { useMounted } from "../../hooks/use-mounted";
import { useTranslation } from "../../hooks/use-translation";
import type { Department, UpdateWidget, WidgetSettings } from "../../types";
import { CheckboxField, describedBy, type FieldProblem, SelectField } from "../form/fields";
import type { SaveState } from "../form/save-status";
import { BusinessHoursEditor, hoursProblemPlace, weekdayNames } from "./business-hours-editor";
import { NameField } from "./name-field";
import { RetentionFields } from "./retention-fields";
import { SaveBar } from "./save-bar";
import { WidgetAppearance } from "./widget-appearance";
import { WidgetAttachments } from "./widget-attachments";
import { WidgetChatBehaviour } from "./widget-chat-behaviour";
import {
  becomesForever,
  changesOf,
  effectiveMonths,
  isDirty,
  LIMITS,
  originRow,
  type PreChatField,
  type Problem,
  problemsOf,
  type RetentionMode,
  retentionOf,
  shortens,
  type WidgetDraft,
} from "./widget-draft";
import { WidgetEmbed } from "./widget-embed";
import { WidgetIdentity } from "./widget-identity";
import { WidgetLanguageTexts } from "./widget-language-texts";

interface WidgetFormProps {
  /** The widget as last saved. */
  widget: WidgetSettings;
  draft: WidgetDraft;
  onDraft: (draft: WidgetDraft) => void;
  /** Sends `change`; rejects with the server's error, the draft untouched. */
  onSave: (change: UpdateWidget, draft: WidgetDraft) => Promise<void>;
  onDiscard: () => void;
  /** The departments the admin may move the widget to, or null when their role cannot list them. */
  departments: readonly Department[] | null;
  departmentName: (id: string) => string | null;
  /** The account's retention: months, null = kept until deleted, undefined = not known. */
  accountMonths: number | null | undefined;
  readOnly: boolean;
  headingId: string;
}

/** Every setting of one widget, saved as a PATCH of only what changed. */
export function WidgetForm({
  widget,
  draft,
  onDraft,
  onSave,
  onDiscard,
  departments,
  departmentName,
  accountMonths,
  readOnly,
  headingId,
}: WidgetFormProps) {
  const { t, language } = useTranslation();
  const days = useMemo(() => weekdayNames(language), [language]);
  const mounted = useMounted();
  const id = useId();
  const [state, setState] = useState<SaveState>({ kind: "idle" });
  const [attempted, setAttempted] = useState(false);
  const dirty = isDirty(widget, draft);
  const problems = attempted ? problemsOf(draft, widget, accountMonths) : [];
  const saving = state.kind === "saving";

  function set<K extends keyof WidgetDraft>(name: K, value: WidgetDraft[K]) {
    onDraft({ ...draft, [name]: value });
    if (state.kind === "saved") setState({ kind: "idle" });
  }

  const elementIdOf = (problem: Problem): string =>
    problem.field === "origin"
      ? `${id}-origin-${problem.key}`
      : problem.field === "origins"
        ? `${id}-add-origin`
        : problem.field === "hours"
          ? `${id}-hours-${problem.target}`
          : `${id}-${problem.field}`;

  async function submit(event: Event) {
    event.preventDefault();
    if (readOnly || saving) return;
    const found = problemsOf(draft, widget, accountMonths);
    if (found.length > 0) {
      setAttempted(true);
      setState({ kind: "idle" });
      const first = found[0];
      if (first) requestAnimationFrame(() => document.getElementById(elementIdOf(first))?.focus());
      return;
    }
    setState({ kind: "saving" });
    try {
      await onSave(changesOf(widget, draft), draft);
      if (!mounted.current) return;
      setAttempted(false);
      setState({ kind: "saved" });
    } catch (failure) {
      if (mounted.current) setState({ kind: "failed", error: errorInfo(failure) });
    }
  }

  function problemText(problem: Problem): string {
    switch (problem.code) {
      case "required":
        return t("widgets.problems.nameRequired");
      case "invalidOrigin": {
        const value = draft.origins.find((row) => row.key === problem.key)?.value.trim() ?? "";
        return problem.suggestion
          ? t("widgets.problems.invalidOriginSuggest", { value, suggestion: problem.suggestion })
          : t("widgets.problems.invalidOrigin", { value });
      }
      case "duplicateOrigin":
        return t("widgets.problems.duplicateOrigin", { value: draft.origins.find((row) => row.key === problem.key)?.value.trim() ?? "" });
      case "tooManyOrigins":
        return t("widgets.problems.tooManyOrigins", { max: LIMITS.origins });
      case "invalidUrl":
        return t("widgets.problems.invalidUrl");
      case "labelsWithoutUrl":
        return t("widgets.problems.labelsWithoutUrl");
      case "monthsRange":
        return t("widgets.problems.monthsRange");
      case "invalidColour":
        return t("widgets.problems.invalidColour");
      case "foreverUnconfirmed":
        return t("widgets.problems.foreverUnconfirmed");
      case "offerMinutesRange":
        return t("chatSettings.behaviour.problems.offerMinutesRange", { ...OFFER_MESSAGE_AFTER_MINUTES });
      case "alertMinutesRange":
        return t("chatSettings.behaviour.problems.alertMinutesRange", { ...UNANSWERED_ALERT_MINUTES });
      case "megabytesRange":
        return t("attachments.settings.maxMegabytesRange", { min: ATTACHMENT_MAX_MEGABYTES.min, max: ATTACHMENT_MAX_MEGABYTES.max });
      case "noTypes":
        return t("attachments.settings.noTypes");
      case "timeZone":
      case "time":
      case "endBeforeStart":
      case "overlap":
      case "date":
      case "duplicateDate":
        return t(`chatSettings.hours.problems.${problem.code}`, {
          where: hoursProblemPlace(problem, draft.hours, days, t("chatSettings.hours.newException")),
        });
    }
  }

  /** The problem of one element of the hours editor, by its target. */
  function hoursProblemAt(target: string): FieldProblem | null {
    const problem = problems.find((p) => p.field === "hours" && p.target === target);
    return problem ? { id: `${elementIdOf(problem)}-error`, text: problemText(problem) } : null;
  }

  /** The problem of one field, if any, with the id its message carries. */
  function problemFor(field: Problem["field"], key?: number): FieldProblem | null {
    const problem = problems.find((p) => p.field === field && (key === undefined || (p.field === "origin" && p.key === key)));
    return problem ? { id: `${elementIdOf(problem)}-error`, text: problemText(problem) } : null;
  }

  const nameProblem = problemFor("name");
  const monthsProblem = problemFor("retentionMonths");
  const urlProblem = problemFor("policyUrl");
  const colourProblem = problemFor("accentColor");
  const originsProblem = problemFor("origins");

  // What the retention means once saved, and whether saving erases chats kept until now.
  const savedMonths = effectiveMonths(widget.retention, accountMonths);
  const nextMonths = effectiveMonths(retentionOf(draft), accountMonths);
  const erasesMore = !readOnly && shortens(savedMonths, nextMonths);

  const accountRetention =
    accountMonths === undefined
      ? t("widgets.retention.account")
      : accountMonths === null
        ? t("widgets.retention.accountKept")
        : t("widgets.retention.accountMonths", { count: accountMonths });
  const retentionOptions: { value: RetentionMode; label: string }[] = [
    { value: "account", label: accountRetention },
    { value: "off", label: t("widgets.retention.off") },
    { value: "months", label: t("widgets.retention.months") },
  ];
  const preChatOptions: { value: PreChatField; label: string }[] = [
    { value: "hidden", label: t("widgets.preChat.hidden") },
    { value: "optional", label: t("widgets.preChat.optional") },
    { value: "required", label: t("widgets.preChat.required") },
  ];

  const departmentOptions = departments ? departments.map((d) => ({ value: d.id, label: d.name })) : null;
  if (departmentOptions && !departmentOptions.some((option) => option.value === draft.departmentId)) {
    departmentOptions.unshift({ value: draft.departmentId, label: departmentName(draft.departmentId) ?? draft.departmentId });
  }

  function addOrigin() {
    const row = originRow();
    set("origins", [...draft.origins, row]);
    requestAnimationFrame(() => document.getElementById(`${id}-origin-${row.key}`)?.focus());
  }

  function removeOrigin(key: number) {
    set(
      "origins",
      draft.origins.filter((row) => row.key !== key),
    );
    requestAnimationFrame(() => document.getElementById(`${id}-add-origin`)?.focus());
  }

  const privacyHint = (what: "livePreview" | "identityLookup", savedOn: boolean) =>
    draft.privacyMode
      ? t(`widgets.privacy.${what}Forced`, { saved: savedOn ? t("widgets.privacy.on") : t("widgets.privacy.off") })
      : t(`widgets.privacy.${what}Hint`);

  return (
    <section class="panel widget-editor" aria-labelledby={headingId}>
      <h3 id={headingId} class="section-heading" tabIndex={-1}>
        {t("widgets.editing", { name: widget.name })}
      </h3>
      <WidgetEmbed siteKey={widget.siteKey} />
      <form class="widget-form" aria-labelledby={headingId} noValidate onSubmit={(event) => void submit(event)}>
        <fieldset class="widget-form__fields" disabled={readOnly}>
          <fieldset class="widget-form__group">
            <legend class="widget-form__legend">{t("widgets.groups.general")}</legend>
            <NameField
              id={`${id}-name`}
              label={t("widgets.name")}
              hint={t("widgets.nameHint")}
              value={draft.name}
              problem={nameProblem}
              onInput={(value) => set("name", value)}
            />
            {departmentOptions ? (
              <SelectField
                label={t("widgets.department")}
                value={draft.departmentId}
                options={departmentOptions}
                onChange={(value) => set("departmentId", value)}
                hint={t("widgets.departmentHint")}
              />
            ) : (
              <div class="field">
                <label class="field__label" for={`${id}-department`}>
                  {t("widgets.department")}
                </label>
                <input
                  id={`${id}-department`}
                  class="field__input"
                  type="text"
                  readOnly
                  value={draft.departmentId}
                  aria-describedby={`${id}-department-hint`}
                />
                <p id={`${id}-department-hint`} class="field__hint">
                  {t("widgets.departmentUnknown")}
                </p>
              </div>
            )}
          </fieldset>

          <fieldset class="widget-form__group">
            <legend class="widget-form__legend">{t("widgets.groups.privacy")}</legend>
            <CheckboxField
              label={t("widgets.privacy.privacyMode")}
              checked={draft.privacyMode}
              onChange={(checked) => set("privacyMode", checked)}
              hint={draft.privacyMode ? t("widgets.privacy.privacyModeOn") : t("widgets.privacy.privacyModeOff")}
            />
            {draft.privacyMode !== widget.privacyMode && !draft.privacyMode && (
              <p class="notice notice--warning">{t("widgets.privacy.turningOff")}</p>
            )}
            <CheckboxField
              label={t("widgets.privacy.livePreview")}
              checked={draft.privacyMode ? false : draft.livePreview}
              disabled={draft.privacyMode}
              onChange={(checked) => set("livePreview", checked)}
              hint={privacyHint("livePreview", draft.livePreview)}
            />
            <CheckboxField
              label={t("widgets.privacy.identityLookup")}
              checked={draft.privacyMode ? false : draft.identityLookup}
              disabled={draft.privacyMode}
              onChange={(checked) => set("identityLookup", checked)}
              hint={privacyHint("identityLookup", draft.identityLookup)}
            />
            <p class="field__hint">{t("widgets.privacy.appliesToNewChats")}</p>
            <RetentionFields
              label={t("widgets.retention.label")}
              hint={t("widgets.retention.hint")}
              mode={draft.retentionMode}
              options={retentionOptions}
              onMode={(value) => set("retentionMode", value)}
              months={draft.retentionMonths}
              onMonths={(value) => set("retentionMonths", value)}
              monthsId={`${id}-retentionMonths`}
              monthsProblem={monthsProblem}
              warning={erasesMore && typeof nextMonths === "number" ? t("widgets.retention.erasesMore", { count: nextMonths }) : null}
              forever={
                !readOnly && becomesForever(widget, draft, accountMonths)
                  ? {
                      confirmed: draft.confirmForever,
                      onConfirm: (checked) => set("confirmForever", checked),
                      id: `${id}-confirmForever`,
                      problem: problemFor("confirmForever"),
                    }
                  : null
              }
            />
          </fieldset>

          <WidgetIdentity
            widget={widget}
            enabled={draft.identityVerification}
            onEnabled={(checked) => set("identityVerification", checked)}
            readOnly={readOnly}
          />

          <fieldset class="widget-form__group">
            <legend class="widget-form__legend">{t("widgets.groups.consent")}</legend>
            <CheckboxField
              label={t("widgets.consent.enabled")}
              checked={draft.disclaimerEnabled}
              onChange={(checked) => set("disclaimerEnabled", checked)}
              hint={draft.disclaimerEnabled ? t("widgets.consent.enabledHint") : t("widgets.consent.disabledHint")}
            />
            <WidgetLanguageTexts
              legend={t("widgets.consent.texts")}
              hint={t("widgets.consent.textsHint")}
              texts={draft.disclaimerTexts}
              onChange={(texts) => set("disclaimerTexts", texts)}
              textLabel={(language) => t("widgets.consent.textIn", { language })}
              removeLabel={(language) => t("widgets.consent.remove", { language })}
              addLanguageLabel={t("widgets.consent.addLanguage")}
              addLabel={t("widgets.consent.add")}
              maxLength={LIMITS.disclaimer}
              multiline
              readOnly={readOnly}
            />
            <div class="field">
              <label class="field__label" for={`${id}-policyUrl`}>
                {t("widgets.policy.url")}
              </label>
              <input
                id={`${id}-policyUrl`}
                class="field__input"
                type="url"
                inputMode="url"
                placeholder="https://"
                maxLength={LIMITS.policyUrl}
                value={draft.policyUrl}
                aria-invalid={urlProblem ? true : undefined}
                aria-describedby={describedBy(`${id}-policyUrl-hint`, urlProblem?.id)}
                onInput={(event) => set("policyUrl", event.currentTarget.value)}
              />
              <p id={`${id}-policyUrl-hint`} class="field__hint">
                {t("widgets.policy.urlHint")}
              </p>
              {urlProblem && (
                <p id={urlProblem.id} class="field__error">
                  {urlProblem.text}
                </p>
              )}
            </div>
            <WidgetLanguageTexts
              legend={t("widgets.policy.labels")}
              hint={t("widgets.policy.labelsHint")}
              texts={draft.policyLabels}
              onChange={(texts) => set("policyLabels", texts)}
              textLabel={(language) => t("widgets.policy.labelIn", { language })}
              removeLabel={(language) => t("widgets.policy.remove", { language })}
              addLanguageLabel={t("widgets.policy.addLanguage")}
              addLabel={t("widgets.policy.add")}
              maxLength={LIMITS.policyLabel}
              multiline={false}
              readOnly={readOnly}
            />
          </fieldset>

          <fieldset class="widget-form__group">
            <legend class="widget-form__legend">{t("widgets.groups.preChat")}</legend>
            <p class="field__hint">{t("widgets.preChat.intro")}</p>
            <div class="widget-form__row">
              <SelectField
                label={t("widgets.preChat.name")}
                value={draft.preChatName}
                options={preChatOptions}
                onChange={(value) => set("preChatName", value)}
              />
              <SelectField
                label={t("widgets.preChat.email")}
                value={draft.preChatEmail}
                options={preChatOptions}
                onChange={(value) => set("preChatEmail", value)}
                hint={t("widgets.preChat.emailHint")}
              />
            </div>
          </fieldset>

          <fieldset class="widget-form__group" aria-describedby={`${id}-origins-hint`}>
            <legend class="widget-form__legend">{t("widgets.origins.label")}</legend>
            <p id={`${id}-origins-hint`} class="field__hint">
              {t("widgets.origins.hint")}
            </p>
            {draft.origins.length === 0 && <p class="notice notice--warning">{t("widgets.origins.none")}</p>}
            <ul class="origin-rows">
              {draft.origins.map((row, index) => {
                const problem = problemFor("origin", row.key);
                const wrong = problems.find(
                  (p): p is Extract<Problem, { code: "invalidOrigin" }> => p.code === "invalidOrigin" && p.key === row.key,
                );
                const label = t("widgets.origins.row", { number: index + 1 });
                return (
                  <li key={row.key} class="origin-row">
                    <div class="field">
                      <label class="field__label" for={`${id}-origin-${row.key}`}>
                        {label}
                      </label>
                      <input
                        id={`${id}-origin-${row.key}`}
                        class="field__input"
                        type="url"
                        inputMode="url"
                        placeholder="https://www.example.com"
                        spellcheck={false}
                        maxLength={LIMITS.origin}
                        value={row.value}
                        aria-invalid={problem ? true : undefined}
                        aria-describedby={problem?.id}
                        onInput={(event) => {
                          const value = event.currentTarget.value;
                          set(
                            "origins",
                            draft.origins.map((r) => (r.key === row.key ? { key: r.key, value } : r)),
                          );
                        }}
                      />
                      {problem && (
                        <p id={problem.id} class="field__error">
                          {problem.text}
                          {wrong?.suggestion && !readOnly && (
                            <>
                              {" "}
                              <button
                                type="button"
                                class="link-button"
                                onClick={() =>
                                  set(
                                    "origins",
                                    draft.origins.map((r) => (r.key === row.key ? { key: r.key, value: wrong.suggestion ?? r.value } : r)),
                                  )
                                }
                              >
                                {t("widgets.origins.useSuggestion", { suggestion: wrong.suggestion })}
                              </button>
                            </>
                          )}
                        </p>
                      )}
                    </div>
                    {!readOnly && (
                      <button
                        type="button"
                        class="button origin-row__remove"
                        aria-label={t("widgets.origins.remove", { number: index + 1 })}
                        onClick={() => removeOrigin(row.key)}
                      >
                        {t("form.remove")}
                      </button>
                    )}
                  </li>
                );
              })}
            </ul>
            {!readOnly && (
              <button
                id={`${id}-add-origin`}
                type="button"
                class="button origin-rows__add"
                disabled={draft.origins.length >= LIMITS.origins}
                aria-describedby={originsProblem?.id}
                onClick={addOrigin}
              >
                {t("widgets.origins.add")}
              </button>
            )}
            {originsProblem && (
              <p id={originsProblem.id} class="field__error">
                {originsProblem.text}
              </p>
            )}
          </fieldset>

          <BusinessHoursEditor
            id={id}
            hours={draft.hours}
            onChange={(hours) => set("hours", hours)}
            saved={widget}
            problemAt={hoursProblemAt}
            readOnly={readOnly}
          />
          <WidgetChatBehaviour id={id} draft={draft} set={set} problemFor={problemFor} />
          <WidgetAttachments id={id} draft={draft} set={set} problemFor={problemFor} />

          <WidgetAppearance id={id} widget={widget} draft={draft} set={set} colourProblem={colourProblem} readOnly={readOnly} />
        </fieldset>

        {!readOnly && (
          <SaveBar state={state} dirty={dirty} onDiscard={onDiscard}>
            {problems.length > 0 && (
              <div class="form-error" role="alert">
                <p>{t("widgets.problems.summary", { count: problems.length })}</p>
                <ul class="widget-form__problems">
                  {problems.map((problem) => (
                    <li key={elementIdOf(problem)}>
                      <button type="button" class="link-button" onClick={() => document.getElementById(elementIdOf(problem))?.focus()}>
                        {problemText(problem)}
                      </button>
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </SaveBar>
        )}
      </form>
    </section>
  );
}
