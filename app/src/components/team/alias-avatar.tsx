import { useEffect, useState } from "preact/hooks";
import { useTranslation } from "../../hooks/use-translation";

/** True for an absolute https URL, the only kind the server stores (and the app's CSP loads). */
export function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === "https:";
  } catch {
    return false;
  }
}

interface AliasAvatarProps {
  url: string;
  alt: string;
  large?: boolean;
}

/** An alias avatar, fetched without a referrer so the image host does not learn the app's URL. */
export function AliasAvatar({ url, alt, large }: AliasAvatarProps) {
  const size = large ? 64 : 32;
  return (
    <img
      class={large ? "team-avatar team-avatar--large" : "team-avatar"}
      src={url}
      alt={alt}
      width={size}
      height={size}
      loading="lazy"
      referrerpolicy="no-referrer"
    />
  );
}

/** The avatar URL being typed, shown as visitors would see it, or why it cannot be. */
export function AvatarPreview({ url }: { url: string }) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState(false);
  const trimmed = url.trim();
  useEffect(() => setFailed(false), [trimmed]);
  if (!trimmed) return null;
  if (!isHttpsUrl(trimmed)) {
    return <p class="field__hint team-avatar-preview__note">{t("team.operators.avatarNotHttps")}</p>;
  }
  return (
    <div class="team-avatar-preview">
      {failed ? (
        <p class="field__hint team-avatar-preview__note">{t("team.operators.avatarFailed")}</p>
      ) : (
        <>
          <img
            class="team-avatar team-avatar--large"
            src={trimmed}
            alt={t("team.operators.avatarPreview")}
            width={64}
            height={64}
            referrerpolicy="no-referrer"
            onError={() => setFailed(true)}
          />
          <span class="field__hint">{t("team.operators.avatarPreviewCaption")}</span>
        </>
      )}
    </div>
  );
}
