import { useEffect, useState } from "preact/hooks";
import { settingsApi } from "../api/admin";
import type { WidgetSettings } from "../types";

/** The account's widgets for the widget filter, or null while unknown (not permitted, or failed). */
export function useWidgets(enabled: boolean): readonly WidgetSettings[] | null {
  const [widgets, setWidgets] = useState<readonly WidgetSettings[] | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let active = true;
    settingsApi.widgets().then(
      (all) => active && setWidgets(all),
      // Without the list the form simply has no widget filter.
      () => undefined,
    );
    return () => {
      active = false;
    };
  }, [enabled]);
  return widgets;
}
