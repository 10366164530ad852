import { useTranslation } from "../hooks/use-translation";
import "./live-preview.css";

interface LivePreviewProps {
  /** The visitor's unsent draft; empty when there is none. */
  text: string;
  /** The visitor is typing (shown when live preview is off and no draft text arrives). */
  typing: boolean;
}

/**
 * What the visitor is typing, set apart from the messages: it is a draft, never stored, and may
 * change or vanish. Not a live region, so screen readers are not flooded on every keystroke.
 */
export function LivePreview({ text, typing }: LivePreviewProps) {
  const { t } = useTranslation();
  if (text) {
    return (
      <div class="live-preview" data-testid="live-preview">
        <span class="live-preview__label">{t("chat.livePreviewLabel")}</span> <span class="live-preview__text">{text}</span>
      </div>
    );
  }
  if (typing) {
    return (
      <p class="live-preview" data-testid="typing-indicator">
        {t("chat.visitorTyping")}
      </p>
    );
  }
  return null;
}
