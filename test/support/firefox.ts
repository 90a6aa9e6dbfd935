import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

const FIREFOX_EXTENSION_DIR = resolve(import.meta.dirname, '../../.output/firefox-mv2');
const GECKO_ID = 'wallet@pouch.example';
/** Pinned, so the popup and the sheet have known `moz-extension://` addresses. */
const EXTENSION_UUID = '8f1c2b7a-4d3e-4f5a-9b6c-1d2e3f4a5b6c';
const FIREFOX_EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;

export interface FirefoxWallet {
  browser: Browser;
  popupUrl: string;
  /** A new tab at `url`. Firefox reports no `load` for extension pages over BiDi: the navigation is not awaited. */
  open(url: string): Promise<Page>;
  /** The next extension window (the payment sheet, the sign-in consent) the browser opens. */
  nextWindow(path: string, timeoutMs?: number): Promise<Page>;
  close(): Promise<void>;
}

/** Firefox ESR, headless, with the built Firefox extension installed (temporarily), over WebDriver BiDi. */
export async function launchFirefoxWallet(): Promise<FirefoxWallet> {
  if (!existsSync(join(FIREFOX_EXTENSION_DIR, 'manifest.json')))
    throw new Error(`No Firefox build at ${FIREFOX_EXTENSION_DIR}: run "npx wxt build -b firefox" first.`);
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
    headless: true,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
      'intl.locale.requested': 'en-US',
    },
  });
  await browser.installExtension(FIREFOX_EXTENSION_DIR);
  return {
    browser,
    popupUrl: `${FIREFOX_EXTENSION_ORIGIN}/popup.html`,
    async open(url) {
      const page = await browser.newPage();
      await page.setViewport({ width: 900, height: 700 });
      // Not awaited: an extension page's navigation may never report done over BiDi. Waiting for the
      // document instead keeps the caller's first query out of the about:blank it replaces (a query
      // whose realm goes away mid-call fails inside Firefox's remote agent).
      void page.goto(url).catch(() => undefined);
      await arrivedAt(page, url.split('#')[0]!, 10_000);
      return page;
    },
    async nextWindow(path, timeoutMs = 10_000) {
      // Extension pages report about:blank as their target address over BiDi: a new page is awaited, then
      // asked where it is.
      const known = new Set(browser.targets());
      const target = await browser.waitForTarget((t) => t.type() === 'page' && !known.has(t), { timeout: timeoutMs });
      const page = (await target.page())!;
      await arrivedAt(page, `${FIREFOX_EXTENSION_ORIGIN}${path}`, timeoutMs);
      return page;
    },
    close: () => browser.close(),
  };
}

/** Waits until `page` shows a document whose address starts with `wanted` and that has finished loading. */
async function arrivedAt(page: Page, wanted: string, timeoutMs: number): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
    const href = await page.evaluate(() => (document.readyState === 'complete' ? location.href : '')).catch(() => '');
    if (href.startsWith(wanted)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`The page did not arrive at ${wanted}`);
}
