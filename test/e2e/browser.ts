import { type Browser, type BrowserContext, chromium } from "playwright-core";

/**
 * How long a navigation or an action may wait. Playwright's 30 s was once too short for a page load
 * in CI on a machine running other work (test/e2e/webhooks.e2e.ts: page.goto timed out); a test
 * still ends within its own 120 s (vitest.config.ts) when something really hangs.
 */
const BROWSER_WAIT_MS = 90_000;

function withPatience(context: BrowserContext): BrowserContext {
  context.setDefaultNavigationTimeout(BROWSER_WAIT_MS);
  context.setDefaultTimeout(BROWSER_WAIT_MS);
  return context;
}

/**
 * Debian's Chromium, headless, with the flags that keep it off this machine's closed network; every
 * context and page it opens waits up to BROWSER_WAIT_MS.
 */
export async function launchChromium(): Promise<Browser> {
  const browser = await launchBare();
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => withPatience(await newContext(options));
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (options) => {
    const page = await newPage(options);
    page.setDefaultNavigationTimeout(BROWSER_WAIT_MS);
    page.setDefaultTimeout(BROWSER_WAIT_MS);
    return page;
  };
  return browser;
}

function launchBare(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
