import { useTranslation } from "../../hooks/use-translation";
import { ShownOnce } from "./shown-once";

/** An endpoint's signing secret, shown this once (creation or rotation): the server keeps it sealed and never answers it again. */
export function WebhookSecret({ url, secret, onDone }: { url: string; secret: string; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <ShownOnce
      class="panel api-token-section"
      heading={t("webhooks.secretHeading", { url })}
      warning={t("webhooks.secretWarning")}
      label={t("webhooks.secret")}
      value={secret}
      texts={{ copy: t("webhooks.copy"), done: t("webhooks.done"), copied: t("webhooks.copied"), copyFailed: t("webhooks.copyFailed") }}
      onDone={onDone}
    />
  );
}
