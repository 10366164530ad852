import { useStore } from "../hooks/use-store";
import { useTranslation } from "../hooks/use-translation";
import type { DataRequestCountsStore } from "../lib/data-request-counts";
import { type Area, areaOf, areaScreens, type Screen, screenPaths } from "../lib/routes";
import "./main-nav.css";

interface NavProps {
  screens: readonly Screen[];
  current: Screen | null;
  onNavigate: (screen: Screen) => void;
}

/** Requests overdue or due within 7 days, as a badge on "Data requests"; nothing when none. */
function RequestBadge({ store }: { store: DataRequestCountsStore }) {
  const { t } = useTranslation();
  const { counts } = useStore(store);
  const count = counts ? counts.overdue + counts.dueSoon : 0;
  if (count === 0) return null;
  return (
    <span class={counts && counts.overdue > 0 ? "nav-badge nav-badge--overdue" : "nav-badge"} data-testid="data-requests-badge">
      <span aria-hidden="true">{count}</span>
      <span class="visually-hidden">{t("register.badge", { count })}</span>
    </span>
  );
}

/** Modified clicks keep the browser's meaning (new tab, new window); plain ones navigate in place. */
function linkClick(event: MouseEvent, screen: Screen, onNavigate: (screen: Screen) => void) {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  onNavigate(screen);
}

/** The areas the operator's role opens, each a link to its first allowed screen. Real links: they can be opened in a new tab too. */
export function MainNav({
  screens,
  current,
  onNavigate,
  requestCounts = null,
}: NavProps & { requestCounts?: DataRequestCountsStore | null }) {
  const { t } = useTranslation();
  const labels: Record<Area, string> = {
    inbox: t("nav.inbox"),
    transcripts: t("nav.transcripts"),
    "data-requests": t("nav.dataRequests"),
    analytics: t("nav.analytics"),
    team: t("nav.team"),
    settings: t("nav.settings"),
    "audit-log": t("nav.auditLog"),
    compliance: t("compliance.nav"),
    security: t("nav.security"),
  };
  const currentArea = current ? areaOf(current) : null;
  const entries = (Object.keys(areaScreens) as Area[]).flatMap((area) => {
    const first = areaScreens[area].find((screen) => screens.includes(screen));
    return first ? [{ area, first }] : [];
  });

  return (
    <nav class="main-nav" aria-label={t("nav.label")}>
      <ul class="inline-list">
        {entries.map(({ area, first }) => (
          <li key={area}>
            <a
              class="main-nav__link"
              href={screenPaths[first]}
              aria-current={area === currentArea ? "page" : undefined}
              onClick={(event) => linkClick(event, first, onNavigate)}
            >
              {labels[area]}
              {area === "data-requests" && requestCounts && <RequestBadge store={requestCounts} />}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The screens within the current area (Team, Settings), when it has more than one the role opens. */
export function SectionNav({ screens, current, onNavigate }: NavProps) {
  const { t } = useTranslation();
  if (!current) return null;
  const area = areaOf(current);
  const sectionScreens = areaScreens[area].filter((screen) => screens.includes(screen));
  if (sectionScreens.length < 2) return null;
  const labels: Partial<Record<Screen, string>> = {
    "team-operators": t("nav.teamOperators"),
    "team-departments": t("nav.teamDepartments"),
    "team-roles": t("nav.teamRoles"),
    "settings-widgets": t("nav.settingsWidgets"),
    "settings-router": t("nav.settingsRouter"),
    "settings-saved-replies": t("savedReplies.nav"),
    "settings-account": t("nav.settingsAccount"),
    "settings-api-tokens": t("nav.settingsApiTokens"),
    "settings-sso": t("ssoSettings.nav"),
    "settings-webhooks": t("webhooks.nav"),
  };
  return (
    <nav class="section-nav" aria-label={area === "team" ? t("nav.team") : t("nav.settings")}>
      <ul class="section-nav__list">
        {sectionScreens.map((screen) => (
          <li key={screen}>
            <a
              class="section-nav__link"
              href={screenPaths[screen]}
              aria-current={screen === current ? "page" : undefined}
              onClick={(event) => linkClick(event, screen, onNavigate)}
            >
              {labels[screen] ?? screen}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
