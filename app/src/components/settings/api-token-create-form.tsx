import type { Ref } from "preact";
import { useId, useState } from "preact/hooks";
import { API_TOKEN_MAX_DAYS, type ApiTokenScope, grantableScopes } from "../../../../src/shared/api-tokens";
import { type ErrorInfo, errorInfo } from "../../api";
import { apiTokensApi } from "../../api/admin";
import { useMounted } from "../../hooks/use-mounted";
import { useTranslation } from "../../hooks/use-translation";
import { errorText } from "../../i18n/error-text";
import type { CreateApiToken, CreatedApiToken, Me } from "../../types";
import { SelectField } from "../form/fields";
import { ApiTokenScopes } from "./api-token-scopes";

interface ApiTokenCreateFormProps {
  me: Me;
  onCreated: (token: CreatedApiToken) => void;
  /** The name field, for returning focus to it once the new token has been dealt with. */
  nameInput: Ref<HTMLInputElement>;
}

type Expiry = "30" | "90" | "365" | "custom";

const MAX_DAYS = API_TOKEN_MAX_DAYS;

type Invalid = Partial<Record<"name" | "days" | "scopes", true>>;

/**
 * Name, scopes and lifetime of a new token. Only the scopes the operator's role holds are offered,
 * none ticked: a token gets what its use needs, not everything its creator may do. Every token
 * expires, within a year.
 */
export function ApiTokenCreateForm({ me, onCreated, nameInput }: ApiTokenCreateFormProps) {
  const { t } = useTranslation();
  const mounted = useMounted();
  const id = useId();
  const [name, setName] = useState("");
  const [expiry, setExpiry] = useState<Expiry>("90");
  const [customDays, setCustomDays] = useState("");
  const [scopes, setScopes] = useState<ReadonlySet<ApiTokenScope>>(new Set());
  const offered = grantableScopes(me.role.permissions);
  const [invalid, setInvalid] = useState<Invalid>({});
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);

  function expiresInDays(): number | null {
    if (expiry !== "custom") return Number(expiry);
    const days = Number(customDays.trim());
    return Number.isInteger(days) && days >= 1 && days <= MAX_DAYS ? days : null;
  }

  async function submit(event: Event) {
    event.preventDefault();
    if (creating) return;
    const trimmed = name.trim();
    const days = expiresInDays();
    const chosen = offered.filter((scope) => scopes.has(scope));
    const problems: Invalid = {
      ...(trimmed ? {} : { name: true }),
      ...(days === null ? { days: true } : {}),
      ...(chosen.length === 0 ? { scopes: true } : {}),
    };
    setInvalid(problems);
    const first = (["name", "days", "scopes"] as const).find((field) => problems[field]);
    if (first || days === null) {
      document.getElementById(`${id}-${first}`)?.focus();
      return;
    }
    const body: CreateApiToken = { name: trimmed, scopes: chosen, expiresInDays: days };
    setCreating(true);
    setError(null);
    try {
      const created = await apiTokensApi.create(body);
      if (!mounted.current) return;
      setName("");
      setScopes(new Set());
      onCreated(created);
    } catch (failure) {
      if (mounted.current) setError(errorInfo(failure));
    } finally {
      if (mounted.current) setCreating(false);
    }
  }

  const describedBy = (field: "name" | "days", hint: boolean) =>
    [invalid[field] ? `${id}-${field}-error` : null, hint ? `${id}-${field}-hint` : null].filter(Boolean).join(" ") || undefined;

  return (
    <form
      class="api-token-create-form"
      onSubmit={(event) => void submit(event)}
      aria-labelledby={`${id}-heading`}
      aria-busy={creating}
      noValidate
    >
      <h3 id={`${id}-heading`} class="section-heading">
        {t("apiTokens.createHeading")}
      </h3>
      <div class="api-token-create">
        <div class="field">
          <label class="field__label" for={`${id}-name`}>
            {t("apiTokens.tokenName")}
          </label>
          <input
            ref={nameInput}
            id={`${id}-name`}
            class="field__input"
            type="text"
            maxLength={100}
            autocomplete="off"
            required
            value={name}
            aria-invalid={invalid.name}
            aria-describedby={describedBy("name", true)}
            onInput={(event) => {
              setName(event.currentTarget.value);
              setInvalid((current) => ({ ...current, name: undefined }));
            }}
          />
          {invalid.name && (
            <p id={`${id}-name-error`} class="router-field-error">
              {t("apiTokens.nameRequired")}
            </p>
          )}
          <p id={`${id}-name-hint`} class="field__hint">
            {t("apiTokens.tokenNameHint")}
          </p>
        </div>
        <SelectField
          label={t("apiTokens.expiry")}
          value={expiry}
          options={[
            { value: "30" as const, label: t("apiTokens.days", { count: 30 }) },
            { value: "90" as const, label: t("apiTokens.days", { count: 90 }) },
            { value: "365" as const, label: t("apiTokens.days", { count: 365 }) },
            { value: "custom" as const, label: t("apiTokens.customExpiry") },
          ]}
          onChange={(value) => {
            setExpiry(value);
            setInvalid((current) => ({ ...current, days: undefined }));
          }}
        />
        {expiry === "custom" && (
          <div class="field">
            <label class="field__label" for={`${id}-days`}>
              {t("apiTokens.customDays")}
            </label>
            <input
              id={`${id}-days`}
              class="field__input"
              type="number"
              inputMode="numeric"
              min={1}
              max={MAX_DAYS}
              step={1}
              required
              value={customDays}
              aria-invalid={invalid.days}
              aria-describedby={describedBy("days", true)}
              onInput={(event) => {
                setCustomDays(event.currentTarget.value);
                setInvalid((current) => ({ ...current, days: undefined }));
              }}
            />
            {invalid.days && (
              <p id={`${id}-days-error`} class="router-field-error">
                {t("apiTokens.invalidDays")}
              </p>
            )}
            <p id={`${id}-days-hint`} class="field__hint">
              {t("apiTokens.customDaysHint")}
            </p>
          </div>
        )}
        <ApiTokenScopes
          id={`${id}-scopes`}
          offered={offered}
          chosen={scopes}
          invalid={invalid.scopes === true}
          onChange={(next) => {
            setScopes(next);
            setInvalid((current) => ({ ...current, scopes: undefined }));
          }}
        />
        <div class="api-token-create__submit">
          <button type="submit" class="button button--primary" aria-disabled={creating}>
            {creating ? t("apiTokens.creating") : t("apiTokens.create")}
          </button>
        </div>
      </div>
      {error && (
        <p class="form-error" role="alert">
          {errorText(error.code, error.message)}
          {error.code === "invalid_request" && error.message && <span class="save-status__detail"> {error.message}</span>}
        </p>
      )}
    </form>
  );
}
