import { useId, useRef, useState } from "preact/hooks";
import type { WebhookEventType } from "../../../../src/shared/webhooks";
import { errorInfo } from "../../api";
import { webhooksApi } from "../../api/admin";
import { useDocumentTitle } from "../../hooks/use-document-title";
import { useTranslation } from "../../hooks/use-translation";
import type { WebhookEndpoint } from "../../types";
import { ConfirmDialog } from "../confirm-dialog";
import { CheckboxField, TextField } from "../form/fields";
import { idle, type Outcome, OutcomeStatus } from "../team/outcome";
import { TeamList } from "../team/team-list";
import { useLoaded } from "../team/use-loaded";
import { WebhookDeliveries } from "./webhook-deliveries";
import { EVENT_KEYS, SUBSCRIBABLE_EVENTS } from "./webhook-events";
import { WebhookSecret } from "./webhook-secret";
import "./router.css";
import "./webhooks.css";
import "./widgets.css";

/**
 * Settings → Webhooks (settings manage over all departments): the account's endpoints, adding one
 * (its secret shown once), its deliveries with "send again", a test delivery, a new secret, pausing
 * and deleting. Personal data in payloads is an explicit opt-in with its warning beside it.
 */
export function WebhooksScreen() {
  const { t } = useTranslation();
  const id = useId();
  const list = useLoaded(webhooksApi.list);
  const [outcome, setOutcome] = useState<Outcome>(idle);
  const [shown, setShown] = useState<{ url: string; secret: string } | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<WebhookEndpoint | null>(null);
  const [busy, setBusy] = useState(false);
  useDocumentTitle(t("pageTitle", { page: t("webhooks.nav"), app: t("appName") }));

  const endpoints = list.data ?? [];

  async function act(run: () => Promise<void>) {
    if (busy) return;
    setBusy(true);
    try {
      await run();
    } catch (error) {
      setOutcome({ kind: "failed", error: errorInfo(error) });
    }
    setBusy(false);
  }

  const toggle = (endpoint: WebhookEndpoint) =>
    act(async () => {
      const saved = await webhooksApi.update(endpoint.id, { enabled: !endpoint.enabled });
      list.update((all) => all.map((e) => (e.id === saved.id ? saved : e)));
      setOutcome({ kind: "done", text: t("webhooks.updated", { url: saved.url }) });
    });

  const sendTest = (endpoint: WebhookEndpoint) =>
    act(async () => {
      await webhooksApi.sendTest(endpoint.id);
      setOutcome({ kind: "done", text: t("webhooks.testQueued", { url: endpoint.url }) });
      setOpen(endpoint.id);
    });

  const rotate = (endpoint: WebhookEndpoint) =>
    act(async () => {
      setShown({ url: endpoint.url, secret: await webhooksApi.rotateSecret(endpoint.id) });
    });

  const remove = () =>
    act(async () => {
      const endpoint = deleting;
      if (!endpoint) return;
      await webhooksApi.remove(endpoint.id);
      list.update((all) => all.filter((e) => e.id !== endpoint.id));
      setDeleting(null);
      setOutcome({ kind: "done", text: t("webhooks.deleted", { url: endpoint.url }) });
      requestAnimationFrame(() => document.getElementById(`${id}-list`)?.focus());
    });

  return (
    <main id="content" class="screen" tabIndex={-1}>
      <div class="screen__main">
        <h2 id="screen-heading" class="screen__heading" tabIndex={-1}>
          {t("webhooks.heading")}
        </h2>
        <p class="screen__intro">{t("webhooks.intro")}</p>

        {shown ? (
          <WebhookSecret url={shown.url} secret={shown.secret} onDone={() => setShown(null)} />
        ) : (
          <AddEndpointForm
            onAdded={(endpoint, secret) => {
              list.update((all) => [...all, endpoint]);
              setShown({ url: endpoint.url, secret });
              setOutcome({ kind: "done", text: t("webhooks.added", { url: endpoint.url }) });
            }}
          />
        )}

        <TeamList
          headingId={`${id}-list`}
          heading={t("webhooks.listHeading")}
          count={t("webhooks.count", { count: endpoints.length })}
          lists={list}
          outcome={outcome}
        >
          {list.data && endpoints.length === 0 && <p class="muted">{t("webhooks.empty")}</p>}
          <ul class="webhook-list">
            {endpoints.map((endpoint) => (
              <li key={endpoint.id} class="webhook-endpoint" data-endpoint-id={endpoint.id}>
                <p class="webhook-endpoint__url">
                  <code>{endpoint.url}</code> {endpoint.description && <span class="muted">{endpoint.description}</span>}
                </p>
                <p class="field__hint">
                  {endpoint.enabled ? t("webhooks.active") : t("webhooks.paused")} ·{" "}
                  {endpoint.includePersonalData ? t("webhooks.withPersonalData") : t("webhooks.withoutPersonalData")} ·{" "}
                  {endpoint.events.map((e) => t(`webhooks.eventNames.${EVENT_KEYS[e]}`)).join(", ")}
                </p>
                <div class="api-token-created__actions">
                  <button
                    type="button"
                    class="button"
                    aria-expanded={open === endpoint.id}
                    onClick={() => setOpen(open === endpoint.id ? null : endpoint.id)}
                  >
                    {t("webhooks.showDeliveries")}
                  </button>
                  <button type="button" class="button" disabled={busy || !endpoint.enabled} onClick={() => void sendTest(endpoint)}>
                    {t("webhooks.sendTest")}
                  </button>
                  <button type="button" class="button" disabled={busy} onClick={() => void rotate(endpoint)}>
                    {t("webhooks.rotate")}
                  </button>
                  <button type="button" class="button" disabled={busy} onClick={() => void toggle(endpoint)}>
                    {endpoint.enabled ? t("webhooks.pause") : t("webhooks.resume")}
                  </button>
                  <button type="button" class="button button--danger" disabled={busy} onClick={() => setDeleting(endpoint)}>
                    {t("webhooks.delete")}
                  </button>
                </div>
                {open === endpoint.id && <WebhookDeliveries endpoint={endpoint} />}
              </li>
            ))}
          </ul>
        </TeamList>
      </div>
      {deleting && (
        <ConfirmDialog
          title={t("webhooks.deleteTitle")}
          message={t("webhooks.deleteMessage", { url: deleting.url })}
          confirmLabel={t("webhooks.delete")}
          busy={busy}
          onConfirm={() => void remove()}
          onCancel={() => setDeleting(null)}
        />
      )}
    </main>
  );
}

