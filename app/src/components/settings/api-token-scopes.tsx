import type { ApiTokenScope } from "../../../../src/shared/api-tokens";
import { useTranslation } from "../../hooks/use-translation";
import { describedBy } from "../form/fields";

/** The text key of each scope (i18next keys cannot hold the scope's ":"). */
export const SCOPE_KEYS = {
  "chats:read": "chatsRead",
  "chats:manage": "chatsManage",
  "transcripts:read": "transcriptsRead",
  "transcripts:manage": "transcriptsManage",
  "settings:read": "settingsRead",
  "settings:manage": "settingsManage",
  "team:read": "teamRead",
  "team:manage": "teamManage",
  "audit_log:read": "auditLogRead",
  "analytics:anonymized": "analyticsAnonymized",
  "analytics:full": "analyticsFull",
} as const satisfies Record<ApiTokenScope, string>;

interface ApiTokenScopesProps {
  /** The first checkbox's id, for moving focus here when no scope is ticked. */
  id: string;
  offered: readonly ApiTokenScope[];
  chosen: ReadonlySet<ApiTokenScope>;
  invalid: boolean;
  onChange: (chosen: ReadonlySet<ApiTokenScope>) => void;
}

/** One checkbox per scope the operator's role allows, each with what it lets the token do. */
export function ApiTokenScopes({ id, offered, chosen, invalid, onChange }: ApiTokenScopesProps) {
  const { t } = useTranslation();
  const toggle = (scope: ApiTokenScope, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(scope);
    else next.delete(scope);
    onChange(next);
  };

  return (
    <fieldset class="api-token-scopes" aria-describedby={describedBy(invalid && `${id}-error`, `${id}-hint`)}>
      <legend class="field__label">{t("apiTokens.scopes")}</legend>
      <p id={`${id}-hint`} class="field__hint">
        {t("apiTokens.scopesHint")}
      </p>
      <ul class="api-token-scopes__list">
        {offered.map((scope, index) => (
          <li key={scope}>
            <label class="checkbox-label">
              <input
                id={index === 0 ? id : undefined}
                class="checkbox"
                type="checkbox"
                checked={chosen.has(scope)}
                aria-invalid={invalid || undefined}
                onChange={(event) => toggle(scope, event.currentTarget.checked)}
              />
              <span>
                {t(`apiTokens.scope.${SCOPE_KEYS[scope]}`)} <code class="api-token-scopes__code">{scope}</code>
              </span>
            </label>
          </li>
        ))}
      </ul>
      {invalid && (
        <p id={`${id}-error`} class="router-field-error">
          {t("apiTokens.scopesRequired")}
        </p>
      )}
    </fieldset>
  );
}
