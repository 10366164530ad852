import { useState } from "preact/hooks";
import { errorInfo } from "../../api";
import { settingsApi } from "../../api/admin";
import { useTranslation } from "../../hooks/use-translation";
import { errorText } from "../../i18n/error-text";
import type { WidgetSettings } from "../../types";
import { ConfirmDialog } from "../confirm-dialog";
import { CheckboxField } from "../form/fields";

interface WidgetIdentityProps {
  widget: WidgetSettings;
  /** The form's switch, saved with the rest of the widget. */
  enabled: boolean;
  onEnabled: (enabled: boolean) => void;
  readOnly: boolean;
}

type Secret = { kind: "hidden" } | { kind: "shown"; secret: string; rotated: boolean };

/**
 * Verified visitors: the switch, and the widget's secret for the customer's server (shown on
 * request, copied, or replaced). Every showing and replacement is audited by the server.
 */
export function WidgetIdentity({ widget, enabled, onEnabled, readOnly }: WidgetIdentityProps) {
  const { t } = useTranslation();
  const [secret, setSecret] = useState<Secret>({ kind: "hidden" });
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState(false);

  async function act(get: () => Promise<string>, rotated: boolean) {
    setBusy(true);
    setProblem(null);
    setCopied(false);
    try {
      setSecret({ kind: "shown", secret: await get(), rotated });
    } catch (error) {
      const info = errorInfo(error);
      setProblem(errorText(info.code, info.message));
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  }

  async function copy(text: string) {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      // No clipboard here: the secret stays on screen to be selected by hand.
    }
  }

  return (
    <fieldset class="widget-form__group" data-testid="widget-identity">
      <legend class="widget-form__legend">{t("widgetIdentity.heading")}</legend>
      <CheckboxField label={t("widgetIdentity.enabled")} checked={enabled} onChange={onEnabled} hint={t("widgetIdentity.hint")} />
      {!widget.identityVerification ? (
        <p class="field__hint">{t("widgetIdentity.noSecret")}</p>
      ) : (
        !readOnly && (
          <div class="widget-embed__actions">
            {secret.kind === "shown" ? (
              <>
                <code class="widget-identity__secret" data-testid="identity-secret">
                  {secret.secret}
                </code>
                <button type="button" class="button" onClick={() => void copy(secret.secret)}>
                  {t("widgetIdentity.copy")}
                </button>
                <button type="button" class="button" onClick={() => setSecret({ kind: "hidden" })}>
                  {t("widgetIdentity.hide")}
                </button>
              </>
            ) : (
              <button
                type="button"
                class="button"
                disabled={busy}
                onClick={() => void act(() => settingsApi.widgetIdentitySecret(widget.id), false)}
              >
                {t("widgetIdentity.reveal")}
              </button>
            )}
            <button type="button" class="button button--danger" disabled={busy} onClick={() => setConfirming(true)}>
              {t("widgetIdentity.rotate")}
            </button>
            <p class="save-status" role="status">
              {copied ? t("widgetIdentity.copied") : secret.kind === "shown" && secret.rotated ? t("widgetIdentity.rotated") : ""}
            </p>
          </div>
        )
      )}
      {problem && (
        <p class="form-error" role="alert">
          {problem}
        </p>
      )}
      {confirming && (
        <ConfirmDialog
          title={t("widgetIdentity.rotate")}
          message={t("widgetIdentity.rotateConfirm")}
          confirmLabel={t("widgetIdentity.rotate")}
          busy={busy}
          onConfirm={() => void act(() => settingsApi.rotateWidgetIdentitySecret(widget.id), true)}
          onCancel={() => setConfirming(false)}
        />
      )}
    </fieldset>
  );
}
