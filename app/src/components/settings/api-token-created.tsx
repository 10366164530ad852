import { useTranslation } from "../../hooks/use-translation";
import type { CreatedApiToken } from "../../types";
import { ShownOnce } from "./shown-once";

/** The new token, shown this once: the server keeps only its hash. */
export function ApiTokenCreated({ created, onDone }: { created: CreatedApiToken; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <ShownOnce
      heading={t("apiTokens.createdHeading", { name: created.name })}
      warning={t("apiTokens.createdWarning")}
      label={t("apiTokens.token")}
      value={created.token}
      texts={{ copy: t("apiTokens.copy"), done: t("apiTokens.done"), copied: t("apiTokens.copied"), copyFailed: t("apiTokens.copyFailed") }}
      onDone={onDone}
    />
  );
}
