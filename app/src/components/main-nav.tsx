import { useTranslation } from "../hooks/use-translation";
import { screenPaths, type Screen } from "../lib/routes";

interface MainNavProps {
  screens: readonly Screen[];
  current: Screen | null;
  onNavigate: (screen: Screen) => void;
}

/** The areas the operator's role opens. Real links: they can be opened in a new tab too. */
export function MainNav({ screens, current, onNavigate }: MainNavProps) {
  const { t } = useTranslation();
  const labels: Record<Screen, string> = {
    inbox: t("nav.inbox"),
    transcripts: t("nav.transcripts"),
    "data-requests": t("nav.dataRequests"),
  };

  function onClick(event: MouseEvent, screen: Screen) {
    // Modified clicks keep the browser's meaning (new tab, new window).
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    onNavigate(screen);
  }

  return (
    <nav class="main-nav" aria-label={t("nav.label")}>
      <ul class="main-nav__list">
        {screens.map((screen) => (
          <li key={screen}>
            <a
              class="main-nav__link"
              href={screenPaths[screen]}
              aria-current={screen === current ? "page" : undefined}
              onClick={(event) => onClick(event, screen)}
            >
              {labels[screen]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
