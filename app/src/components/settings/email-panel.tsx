import { useEffect, useState } from "preact/hooks";
import type { EmailSettings } from "../../../../src/shared/email-settings";
import { type ErrorInfo, errorInfo } from "../../api";
import { settingsApi } from "../../api/admin";
import { useMounted } from "../../hooks/use-mounted";
import { useTranslation } from "../../hooks/use-translation";
import { errorText } from "../../i18n/error-text";
import { LoadStatus } from "./load-status";

type Load = { phase: "loading" } | { phase: "failed"; error: ErrorInfo } | { phase: "ready"; email: EmailSettings };

/**
 * Email (Settings → Account): whether SMTP is configured and where it sends (never credentials),
 * what waits or failed in the outbox and why, and "retry now" for failed emails. Never a recipient
 * or content: the server does not send them.
 */
export function EmailPanel({ canRetry }: { canRetry: boolean }) {
  const { t, language } = useTranslation();
  const mounted = useMounted();
  const [load, setLoad] = useState<Load>({ phase: "loading" });
  const [attempt, setAttempt] = useState(0);
  const [retry, setRetry] = useState<{ busy: boolean; retried?: number; error?: ErrorInfo }>({ busy: false });

  useEffect(() => {
    setLoad({ phase: "loading" });
    settingsApi
      .email()
      .then((email) => mounted.current && setLoad({ phase: "ready", email }))
      .catch((error: unknown) => mounted.current && setLoad({ phase: "failed", error: errorInfo(error) }));
  }, [attempt, mounted]);

  const retryNow = async () => {
    setRetry({ busy: true });
    try {
      const { retried } = await settingsApi.retryEmails();
      if (!mounted.current) return;
      setRetry({ busy: false, retried });
      setAttempt((n) => n + 1);
    } catch (error) {
      if (mounted.current) setRetry({ busy: false, error: errorInfo(error) });
    }
  };

  const time = (ms: number | null) => (ms === null ? "–" : new Date(ms).toLocaleString(language));

  return (
    <section class="widget-form__group" aria-labelledby="email-heading">
      <h2 id="email-heading">{t("email.heading")}</h2>
      {load.phase !== "ready" ? (
        <LoadStatus load={load} onRetry={() => setAttempt((n) => n + 1)} />
      ) : (
        <>
          <p>
            {load.email.smtp
              ? t("email.configured", {
                  host: load.email.smtp.host,
                  port: load.email.smtp.port,
                  security: load.email.smtp.security,
                  from: load.email.smtp.from,
                })
              : t("email.off")}
          </p>
          {load.email.problem && (
            <p class="form-error" role="alert">
              {t("email.problem", { problem: load.email.problem })}
            </p>
          )}
          <p>{t("email.counts", { pending: load.email.pending, failed: load.email.failed })}</p>
          {load.email.recent.length > 0 && (
            <table>
              <caption>{t("email.recent")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("email.kind")}</th>
                  <th scope="col">{t("email.status")}</th>
                  <th scope="col">{t("email.lastAttempt")}</th>
                  <th scope="col">{t("email.attempts")}</th>
                  <th scope="col">{t("email.error")}</th>
                </tr>
              </thead>
              <tbody>
                {load.email.recent.map((entry) => (
                  <tr key={entry.id}>
                    <td>{t(`email.kinds.${entry.kind}`)}</td>
                    <td>{t(`email.statuses.${entry.status}`)}</td>
                    <td>{time(entry.lastAttemptAt)}</td>
                    <td>{entry.attempts}</td>
                    <td>{entry.lastError ?? "–"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {canRetry && load.email.failed > 0 && (
            <button type="button" class="button" disabled={retry.busy} onClick={() => void retryNow()}>
              {t("email.retryNow")}
            </button>
          )}
          <p role="status">{retry.retried !== undefined ? t("email.retried", { count: retry.retried }) : ""}</p>
          {retry.error && (
            <p class="form-error" role="alert">
              {errorText(retry.error.code, retry.error.message)}
            </p>
          )}
        </>
      )}
    </section>
  );
}
