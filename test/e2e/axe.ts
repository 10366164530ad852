import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type * as Axe from "axe-core";
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { expect } from "vitest";

// An axe-core audit of whatever a page shows now, against WCAG 2.2 level AA: the level the European
// Accessibility Act asks of the shops that embed the widget, and of the app their staff work in.

/** The WCAG 2.0, 2.1 and 2.2 success criteria of levels A and AA, as axe-core tags its rules. */
export const WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] as const;

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/**
 * A context axe-core can be injected into: the app's CSP allows no inline script, so it is bypassed
 * for the audit (and only there). Reduced motion: the widget's panel fades in, and contrast measured
 * half-way through a fade is not the contrast a visitor reads.
 */
export function auditContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ locale: "en-US", reducedMotion: "reduce", ...options, bypassCSP: true });
}

/** One line per element that breaks a rule: rule id, impact, the element (through shadow roots), what the rule asks. */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: axeSource });
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: typeof Axe }).axe;
    const results = await axe.run(document, { runOnly: { type: "tag", values: [...tags] }, resultTypes: ["violations"] });
    // A target inside a shadow root is a list of selectors, one per tree, outermost first.
    const selector = (target: Axe.NodeResult["target"]) =>
      target.map((part) => (Array.isArray(part) ? part.join(" >>> ") : String(part))).join(" | ");
    return results.violations.flatMap((rule) =>
      rule.nodes.map(
        (node) =>
          `${rule.id} (${rule.impact ?? node.impact ?? "unknown"}) at ${selector(node.target)}: ${rule.help} [${rule.helpUrl}]\n    ${node.failureSummary ?? ""}`,
      ),
    );
  }, WCAG_22_AA);
}

/** Fails the test, listing every violation, unless axe-core finds none on what `page` shows as `state`; softly, so one run reports every state. */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  expect.soft(await axeViolations(page), `WCAG 2.2 AA violations in ${state}`).toEqual([]);
}
