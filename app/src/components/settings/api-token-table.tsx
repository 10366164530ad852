import { useId } from "preact/hooks";
import { useTranslation } from "../../hooks/use-translation";
import { fullTime, isoTime } from "../../lib/format";
import type { ApiToken } from "../../types";
import { SCOPE_KEYS } from "./api-token-scopes";

interface ApiTokenTableProps {
  tokens: readonly ApiToken[];
  operatorId: string;
  now: number;
  onRevoke: (token: ApiToken) => void;
}

/** The DOM id of a token's Revoke button, to bring focus back to it when the revocation is cancelled. */
export const revokeButtonId = (tokenId: string) => `api-token-revoke-${tokenId}`;

function DateCell({ time, never }: { time: number | null; never: string }) {
  return <td>{time === null ? never : <time dateTime={isoTime(time)}>{fullTime(time)}</time>}</td>;
}

/** Every token of the account, newest first, with its state; active ones can be revoked. */
export function ApiTokenTable({ tokens, operatorId, now, onRevoke }: ApiTokenTableProps) {
  const { t } = useTranslation();
  const id = useId();
  const never = t("apiTokens.never");

  return (
    <div class="table-scroll">
      <table class="table">
        <caption class="visually-hidden">{t("apiTokens.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("apiTokens.name")}</th>
            <th scope="col">{t("apiTokens.createdBy")}</th>
            <th scope="col">{t("apiTokens.scopes")}</th>
            <th scope="col">{t("apiTokens.created")}</th>
            <th scope="col">{t("apiTokens.lastUsed")}</th>
            <th scope="col">{t("apiTokens.expires")}</th>
            <th scope="col">{t("apiTokens.status")}</th>
            <th scope="col">
              <span class="visually-hidden">{t("apiTokens.actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => {
            const nameId = `${id}-${token.id}`;
            const status =
              token.revokedAt !== null ? (
                <span class="api-token-status--revoked">{t("apiTokens.revokedOn", { date: fullTime(token.revokedAt) })}</span>
              ) : token.expiresAt <= now ? (
                <span class="api-token-status--expired">{t("apiTokens.expired")}</span>
              ) : (
                <span class="api-token-status--active">{t("apiTokens.active")}</span>
              );
            const active = token.revokedAt === null && token.expiresAt > now;
            return (
              <tr key={token.id}>
                <th id={nameId} scope="row">
                  {token.name}
                </th>
                <td>{token.operatorId === operatorId ? t("apiTokens.you") : token.operatorName}</td>
                <td>
                  <ul class="api-token-scope-list inline-list">
                    {token.scopes.map((scope) => (
                      <li key={scope}>
                        <code title={t(`apiTokens.scope.${SCOPE_KEYS[scope]}`)}>{scope}</code>
                      </li>
                    ))}
                  </ul>
                </td>
                <DateCell time={token.createdAt} never={never} />
                <DateCell time={token.lastUsedAt} never={never} />
                <DateCell time={token.expiresAt} never={never} />
                <td>{status}</td>
                <td>
                  {active && (
                    <button
                      id={revokeButtonId(token.id)}
                      type="button"
                      class="button button--danger"
                      aria-describedby={nameId}
                      onClick={() => onRevoke(token)}
                    >
                      {t("apiTokens.revoke")}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
