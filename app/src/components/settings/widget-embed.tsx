import { useId, useRef, useState } from "preact/hooks";
import { useTranslation } from "../../hooks/use-translation";

/** The script tag a site needs, from this server's own origin: the app and the widget share it. */
export const embedSnippet = (siteKey: string): string =>
  `<script src="${location.origin}/widget/loader.js" data-site-key="${siteKey}" async></script>`;

type CopyOutcome = "none" | "copied" | "selected";

/** The embed code of one widget, read-only, with a button that copies it. */
export function WidgetEmbed({ siteKey }: { siteKey: string }) {
  const { t } = useTranslation();
  const id = useId();
  const code = useRef<HTMLTextAreaElement>(null);
  const [outcome, setOutcome] = useState<CopyOutcome>("none");
  const snippet = embedSnippet(siteKey);

  async function copy() {
    setOutcome("none");
    try {
      await navigator.clipboard.writeText(snippet);
      setOutcome("copied");
    } catch {
      // No clipboard (an insecure origin, a denied permission): select it for the keyboard instead.
      code.current?.focus();
      code.current?.select();
      setOutcome("selected");
    }
  }

  return (
    <section class="widget-embed" aria-labelledby={`${id}-heading`}>
      <h4 id={`${id}-heading`} class="widget-form__legend">
        {t("widgets.embed.heading")}
      </h4>
      <div class="field">
        <label class="field__label" for={`${id}-code`}>
          {t("widgets.embed.code")}
        </label>
        <textarea
          ref={code}
          id={`${id}-code`}
          class="field__input widget-embed__code"
          rows={3}
          readOnly
          spellcheck={false}
          value={snippet}
          aria-describedby={`${id}-hint`}
          onFocus={(event) => event.currentTarget.select()}
        />
        <p id={`${id}-hint`} class="field__hint">
          {t("widgets.embed.hint", { siteKey })}
        </p>
      </div>
      <div class="widget-embed__actions">
        <button type="button" class="button" onClick={() => void copy()}>
          {t("widgets.embed.copy")}
        </button>
        <p class="save-status" role="status">
          {outcome === "copied" ? t("widgets.embed.copied") : outcome === "selected" ? t("widgets.embed.selected") : ""}
        </p>
      </div>
    </section>
  );
}
