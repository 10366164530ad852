import { useEffect, useId, useState } from "preact/hooks";
import { AWAY_AFTER_IDLE_MINUTES, inRange } from "../../../../src/shared/chat-settings";
import { DATA_REQUEST_RETENTION_MONTHS } from "../../../../src/shared/data-requests";
import { type ErrorInfo, errorInfo } from "../../api";
import { settingsApi } from "../../api/admin";
import { useDocumentTitle } from "../../hooks/use-document-title";
import { useMounted } from "../../hooks/use-mounted";
import { useTranslation } from "../../hooks/use-translation";
import { useUnloadWarning } from "../../hooks/use-unload-warning";
import { canManageAccount, canManageSettings } from "../../lib/access";
import type { AccountSettings, Me, UpdateAccountSettings } from "../../types";
import { CheckboxField, describedBy } from "../form/fields";
import type { SaveState } from "../form/save-status";
import { EmailPanel } from "./email-panel";
import { LoadStatus } from "./load-status";
import { NameField } from "./name-field";
import { RetentionFields } from "./retention-fields";
import { SaveBar } from "./save-bar";
import { parseMonths, shortens } from "./widget-draft";
import "./widgets.css";

interface AccountDraft {
  name: string;
  /** "off": kept until deleted. */
  retentionMode: "off" | "months";
  retentionMonths: string;
  pseudonymousAnalytics: boolean;
  requireTwoFactor: boolean;
  /** Digits as typed. */
  awayAfterIdleMinutes: string;
  /** Months answered data requests stay in the register, as typed. */
  dataRequestMonths: string;
  /** The admin ticked "keep until deleted" after reading the warning. */
  confirmForever: boolean;
}

const toDraft = (account: AccountSettings): AccountDraft => ({
  name: account.name,
  retentionMode: account.retentionMonths === null ? "off" : "months",
  retentionMonths: account.retentionMonths === null ? "" : String(account.retentionMonths),
  pseudonymousAnalytics: account.pseudonymousAnalytics,
  requireTwoFactor: account.requireTwoFactor,
  awayAfterIdleMinutes: String(account.awayAfterIdleMinutes),
  dataRequestMonths: String(account.dataRequestRetentionMonths),
  confirmForever: false,
});

/** The idle minutes typed, or null while they are not a whole number within AWAY_AFTER_IDLE_MINUTES. */
const awayMinutesOf = (draft: AccountDraft): number | null => {
  const text = draft.awayAfterIdleMinutes.trim();
  return /^\d{1,3}$/.test(text) && inRange(AWAY_AFTER_IDLE_MINUTES, Number(text)) ? Number(text) : null;
};

/** The register's months typed, or null while they are not a whole number within DATA_REQUEST_RETENTION_MONTHS. */
const registerMonthsOf = (draft: AccountDraft): number | null => {
  const text = draft.dataRequestMonths.trim();
  return /^\d{1,3}$/.test(text) && inRange(DATA_REQUEST_RETENTION_MONTHS, Number(text)) ? Number(text) : null;
};

/** The months the draft asks for: a number, null for "kept until deleted", undefined while invalid. */
const draftMonths = (draft: AccountDraft): number | null | undefined =>
  draft.retentionMode === "off" ? null : (parseMonths(draft.retentionMonths) ?? undefined);

/** Only what changed, as the PATCH wants it. */
function changesOf(base: AccountSettings, draft: AccountDraft): UpdateAccountSettings {
  const change: UpdateAccountSettings = {};
  const name = draft.name.trim();
  if (name && name !== base.name) change.name = name;
  const months = draftMonths(draft);
  if (months !== undefined && months !== base.retentionMonths) change.retentionMonths = months;
  if (months === null && change.retentionMonths === null && draft.confirmForever) change.confirmKeepForever = true;
  if (draft.pseudonymousAnalytics !== base.pseudonymousAnalytics) change.pseudonymousAnalytics = draft.pseudonymousAnalytics;
  if (draft.requireTwoFactor !== base.requireTwoFactor) change.requireTwoFactor = draft.requireTwoFactor;
  const away = awayMinutesOf(draft);
  if (away !== null && away !== base.awayAfterIdleMinutes) change.awayAfterIdleMinutes = away;
  const registerMonths = registerMonthsOf(draft);
  if (registerMonths !== null && registerMonths !== base.dataRequestRetentionMonths) change.dataRequestRetentionMonths = registerMonths;
  return change;
}