/** URL, description, events and the personal-data opt-in (warned); the server checks the URL. */
function AddEndpointForm({ onAdded }: { onAdded: (endpoint: WebhookEndpoint, secret: string) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [events, setEvents] = useState<ReadonlySet<WebhookEventType>>(new Set(["conversation.started", "conversation.ended"]));
  const [personal, setPersonal] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(idle);
  const [saving, setSaving] = useState(false);
  const firstEvent = useRef<HTMLInputElement>(null);

  async function submit(event: Event) {
    event.preventDefault();
    if (saving) return;
    if (events.size === 0) {
      setOutcome({ kind: "alert", text: t("webhooks.chooseEvent") });
      firstEvent.current?.focus();
      return;
    }
    setSaving(true);
    setOutcome({ kind: "busy", text: t("webhooks.adding") });
    try {
      const created = await webhooksApi.create({ url, description, events: [...events], includePersonalData: personal });
      setUrl("");
      setDescription("");
      setPersonal(false);
      setOutcome(idle);
      onAdded(created.endpoint, created.secret);
    } catch (error) {
      setOutcome({ kind: "failed", error: errorInfo(error) });
    }
    setSaving(false);
  }

  const flip = (type: WebhookEventType, on: boolean) =>
    setEvents((current) => {
      const next = new Set(current);
      if (on) next.add(type);
      else next.delete(type);
      return next;
    });

  return (
    <section class="panel api-token-section" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} class="section-heading">
        {t("webhooks.addHeading")}
      </h3>
      <form class="widget-form" noValidate onSubmit={(event) => void submit(event)}>
        <TextField
          label={t("webhooks.url")}
          hint={t("webhooks.urlHint")}
          type="url"
          required
          value={url}
          onInput={setUrl}
          maxLength={2000}
        />
        <TextField label={t("webhooks.description")} value={description} onInput={setDescription} maxLength={200} />
        <fieldset class="widget-form__group" aria-describedby={`${id}-events-hint`}>
          <legend class="widget-form__legend">{t("webhooks.events")}</legend>
          <p id={`${id}-events-hint`} class="field__hint">
            {t("webhooks.eventsHint")}
          </p>
          {SUBSCRIBABLE_EVENTS.map((type, index) => (
            <label key={type} class="checkbox-label">
              <input
                ref={index === 0 ? firstEvent : undefined}
                class="checkbox"
                type="checkbox"
                name="events"
                value={type}
                checked={events.has(type)}
                onChange={(e) => flip(type, e.currentTarget.checked)}
              />
              {t(`webhooks.eventNames.${EVENT_KEYS[type]}`)}
            </label>
          ))}
        </fieldset>
        <CheckboxField
          label={t("webhooks.personalData")}
          hint={t("webhooks.personalDataWarning")}
          checked={personal}
          onChange={setPersonal}
        />
        <OutcomeStatus outcome={outcome} />
        <button type="submit" class="button button--primary" disabled={saving}>
          {saving ? t("webhooks.adding") : t("webhooks.add")}
        </button>
      </form>
    </section>
  );
}
