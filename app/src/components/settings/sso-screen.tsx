import { useEffect, useState } from "preact/hooks";
import { type ErrorInfo, errorInfo } from "../../api";
import { teamApi } from "../../api/admin";
import { type SsoSettings, ssoApi } from "../../api/sso";
import { useDocumentTitle } from "../../hooks/use-document-title";
import { useMounted } from "../../hooks/use-mounted";
import { useTranslation } from "../../hooks/use-translation";
import { useUnloadWarning } from "../../hooks/use-unload-warning";
import type { Role } from "../../types";
import { ConfirmDialog } from "../confirm-dialog";
import { CheckboxField, TextAreaField, TextField } from "../form/fields";
import type { SaveState } from "../form/save-status";
import { LoadStatus } from "./load-status";
import { SaveBar } from "./save-bar";
import "./widgets.css";

interface SsoDraft {
  issuer: string;
  clientId: string;
  /** Empty: keep the stored secret. */
  clientSecret: string;
  domains: string;
  groupsClaim: string;
  roleMappings: { group: string; roleId: string }[];
  createOperators: boolean;
  ssoOnly: boolean;
}

const toDraft = (s: SsoSettings): SsoDraft => ({
  issuer: s.issuer ?? "",
  clientId: s.clientId ?? "",
  clientSecret: "",
  domains: s.domains.join("\n"),
  groupsClaim: s.groupsClaim,
  roleMappings: s.roleMappings.map((m) => ({ ...m })),
  createOperators: s.createOperators,
  ssoOnly: s.ssoOnly,
});

const sameDraft = (a: SsoDraft, b: SsoDraft) => JSON.stringify(a) === JSON.stringify(b);

type Load = { phase: "loading" } | { phase: "failed"; error: ErrorInfo } | { phase: "ready"; settings: SsoSettings; roles: Role[] | null };

