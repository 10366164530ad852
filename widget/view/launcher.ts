// The launcher button lives in the loader's shadow root; the chat names it (with unread messages)
// and gives it the widget's colour and side once the config has arrived.
import type { WidgetConfig } from "../../src/shared/api";
import { accentInks, hexColor } from "../colour";
import { englishText, textOf } from "../texts";

/**
 * The launcher's name, with the number of unread operator messages (and its dot) when there are
 * any. It keeps the loader's English name until there is a config or an unread message to say otherwise.
 */
export function labelLauncher(launcher: HTMLElement | undefined, config: WidgetConfig | null, unread: number): void {
  if (!launcher) return;
  launcher.toggleAttribute("data-unread", unread > 0);
  if (!config && !unread) return;
  let label = textOf(config, "openChat");
  if (unread) {
    const own = config?.texts.newMessages;
    // A language without its own words for it says the number alone rather than English.
    const template =
      typeof own === "string" ? own : config && !/^en\b/.test(config.language) ? `${label} ({n})` : englishText("newMessages");
    label = template.replace("{n}", String(unread));
  }
  launcher.setAttribute("aria-label", label);
  if (config) launcher.lang = config.language;
}

/** The loader's `<confide-launcher>`, whose box (in the host page) carries the launcher's position. */
export function launcherHost(launcher: HTMLElement | undefined): HTMLElement | undefined {
  const root = launcher?.getRootNode();
  return root instanceof ShadowRoot && root.host instanceof HTMLElement ? root.host : undefined;
}

/**
 * The widget's colour and side, on the panel and the launcher. The launcher's box is pinned by
 * inline !important styles (pinHostStyle); it moves and recolours the same way, one property at a
 * time, because pinHostStyle's `all: initial` would wipe the rest of its pinned box.
 */
export function showAppearance(panel: HTMLElement, launcher: HTMLElement | undefined, appearance: WidgetConfig["appearance"]): void {
  const accent = hexColor(appearance.accentColor);
  const left = appearance.position === "left";
  panel.classList.toggle("left", left);
  const host = launcherHost(launcher);
  const inks = accent ? accentInks(accent) : undefined;
  for (const box of [panel, host]) {
    if (!box) continue;
    // A colour that is not #rgb or #rrggbb leaves the default (or the host page's --confide-accent).
    const colours = { "--confide-accent": accent, "--confide-on-accent": inks?.on, "--confide-ink": inks?.ink };
    for (const [name, value] of Object.entries(colours)) {
      if (value) box.style.setProperty(name, value, "important");
      else box.style.removeProperty(name);
    }
  }
  if (host) {
    host.style.setProperty("right", left ? "auto" : "20px", "important");
    host.style.setProperty("left", left ? "20px" : "auto", "important");
  }
}
