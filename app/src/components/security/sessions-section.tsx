import { useEffect, useId, useState } from "preact/hooks";
import { type ErrorInfo, errorInfo } from "../../api";
import { sessionsApi } from "../../api/sessions";
import { useMounted } from "../../hooks/use-mounted";
import { useNow } from "../../hooks/use-now";
import { useTranslation } from "../../hooks/use-translation";
import { errorText } from "../../i18n/error-text";
import { fullTime, isoTime } from "../../lib/format";
import type { OperatorSession } from "../../types";
import { RelativeTime } from "../relative-time";

type Listed = { phase: "loading" } | { phase: "failed"; error: ErrorInfo } | { phase: "ready"; sessions: OperatorSession[] };

const MINUTE = 60_000;

/**
 * Where you are signed in: each of your active sessions with its browser and system, when it
 * began and when you last did something in it; "this device" marked. Any other can be ended (its
 * open chats close at once and that browser shows the login), or all others together.
 */
export function SessionsSection() {
  const { t } = useTranslation();
  const mounted = useMounted();
  const headingId = useId();
  const now = useNow(MINUTE);
  const [listed, setListed] = useState<Listed>({ phase: "loading" });
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ErrorInfo | null>(null);
  const [announcement, setAnnouncement] = useState("");

  async function load() {
    try {
      const sessions = await sessionsApi.list();
      if (mounted.current) setListed({ phase: "ready", sessions });
    } catch (error) {
      if (mounted.current) setListed((current) => (current.phase === "ready" ? current : { phase: "failed", error: errorInfo(error) }));
    }
  }

  useEffect(() => {
    void load();
  }, []);

  async function run(action: () => Promise<string>) {
    if (busy) return;
    setBusy(true);
    setFailure(null);
    try {
      const said = await action();
      if (mounted.current) setAnnouncement(said);
    } catch (error) {
      if (mounted.current) setFailure(errorInfo(error));
    }
    if (!mounted.current) return;
    setBusy(false);
    await load();
  }

  const end = (session: OperatorSession) =>
    run(async () => {
      await sessionsApi.end(session.id);
      return t("security.sessions.ended", { device: deviceName(session) });
    });

  const endOthers = () =>
    run(async () => {
      const count = await sessionsApi.endOthers();
      return t("security.sessions.endedOthers", { count });
    });

  const deviceName = (session: OperatorSession) => session.device ?? t("security.sessions.unknownDevice");
  const others = listed.phase === "ready" ? listed.sessions.filter((s) => !s.current).length : 0;

  return (
    <section class="panel" aria-labelledby={headingId}>
      <h3 id={headingId} class="section-heading">
        {t("security.sessions.heading")}
      </h3>
      <p>{t("security.sessions.intro")}</p>
      {listed.phase === "loading" && <p class="muted">{t("security.sessions.loading")}</p>}
      {listed.phase === "failed" && (
        <p class="form-error" role="alert">
          {errorText(listed.error.code, listed.error.message)}
        </p>
      )}
      {listed.phase === "ready" && (
        <div class="table-scroll">
          <table class="table">
            <caption class="visually-hidden">{t("security.sessions.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("security.sessions.device")}</th>
                <th scope="col">{t("security.sessions.created")}</th>
                <th scope="col">{t("security.sessions.lastActive")}</th>
                <th scope="col">
                  <span class="visually-hidden">{t("security.sessions.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {listed.sessions.map((session) => {
                const nameId = `${headingId}-${session.id}`;
                return (
                  <tr key={session.id}>
                    <th id={nameId} scope="row">
                      {deviceName(session)}
                      {session.current && <span class="muted"> ({t("security.sessions.thisDevice")})</span>}
                    </th>
                    <td>
                      <time dateTime={isoTime(session.createdAt)}>{fullTime(session.createdAt)}</time>
                    </td>
                    <td>
                      <RelativeTime time={session.lastActiveAt} now={Math.max(now, session.lastActiveAt)} />
                    </td>
                    <td>
                      {!session.current && (
                        <button
                          type="button"
                          class="button button--danger"
                          aria-describedby={nameId}
                          disabled={busy}
                          onClick={() => void end(session)}
                        >
                          {t("security.sessions.end")}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {others > 0 && (
        <p>
          <button type="button" class="button" disabled={busy} onClick={() => void endOthers()}>
            {t("security.sessions.endOthers")}
          </button>
        </p>
      )}
      {listed.phase === "ready" && others === 0 && <p class="muted">{t("security.sessions.onlyThis")}</p>}
      {failure && (
        <p class="form-error" role="alert">
          {errorText(failure.code, failure.message)}
        </p>
      )}
      <p class="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
    </section>
  );
}
