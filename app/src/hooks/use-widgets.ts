import { useEffect, useState } from "preact/hooks";
import { api } from "../api";
import type { WidgetSettings } from "../types";

/** An account has a handful of widgets; this many pages is far beyond any real one. */
const MAX_PAGES = 10;

/** The account's widgets for the widget filter, or null while unknown (not permitted, or failed). */
export function useWidgets(enabled: boolean): readonly WidgetSettings[] | null {
  const [widgets, setWidgets] = useState<readonly WidgetSettings[] | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let active = true;
    void (async () => {
      const all: WidgetSettings[] = [];
      let cursor: string | undefined;
      try {
        for (let page = 0; page < MAX_PAGES; page += 1) {
          const result = await api.listWidgets(cursor);
          all.push(...result.items);
          if (!result.nextCursor) break;
          cursor = result.nextCursor;
        }
        if (active) setWidgets(all);
      } catch {
        // Without the list the form simply has no widget filter.
      }
    })();
    return () => {
      active = false;
    };
  }, [enabled]);
  return widgets;
}
