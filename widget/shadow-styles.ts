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