/** The account's single sign-on: provider, domains, group-to-role mapping and the SSO-only policy. */
export function SsoScreen() {
  const { t } = useTranslation();
  const mounted = useMounted();
  const [load, setLoad] = useState<Load>({ phase: "loading" });
  const [attempt, setAttempt] = useState(0);
  const [draft, setDraft] = useState<SsoDraft | null>(null);
  const [state, setState] = useState<SaveState>({ kind: "idle" });
  const [removing, setRemoving] = useState<"asking" | "busy" | null>(null);
  useDocumentTitle(t("pageTitle", { page: t("ssoSettings.nav"), app: t("appName") }));

  useEffect(() => {
    setLoad({ phase: "loading" });
    void (async () => {
      try {
        // Roles need team read; without it the mapping takes role ids as text.
        const [settings, roles] = await Promise.all([ssoApi.settings(), teamApi.roles().catch(() => null)]);
        if (!mounted.current) return;
        setLoad({ phase: "ready", settings, roles });
        setDraft(toDraft(settings));
      } catch (failure) {
        if (mounted.current) setLoad({ phase: "failed", error: errorInfo(failure) });
      }
    })();
  }, [attempt, mounted]);

  const settings = load.phase === "ready" ? load.settings : null;
  const roles = load.phase === "ready" ? load.roles : null;
  const dirty = settings !== null && draft !== null && !sameDraft(draft, toDraft(settings));
  useUnloadWarning(dirty);

  function set<K extends keyof SsoDraft>(name: K, value: SsoDraft[K]) {
    setDraft((current) => (current ? { ...current, [name]: value } : current));
    if (state.kind === "saved") setState({ kind: "idle" });
  }

  function setMapping(index: number, change: Partial<SsoDraft["roleMappings"][number]>) {
    if (!draft) return;
    set(
      "roleMappings",
      draft.roleMappings.map((m, i) => (i === index ? { ...m, ...change } : m)),
    );
  }

  async function submit(event: Event) {
    event.preventDefault();
    if (!draft || state.kind === "saving") return;
    setState({ kind: "saving" });
    try {
      const saved = await ssoApi.save({
        issuer: draft.issuer.trim(),
        clientId: draft.clientId.trim(),
        ...(draft.clientSecret ? { clientSecret: draft.clientSecret } : {}),
        domains: draft.domains.split(/[\s,]+/).filter(Boolean),
        groupsClaim: draft.groupsClaim.trim() || "groups",
        roleMappings: draft.roleMappings
          .filter((m) => m.group.trim() && m.roleId)
          .map((m) => ({ group: m.group.trim(), roleId: m.roleId })),
        createOperators: draft.createOperators,
        ssoOnly: draft.ssoOnly,
      });
      if (!mounted.current) return;
      setLoad((current) => (current.phase === "ready" ? { ...current, settings: saved } : current));
      setDraft(toDraft(saved));
      setState({ kind: "saved" });
    } catch (failure) {
      if (mounted.current) setState({ kind: "failed", error: errorInfo(failure) });
    }
  }

  async function remove() {
    setRemoving("busy");
    try {
      await ssoApi.remove();
      if (!mounted.current) return;
      setRemoving(null);
      setAttempt((n) => n + 1);
    } catch (failure) {
      if (!mounted.current) return;
      setRemoving(null);
      setState({ kind: "failed", error: errorInfo(failure) });
    }
  }

  return (
    <main id="content" class="screen" tabIndex={-1}>
      <div class="screen__main">
        <h2 id="screen-heading" class="screen__heading" tabIndex={-1}>
          {t("ssoSettings.heading")}
        </h2>
        <p class="screen__intro">{t("ssoSettings.intro")}</p>
        <LoadStatus load={load} onRetry={() => setAttempt((n) => n + 1)} />
        {settings && !settings.configured && <p class="notice">{t("ssoSettings.notConfigured")}</p>}
        {settings && draft && (
          <form class="widget-form" aria-labelledby="screen-heading" noValidate onSubmit={(event) => void submit(event)}>
            <div class="widget-form__fields">
              <fieldset class="widget-form__group">
                <legend class="widget-form__legend">{t("ssoSettings.groups.provider")}</legend>
                <TextField
                  label={t("ssoSettings.redirectUri")}
                  hint={t("ssoSettings.redirectUriHint")}
                  value={settings.redirectUri}
                  onInput={() => undefined}
                  disabled
                />
                <TextField
                  label={t("ssoSettings.issuer")}
                  hint={t("ssoSettings.issuerHint")}
                  type="url"
                  value={draft.issuer}
                  onInput={(v) => set("issuer", v)}
                  required
                  maxLength={500}
                />
                <TextField
                  label={t("ssoSettings.clientId")}
                  value={draft.clientId}
                  onInput={(v) => set("clientId", v)}
                  required
                  maxLength={500}
                />
                <TextField
                  label={t("ssoSettings.clientSecret")}
                  hint={settings.clientSecretSet ? t("ssoSettings.clientSecretSet") : t("ssoSettings.clientSecretNew")}
                  type="password"
                  autoComplete="new-password"
                  value={draft.clientSecret}
                  onInput={(v) => set("clientSecret", v)}
                  maxLength={2000}
                />
              </fieldset>

              <fieldset class="widget-form__group">
                <legend class="widget-form__legend">{t("ssoSettings.groups.people")}</legend>
                <TextAreaField
                  label={t("ssoSettings.domains")}
                  hint={t("ssoSettings.domainsHint")}
                  rows={3}
                  value={draft.domains}
                  onInput={(v) => set("domains", v)}
                />
                <TextField
                  label={t("ssoSettings.groupsClaim")}
                  hint={t("ssoSettings.groupsClaimHint")}
                  value={draft.groupsClaim}
                  onInput={(v) => set("groupsClaim", v)}
                  maxLength={200}
                />
                <CheckboxField
                  label={t("ssoSettings.createOperators")}
                  checked={draft.createOperators}
                  onChange={(v) => set("createOperators", v)}
                />
              </fieldset>

              <fieldset class="widget-form__group">
                <legend class="widget-form__legend">{t("ssoSettings.groups.roles")}</legend>
                <p class="field__hint">{t("ssoSettings.mappingsHint")}</p>
                {draft.roleMappings.length === 0 && <p class="notice">{t("ssoSettings.noMappings")}</p>}
                <ol class="sso-mappings">
                  {draft.roleMappings.map((mapping, index) => (
                    // Rows have no id of their own; position is what they are (the order decides).
                    <li key={index} class="sso-mappings__row">
                      <TextField
                        label={t("ssoSettings.group")}
                        value={mapping.group}
                        onInput={(v) => setMapping(index, { group: v })}
                        maxLength={200}
                      />
                      {roles ? (
                        <label class="field">
                          <span class="field__label">{t("ssoSettings.role")}</span>
                          <select
                            class="field__input"
                            value={mapping.roleId}
                            onChange={(event) => setMapping(index, { roleId: event.currentTarget.value })}
                          >
                            <option value="" />
                            {roles.map((role) => (
                              <option key={role.id} value={role.id}>
                                {role.name}
                              </option>
                            ))}
                          </select>
                        </label>
                      ) : (
                        <TextField
                          label={t("ssoSettings.role")}
                          value={mapping.roleId}
                          onInput={(v) => setMapping(index, { roleId: v })}
                          maxLength={64}
                        />
                      )}
                      <button
                        type="button"
                        class="button"
                        onClick={() =>
                          set(
                            "roleMappings",
                            draft.roleMappings.filter((_, i) => i !== index),
                          )
                        }
                      >
                        {t("ssoSettings.removeMapping")}
                      </button>
                    </li>
                  ))}
                </ol>
                <button
                  type="button"
                  class="button sso-screen__action"
                  onClick={() => set("roleMappings", [...draft.roleMappings, { group: "", roleId: "" }])}
                >
                  {t("ssoSettings.addMapping")}
                </button>
              </fieldset>

              <fieldset class="widget-form__group">
                <legend class="widget-form__legend">{t("ssoSettings.groups.policy")}</legend>
                <CheckboxField
                  label={t("ssoSettings.ssoOnly")}
                  hint={t("ssoSettings.ssoOnlyHint")}
                  checked={draft.ssoOnly}
                  onChange={(v) => set("ssoOnly", v)}
                />
              </fieldset>
            </div>
            <SaveBar state={state} dirty={dirty} onDiscard={() => setDraft(toDraft(settings))} />
            {settings.configured && (
              <button type="button" class="button button--danger sso-screen__action" onClick={() => setRemoving("asking")}>
                {t("ssoSettings.remove")}
              </button>
            )}
          </form>
        )}
      </div>
      {removing && (
        <ConfirmDialog
          title={t("ssoSettings.remove")}
          message={t("ssoSettings.removeConfirm")}
          confirmLabel={t("ssoSettings.remove")}
          busy={removing === "busy"}
          onConfirm={() => void remove()}
          onCancel={() => setRemoving(null)}
        />
      )}
    </main>
  );
}