const sameDraft = (a: AccountDraft, b: AccountDraft) =>
  a.name === b.name &&
  a.retentionMode === b.retentionMode &&
  a.retentionMonths === b.retentionMonths &&
  a.pseudonymousAnalytics === b.pseudonymousAnalytics &&
  a.requireTwoFactor === b.requireTwoFactor &&
  a.awayAfterIdleMinutes === b.awayAfterIdleMinutes &&
  a.dataRequestMonths === b.dataRequestMonths &&
  a.confirmForever === b.confirmForever;

// Per operator, for the life of the page: unsaved edits survive a visit to another screen.
const keptDrafts = new Map<string, { base: AccountSettings; draft: AccountDraft }>();

type Load = { phase: "loading" } | { phase: "failed"; error: ErrorInfo } | { phase: "ready"; account: AccountSettings };

/** The account's name, its default retention, whether analytics name operators, and whether everyone needs two factors. */
export function AccountScreen({ me }: { me: Me }) {
  const { t } = useTranslation();
  const mounted = useMounted();
  const id = useId();
  const editable = canManageAccount(me);
  const operatorId = me.operator.id;
  const [load, setLoad] = useState<Load>({ phase: "loading" });
  const [attempt, setAttempt] = useState(0);
  const [draft, setDraft] = useState<AccountDraft | null>(null);
  const [state, setState] = useState<SaveState>({ kind: "idle" });
  const [attempted, setAttempted] = useState(false);
  useDocumentTitle(t("pageTitle", { page: t("nav.settingsAccount"), app: t("appName") }));

  useEffect(() => {
    setLoad({ phase: "loading" });
    void (async () => {
      try {
        const account = await settingsApi.account();
        if (!mounted.current) return;
        const kept = keptDrafts.get(operatorId);
        // Unsaved edits come back, measured against what they were made on.
        setLoad({ phase: "ready", account: kept?.base ?? account });
        setDraft(kept?.draft ?? toDraft(account));
      } catch (failure) {
        if (mounted.current) setLoad({ phase: "failed", error: errorInfo(failure) });
      }
    })();
  }, [attempt, mounted, operatorId]);

  const account = load.phase === "ready" ? load.account : null;
  const dirty = account !== null && draft !== null && !sameDraft(draft, toDraft(account));

  useEffect(() => {
    if (account && draft && dirty) keptDrafts.set(operatorId, { base: account, draft });
    else keptDrafts.delete(operatorId);
  }, [account, draft, dirty, operatorId]);

  useUnloadWarning(dirty);

  function set<K extends keyof AccountDraft>(name: K, value: AccountDraft[K]) {
    setDraft((current) => (current ? { ...current, [name]: value } : current));
    if (state.kind === "saved") setState({ kind: "idle" });
  }

  const nameMissing = draft !== null && !draft.name.trim();
  const monthsInvalid = draft !== null && draftMonths(draft) === undefined;
  const showNameProblem = attempted && nameMissing;
  const showMonthsProblem = attempted && monthsInvalid;
  const awayInvalid = draft !== null && awayMinutesOf(draft) === null;
  const registerInvalid = draft !== null && registerMonthsOf(draft) === null;
  const registerProblemText = t("register.retentionProblem", {
    min: DATA_REQUEST_RETENTION_MONTHS.min,
    max: DATA_REQUEST_RETENTION_MONTHS.max,
  });
  const awayProblemText = t("chatSettings.away.problem", { min: AWAY_AFTER_IDLE_MINUTES.min, max: AWAY_AFTER_IDLE_MINUTES.max });
  // Keeping chats until deleted is chosen explicitly: a warning and a box to tick, else no save.
  const becomesForever = editable && account !== null && draft !== null && account.retentionMonths !== null && draftMonths(draft) === null;
  const foreverUnconfirmed = becomesForever && !draft.confirmForever;
  const showForeverProblem = attempted && foreverUnconfirmed;

  async function submit(event: Event) {
    event.preventDefault();
    if (!editable || !account || !draft || state.kind === "saving") return;
    if (nameMissing || monthsInvalid || foreverUnconfirmed || awayInvalid || registerInvalid) {
      setAttempted(true);
      requestAnimationFrame(() =>
        document
          .getElementById(
            nameMissing
              ? `${id}-name`
              : monthsInvalid
                ? `${id}-months`
                : foreverUnconfirmed
                  ? `${id}-forever`
                  : awayInvalid
                    ? `${id}-away`
                    : `${id}-register`,
          )
          ?.focus(),
      );
      return;
    }
    const change = changesOf(account, draft);
    setState({ kind: "saving" });
    try {
      const saved = Object.keys(change).length > 0 ? await settingsApi.updateAccount(change) : account;
      if (!mounted.current) return;
      setLoad({ phase: "ready", account: saved });
      // Edits made while saving stay; otherwise the form shows what the server now holds.
      setDraft((current) => (current === draft ? toDraft(saved) : current));
      setAttempted(false);
      setState({ kind: "saved" });
    } catch (failure) {
      if (mounted.current) setState({ kind: "failed", error: errorInfo(failure) });
    }
  }

  const nextMonths = draft ? draftMonths(draft) : undefined;
  const erasesMore = editable && account !== null && shortens(account.retentionMonths, nextMonths);

  return (
    <main id="content" class="screen" tabIndex={-1}>
      <div class="screen__main">
        <h2 id="screen-heading" class="screen__heading" tabIndex={-1}>
          {t("account.heading")}
        </h2>
        <p class="screen__intro">{t("account.intro")}</p>
        {!editable && <p class="notice">{canManageSettings(me) ? t("account.needsAllDepartments") : t("form.readOnly")}</p>}
        <LoadStatus load={load} onRetry={() => setAttempt((n) => n + 1)} />
        {account && draft && (
          <form class="widget-form account-form" aria-labelledby="screen-heading" noValidate onSubmit={(event) => void submit(event)}>
            <fieldset class="widget-form__fields" disabled={!editable}>
              <fieldset class="widget-form__group">
                <legend class="widget-form__legend">{t("account.groups.general")}</legend>
                <NameField
                  id={`${id}-name`}
                  label={t("account.name")}
                  hint={t("account.nameHint")}
                  value={draft.name}
                  problem={showNameProblem ? { id: `${id}-name-error`, text: t("account.nameRequired") } : null}
                  onInput={(value) => set("name", value)}
                />
              </fieldset>

              <fieldset class="widget-form__group">
                <legend class="widget-form__legend">{t("account.groups.retention")}</legend>
                <p class="field__hint">{t("account.retentionIntro")}</p>
                <RetentionFields
                  label={t("account.retention")}
                  hint={t("account.retentionHint")}
                  mode={draft.retentionMode}
                  options={[
                    { value: "off", label: t("account.retentionOff") },
                    { value: "months", label: t("account.retentionMonths") },
                  ]}
                  onMode={(value) => set("retentionMode", value)}
                  months={draft.retentionMonths}
                  onMonths={(value) => set("retentionMonths", value)}
                  monthsId={`${id}-months`}
                  monthsProblem={showMonthsProblem ? { id: `${id}-months-error`, text: t("widgets.problems.monthsRange") } : null}
                  warning={erasesMore && typeof nextMonths === "number" ? t("account.erasesMore", { count: nextMonths }) : null}
                  forever={
                    becomesForever
                      ? {
                          confirmed: draft.confirmForever,
                          onConfirm: (checked) => set("confirmForever", checked),
                          id: `${id}-forever`,
                          problem: showForeverProblem
                            ? { id: `${id}-forever-error`, text: t("widgets.problems.foreverUnconfirmed") }
                            : null,
                        }
                      : null
                  }
                />
                <p class="field__hint">{t("account.backups")}</p>
              </fieldset>

              <fieldset class="widget-form__group">
                <legend class="widget-form__legend">{t("account.groups.analytics")}</legend>
                <CheckboxField
                  label={t("account.pseudonymousAnalytics")}
                  checked={draft.pseudonymousAnalytics}
                  onChange={(checked) => set("pseudonymousAnalytics", checked)}
                  hint={t("account.pseudonymousAnalyticsHint")}
                />
              </fieldset>

              <fieldset class="widget-form__group">
                <legend class="widget-form__legend">{t("account.groups.signIn")}</legend>
                <CheckboxField
                  label={t("account.requireTwoFactor")}
                  checked={draft.requireTwoFactor}
                  onChange={(checked) => set("requireTwoFactor", checked)}
                  hint={t("account.requireTwoFactorHint")}
                />
              </fieldset>

              <fieldset class="widget-form__group">
                <legend class="widget-form__legend">{t("chatSettings.away.legend")}</legend>
                <div class="field widget-form__months">
                  <label class="field__label" for={`${id}-away`}>
                    {t("chatSettings.away.label")}
                  </label>
                  <input
                    id={`${id}-away`}
                    class="field__input"
                    type="number"
                    inputMode="numeric"
                    min={AWAY_AFTER_IDLE_MINUTES.min}
                    max={AWAY_AFTER_IDLE_MINUTES.max}
                    step={1}
                    required
                    value={draft.awayAfterIdleMinutes}
                    aria-invalid={attempted && awayInvalid ? true : undefined}
                    aria-describedby={describedBy(`${id}-away-hint`, attempted && awayInvalid && `${id}-away-error`)}
                    onInput={(event) => set("awayAfterIdleMinutes", event.currentTarget.value)}
                  />
                  <p id={`${id}-away-hint`} class="field__hint">
                    {t("chatSettings.away.hint", { min: AWAY_AFTER_IDLE_MINUTES.min, max: AWAY_AFTER_IDLE_MINUTES.max })}
                  </p>
                  {attempted && awayInvalid && (
                    <p id={`${id}-away-error`} class="field__error">
                      {awayProblemText}
                    </p>
                  )}
                </div>
              </fieldset>

              <fieldset class="widget-form__group">
                <legend class="widget-form__legend">{t("register.heading")}</legend>
                <div class="field widget-form__months">
                  <label class="field__label" for={`${id}-register`}>
                    {t("register.retention")}
                  </label>
                  <input
                    id={`${id}-register`}
                    class="field__input"
                    type="number"
                    inputMode="numeric"
                    min={DATA_REQUEST_RETENTION_MONTHS.min}
                    max={DATA_REQUEST_RETENTION_MONTHS.max}
                    step={1}
                    required
                    value={draft.dataRequestMonths}
                    aria-invalid={attempted && registerInvalid ? true : undefined}
                    aria-describedby={describedBy(`${id}-register-hint`, attempted && registerInvalid && `${id}-register-error`)}
                    onInput={(event) => set("dataRequestMonths", event.currentTarget.value)}
                  />
                  <p id={`${id}-register-hint`} class="field__hint">
                    {t("register.retentionHint")}
                  </p>
                  {attempted && registerInvalid && (
                    <p id={`${id}-register-error`} class="field__error">
                      {registerProblemText}
                    </p>
                  )}
                </div>
              </fieldset>
            </fieldset>

            {editable && (
              <SaveBar state={state} dirty={dirty} onDiscard={() => setDraft(toDraft(account))}>
                {attempted && (nameMissing || monthsInvalid || foreverUnconfirmed || awayInvalid || registerInvalid) && (
                  <p class="form-error" role="alert">
                    {nameMissing
                      ? t("account.nameRequired")
                      : monthsInvalid
                        ? t("widgets.problems.monthsRange")
                        : foreverUnconfirmed
                          ? t("widgets.problems.foreverUnconfirmed")
                          : awayInvalid
                            ? awayProblemText
                            : registerProblemText}
                  </p>
                )}
              </SaveBar>
            )}
          </form>
        )}
        <EmailPanel canRetry={editable} />
      </div>
    </main>
  );
}
