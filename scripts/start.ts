/**
 * `npm start`: build the extension and open Chromium with it loaded. Without a display, say so and
 * print the steps to load the build by hand.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath, EXTENSION_DIR } from '../test/support/chromium';

execFileSync('npx', ['wxt', 'build'], { stdio: 'inherit' });

const manualSteps = `To load it by hand: open chrome://extensions, turn on Developer mode, choose "Load unpacked" and pick
  ${EXTENSION_DIR}`;

if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  console.log(`\nNo display here, so no browser window opens.\n${manualSteps}`);
} else {
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'pouch-start-')), {
    executablePath: chromiumPath(),
    headless: false,
    viewport: null,
    args: [
      ...CHROMIUM_ARGS.filter((arg) => arg !== '--disable-gpu'),
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`chrome-extension://${new URL(worker.url()).host}/popup.html`);
  console.log(`\nChromium is open with Pouch loaded. Close the window to stop.\n${manualSteps}`);
  await new Promise((resolve) => context.on('close', resolve));
}
