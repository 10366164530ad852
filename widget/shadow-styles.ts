/**
 * Gives a shadow root its CSS. A constructed stylesheet comes first because a host page whose CSP
 * has `style-src` without 'unsafe-inline' blocks `<style>` elements, while browsers apply adopted
 * sheets regardless; the `<style>` element is the fallback for browsers without them (Safari < 16.4).
 */
export function adoptStyles(root: ShadowRoot, css: string): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = document.createElement("style");
    style.textContent = css;
    root.append(style);
  }
}

/**
 * Pins the styles of a custom element's own box (which lives in the host page's light DOM) with
 * inline !important declarations: the only author styles that beat a host page's !important
 * rules. Set through the CSSOM, which a host page's CSP does not block.
 */
export function pinHostStyle(host: HTMLElement, declarations: Record<string, string>): void {
  host.style.setProperty("all", "initial", "important");
  for (const [name, value] of Object.entries(declarations)) host.style.setProperty(name, value, "important");
}
