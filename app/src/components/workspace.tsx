import { useEffect, useRef, useState } from "preact/hooks";
import { useIdleActivity } from "../hooks/use-idle-activity";
import { useInboxAlerts } from "../hooks/use-inbox-alerts";
import { useScreen } from "../hooks/use-screen";
import { useStore } from "../hooks/use-store";
import { useTranslation } from "../hooks/use-translation";
import { allowedScreens, canReply } from "../lib/access";
import { DataRequestCountsStore } from "../lib/data-request-counts";
import { type InboxAlert, InboxStore } from "../lib/inbox-store";
import { NotificationSettingsStore } from "../lib/notification-settings-store";
import { areaOf, type Screen } from "../lib/routes";
import type { Me } from "../types";
import { AppHeader } from "./app-header";
import { AvailabilityControl } from "./availability-control";
import { ComplianceScreen } from "./compliance/compliance-screen";
import { DataRequestsScreen } from "./data-requests-screen";
import { AnalyticsScreen } from "./governance/analytics-screen";
import { AuditLogScreen } from "./governance/audit-log-screen";
import { InboxScreen } from "./inbox-screen";
import { SectionNav } from "./main-nav";
import { NotificationPrompt } from "./notification-prompt";
import { SecurityScreen } from "./security/security-screen";
import { AccountScreen } from "./settings/account-screen";
import { ApiTokensScreen } from "./settings/api-tokens-screen";
import { RouterScreen } from "./settings/router-screen";
import { SavedRepliesScreen } from "./settings/saved-replies-screen";
import { SsoScreen } from "./settings/sso-screen";
import { WebhooksScreen } from "./settings/webhooks-screen";
import { WidgetsScreen } from "./settings/widgets-screen";
import { DepartmentsScreen } from "./team/departments-screen";
import { OperatorsScreen } from "./team/operators-screen";
import { RolesScreen } from "./team/roles-screen";
import { TranscriptsScreen } from "./transcripts-screen";
import "./workspace.css";

/** Team and Settings show their sections beside the screen. */
const hasSections = (screen: Screen) => areaOf(screen) === "team" || areaOf(screen) === "settings";

interface WorkspaceProps {
  me: Me;
  onLogOut: () => Promise<void>;
  logoutErrorCode: string | null;
}

/** The signed-in layout: header with navigation, then the screen the address and the role allow. */
export function Workspace({ me, onLogOut, logoutErrorCode }: WorkspaceProps) {
  const { t } = useTranslation();
  const screens = allowedScreens(me);
  const [requested, navigate] = useScreen();
  const screen: Screen | null = requested && screens.includes(requested) ? requested : (screens[0] ?? null);
  const navigated = useRef(false);

  // An unknown or forbidden address shows the first allowed screen; the address says so too.
  useEffect(() => {
    if (screen && screen !== requested) navigate(screen, true);
  }, [screen, requested, navigate]);

  // After a move through the navigation, focus goes to the new screen's heading, so screen
  // readers announce it and Tab continues from there.
  useEffect(() => {
    if (!navigated.current) return;
    navigated.current = false;
    document.getElementById("screen-heading")?.focus();
  }, [screen]);

  function go(next: Screen) {
    navigated.current = next !== screen;
    navigate(next);
  }

  // The inbox lives as long as the workspace, not the inbox screen: the title count, the chime and
  // desktop notifications work on every screen.
  const [inbox] = useState(() => (screens.includes("inbox") ? new InboxStore(me.operator.id) : null));
  useEffect(() => {
    if (!inbox) return;
    inbox.start();
    return () => inbox.stop();
  }, [inbox]);
  useIdleActivity(inbox, me.account.awayAfterIdleMinutes);
  // The register's reminders, for the navigation's badge and the data-requests screen.
  const [requestCounts] = useState(() => (screens.includes("data-requests") ? new DataRequestCountsStore() : null));
  useEffect(() => {
    if (!requestCounts) return;
    requestCounts.start();
    return () => requestCounts.stop();
  }, [requestCounts]);
  const [notifications] = useState(() => new NotificationSettingsStore());
  useEffect(() => {
    void notifications.load();
  }, [notifications]);

  const skip =
    screen === "inbox" ? { href: "#chat", label: t("header.skipToChat") } : { href: "#content", label: t("header.skipToContent") };

  return (
    <div class="workspace">
      <a class="skip-link" href={skip.href}>
        {skip.label}
      </a>
      {/* One grid row for the header and the band under it, so the screen keeps the rest of the height. */}
      <div class="workspace__top">
        <AppHeader
          operatorName={me.operator.displayName}
          screens={screens}
          current={screen}
          onNavigate={go}
          onLogOut={onLogOut}
          logoutErrorCode={logoutErrorCode}
          requestCounts={requestCounts}
          availability={inbox && canReply(me) ? <AvailabilityControl inbox={inbox} operatorId={me.operator.id} /> : null}
        />
        {inbox && (
          <InboxAlerts
            store={inbox}
            notifications={notifications}
            onOpen={(alert) => {
              go("inbox");
              inbox.select(alert.summary);
            }}
          />
        )}
        {inbox && <NotificationPrompt store={notifications} />}
      </div>
      {screen === "inbox" && inbox && <InboxScreen store={inbox} canReply={canReply(me)} operatorId={me.operator.id} />}
      {screen === "transcripts" && <TranscriptsScreen me={me} />}
      {screen === "data-requests" && <DataRequestsScreen me={me} counts={requestCounts} />}
      {screen === "analytics" && <AnalyticsScreen me={me} />}
      {screen === "audit-log" && <AuditLogScreen me={me} />}
      {screen === "compliance" && <ComplianceScreen me={me} />}
      {screen === "security" && <SecurityScreen me={me} notifications={notifications} />}
      {screen && hasSections(screen) && (
        <div class="sectioned">
          <SectionNav screens={screens} current={screen} onNavigate={go} />
          {screen === "team-operators" && <OperatorsScreen me={me} />}
          {screen === "team-departments" && <DepartmentsScreen me={me} />}
          {screen === "team-roles" && <RolesScreen me={me} />}
          {screen === "settings-widgets" && <WidgetsScreen me={me} />}
          {screen === "settings-router" && <RouterScreen me={me} />}
          {screen === "settings-saved-replies" && <SavedRepliesScreen me={me} />}
          {screen === "settings-account" && <AccountScreen me={me} />}
          {screen === "settings-api-tokens" && <ApiTokensScreen me={me} />}
          {screen === "settings-webhooks" && <WebhooksScreen />}
          {screen === "settings-sso" && <SsoScreen />}
        </div>
      )}
      {screen === null && (
        <main id="content" class="screen" tabIndex={-1}>
          <p class="notice">{t("nav.noAccess")}</p>
        </main>
      )}
    </div>
  );
}

interface InboxAlertsProps {
  store: InboxStore;
  notifications: NotificationSettingsStore;
  onOpen: (alert: InboxAlert) => void;
}

/** The title count, chime and desktop notifications of the live inbox; draws nothing. */
function InboxAlerts({ store, notifications, onOpen }: InboxAlertsProps) {
  const { settings } = useStore(notifications);
  useInboxAlerts(store, settings, onOpen);
  return null;
}
