import { useEffect, useId, useRef, useState } from "preact/hooks";
import { type ErrorInfo, errorInfo } from "../../api";
import { apiTokensApi } from "../../api/admin";
import { useDocumentTitle } from "../../hooks/use-document-title";
import { useMounted } from "../../hooks/use-mounted";
import { useNow } from "../../hooks/use-now";
import { useTranslation } from "../../hooks/use-translation";
import { errorText } from "../../i18n/error-text";
import type { ApiToken, CreatedApiToken, Me } from "../../types";
import { ConfirmDialog } from "../confirm-dialog";
import { ApiTokenCreateForm } from "./api-token-create-form";
import { ApiTokenCreated } from "./api-token-created";
import { ApiTokenTable, revokeButtonId } from "./api-token-table";
import "./router.css";

type Listed = { phase: "loading" } | { phase: "failed"; error: ErrorInfo } | { phase: "ready"; tokens: ApiToken[] };

const MINUTE = 60_000;

/** API tokens: how to use one, the account's tokens, making a new one (shown once) and revoking. */
export function ApiTokensScreen({ me }: { me: Me }) {
  const { t } = useTranslation();
  const mounted = useMounted();
  const id = useId();
  const now = useNow(MINUTE);
  const nameInput = useRef<HTMLInputElement>(null);
  const [listed, setListed] = useState<Listed>({ phase: "loading" });
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const [revokeBusy, setRevokeBusy] = useState(false);
  const [revokeError, setRevokeError] = useState<ErrorInfo | null>(null);
  const [announcement, setAnnouncement] = useState("");
  useDocumentTitle(t("pageTitle", { page: t("nav.settingsApiTokens"), app: t("appName") }));

  async function load() {
    // A refresh keeps the table on screen; only the first load shows "Loading…".
    setListed((current) => (current.phase === "ready" ? current : { phase: "loading" }));
    try {
      const tokens = await apiTokensApi.list();
      if (mounted.current) setListed({ phase: "ready", tokens: tokens.sort((a, b) => b.createdAt - a.createdAt) });
    } catch (failure) {
      if (mounted.current) setListed({ phase: "failed", error: errorInfo(failure) });
    }
  }

  useEffect(() => {
    void load();
  }, []);

  function onCreated(token: CreatedApiToken) {
    setCreated(token);
    setRevokeError(null);
    void load();
  }

  function done() {
    setCreated(null);
    requestAnimationFrame(() => nameInput.current?.focus());
  }

  function cancelRevoke() {
    const token = revoking;
    setRevoking(null);
    if (token) requestAnimationFrame(() => document.getElementById(revokeButtonId(token.id))?.focus());
  }

  async function revoke() {
    const token = revoking;
    if (!token || revokeBusy) return;
    setRevokeBusy(true);
    setRevokeError(null);
    try {
      await apiTokensApi.revoke(token.id);
      if (mounted.current) setAnnouncement(t("apiTokens.revoked", { name: token.name }));
    } catch (failure) {
      if (mounted.current) setRevokeError(errorInfo(failure));
    }
    if (!mounted.current) return;
    setRevokeBusy(false);
    setRevoking(null);
    await load();
    // Its Revoke button is gone with it: focus goes to the list it was in.
    requestAnimationFrame(() => document.getElementById(`${id}-list`)?.focus());
  }

  const apiBase = `${location.origin}/api/v1/`;
  const openApiUrl = `${location.origin}/api/v1/openapi.json`;

  return (
    <main id="content" class="screen" tabIndex={-1}>
      <div class="screen__main">
        <h2 id="screen-heading" class="screen__heading" tabIndex={-1}>
          {t("apiTokens.heading")}
        </h2>
        <p class="screen__intro">{t("apiTokens.intro")}</p>

        <section class="panel api-token-section api-token-usage" aria-labelledby={`${id}-usage`}>
          <h3 id={`${id}-usage`} class="section-heading">
            {t("apiTokens.usageHeading")}
          </h3>
          <p>{t("apiTokens.usage", { base: apiBase })}</p>
          <pre>
            <code>Authorization: Bearer &lt;token&gt;</code>
          </pre>
          <p>
            {t("apiTokens.openApi")} <a href={openApiUrl}>{openApiUrl}</a>
          </p>
        </section>

        {created ? (
          <ApiTokenCreated created={created} onDone={done} />
        ) : (
          <div class="panel api-token-section">
            <ApiTokenCreateForm me={me} onCreated={onCreated} nameInput={nameInput} />
          </div>
        )}

        <section class="panel api-token-section" aria-labelledby={`${id}-list`} aria-busy={listed.phase === "loading"}>
          <h3 id={`${id}-list`} class="section-heading" tabIndex={-1}>
            {t("apiTokens.listHeading")}
          </h3>
          <p class="visually-hidden" role="status">
            {announcement}
          </p>
          {revokeError && (
            <p class="form-error" role="alert">
              {errorText(revokeError.code, revokeError.message)}
            </p>
          )}
          {listed.phase === "loading" && <p class="muted">{t("loading")}</p>}
          {listed.phase === "failed" && (
            <div class="router-load-error">
              <p class="form-error" role="alert">
                {t("apiTokens.loadFailed")} {errorText(listed.error.code, listed.error.message)}
              </p>
              <button type="button" class="button" onClick={() => void load()}>
                {t("tryAgain")}
              </button>
            </div>
          )}
          {listed.phase === "ready" &&
            (listed.tokens.length === 0 ? (
              <p class="muted">{t("apiTokens.empty")}</p>
            ) : (
              <ApiTokenTable tokens={listed.tokens} operatorId={me.operator.id} now={now} onRevoke={setRevoking} />
            ))}
        </section>
      </div>
      {revoking && (
        <ConfirmDialog
          title={t("apiTokens.revokeTitle")}
          message={t("apiTokens.revokeMessage", { name: revoking.name })}
          confirmLabel={t("apiTokens.revoke")}
          busy={revokeBusy}
          onConfirm={() => void revoke()}
          onCancel={cancelRevoke}
        />
      )}
    </main>
  );
}
