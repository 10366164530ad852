import { useEffect, useId, useState } from "preact/hooks";
import type { DataRequestKind } from "../../../src/shared/data-requests";
import type { DataRequest } from "../../../src/shared/data-requests-api";
import { type ErrorInfo, errorInfo } from "../api";
import { dataRequestsApi, type RegisterFilter } from "../api/data-requests";
import { useMounted } from "../hooks/use-mounted";
import { useStore } from "../hooks/use-store";
import { useTranslation } from "../hooks/use-translation";
import { errorText } from "../i18n/error-text";
import type { DataRequestCountsStore } from "../lib/data-request-counts";
import { DataRequestList, deadlineDate } from "./data-request-list";

const KINDS: readonly DataRequestKind[] = ["access", "portability", "erasure"];
const FILTERS: readonly RegisterFilter[] = ["pending", "overdue", "due_soon", "all"];
const DAY_MS = 86_400_000;

/** Today as YYYY-MM-DD in UTC, the value of a date field and the day deadlines are counted in. */
const today = (): string => new Date().toISOString().slice(0, 10);

/** A receipt day other than today as a moment on that day (noon UTC); today is "now", which the server takes. */
function receivedAtOf(day: string): number | undefined {
  if (day === today()) return undefined;
  const [y, m, d] = day.split("-").map(Number);
  return Date.UTC(y!, m! - 1, d!, 12);
}

/** The reminders at the top of the screen: overdue first, in words and colour. */
export function RegisterReminders({ counts }: { counts: DataRequestCountsStore }) {
  const { t } = useTranslation();
  const { counts: value } = useStore(counts);
  if (!value) return null;
  if (value.overdue === 0 && value.dueSoon === 0) return <p class="notice register-reminders">{t("register.nothingDue")}</p>;
  return (
    <div
      class={value.overdue > 0 ? "notice notice--warning register-reminders" : "notice register-reminders"}
      data-testid="register-reminders"
    >
      {value.overdue > 0 && <p class="register-reminders__overdue">{t("register.overdueCount", { count: value.overdue })}</p>}
      {value.dueSoon > 0 && <p>{t("register.dueSoonCount", { count: value.dueSoon })}</p>}
    </div>
  );
}

interface DataRequestRegisterProps {
  canHandle: boolean;
  counts: DataRequestCountsStore | null;
}

/** The register: log a request as it comes in, and the requests waiting for an answer by deadline. */
export function DataRequestRegister({ canHandle, counts }: DataRequestRegisterProps) {
  const { t, language } = useTranslation();
  const mounted = useMounted();
  const ids = useId();
  const [filter, setFilter] = useState<RegisterFilter>("pending");
  const [items, setItems] = useState<readonly DataRequest[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [kind, setKind] = useState<DataRequestKind>("access");
  const [email, setEmail] = useState("");
  const [receivedOn, setReceivedOn] = useState(today);
  const [logging, setLogging] = useState(false);
  const [logged, setLogged] = useState<DataRequest | null>(null);
  const [logError, setLogError] = useState<ErrorInfo | null>(null);

  /** The first page of `which`, or the page after `cursor` appended to what is shown. */
  async function load(which: RegisterFilter, cursor?: string) {
    setError(null);
    try {
      const page = await dataRequestsApi.list(which, cursor);
      if (!mounted.current) return;
      setItems((current) => (cursor && current ? [...current, ...page.items] : page.items));
      setNextCursor(page.nextCursor);
    } catch (failure) {
      if (mounted.current) setError(errorInfo(failure));
    }
  }

  useEffect(() => {
    void load(filter);
  }, [filter]);

  function changed() {
    void load(filter);
    void counts?.refresh();
  }

  async function logRequest(event: Event) {
    event.preventDefault();
    setLogging(true);
    setLogError(null);
    setLogged(null);
    try {
      const receivedAt = receivedAtOf(receivedOn);
      const created = await dataRequestsApi.create({ kind, email: email.trim(), ...(receivedAt ? { receivedAt } : {}) });
      if (!mounted.current) return;
      setLogged(created);
      setEmail("");
      setReceivedOn(today());
      changed();
    } catch (failure) {
      if (mounted.current) setLogError(errorInfo(failure));
    } finally {
      if (mounted.current) setLogging(false);
    }
  }

  const earliest = new Date(Date.now() - 90 * DAY_MS).toISOString().slice(0, 10);

  return (
    <section class="panel register" aria-labelledby="register-heading">
      <h3 id="register-heading" class="section-heading">
        {t("register.heading")}
      </h3>
      <p class="screen__intro">{t("register.intro")}</p>
      {canHandle && (
        <form class="register-form" onSubmit={(event) => void logRequest(event)} aria-busy={logging}>
          <div class="field">
            <label class="field__label" for={`${ids}-kind`}>
              {t("register.kind")}
            </label>
            <select
              id={`${ids}-kind`}
              class="field__input"
              value={kind}
              onChange={(e) => setKind(e.currentTarget.value as DataRequestKind)}
            >
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`register.kinds.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <div class="field register-form__email">
            <label class="field__label" for={`${ids}-email`}>
              {t("register.email")}
            </label>
            <input
              id={`${ids}-email`}
              class="field__input"
              type="email"
              autocomplete="off"
              required
              value={email}
              onInput={(e) => setEmail(e.currentTarget.value)}
            />
          </div>
          <div class="field">
            <label class="field__label" for={`${ids}-received`}>
              {t("register.receivedOn")}
            </label>
            <input
              id={`${ids}-received`}
              class="field__input"
              type="date"
              required
              min={earliest}
              max={today()}
              value={receivedOn}
              aria-describedby={`${ids}-received-hint`}
              onInput={(e) => setReceivedOn(e.currentTarget.value)}
            />
            <p id={`${ids}-received-hint`} class="field__hint">
              {t("register.receivedHint")}
            </p>
          </div>
          <button type="submit" class="button button--primary" disabled={logging}>
            {t("register.log")}
          </button>
        </form>
      )}
      <p class="outcome" role="status">
        {logged && t("register.logged", { date: deadlineDate(logged.dueAt, language) })}
      </p>
      {logError && (
        <p class="form-error" role="alert">
          {errorText(logError.code, logError.message)}
        </p>
      )}
      <div class="field field--inline">
        <label class="field__label" for={`${ids}-filter`}>
          {t("register.show")}
        </label>
        <select
          id={`${ids}-filter`}
          class="field__input"
          value={filter}
          onChange={(e) => setFilter(e.currentTarget.value as RegisterFilter)}
        >
          {FILTERS.map((f) => (
            <option key={f} value={f}>
              {t(`register.filters.${f}`)}
            </option>
          ))}
        </select>
      </div>
      {error && (
        <p class="form-error" role="alert">
          {errorText(error.code, error.message)}
        </p>
      )}
      {items && items.length === 0 && <p>{t("register.empty")}</p>}
      {items && items.length > 0 && (
        <DataRequestList items={items} caption={t("register.caption")} canHandle={canHandle} onChanged={changed} />
      )}
      {nextCursor && (
        <button type="button" class="button results__more" onClick={() => void load(filter, nextCursor)}>
          {t("loadMore")}
        </button>
      )}
    </section>
  );
}
