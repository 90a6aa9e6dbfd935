/**
 * `npm start`: build the extension, start the platform (PGlite in .pouch/platform), and open Chromium
 * with the extension loaded. Without a display, the platform keeps running and the steps to load the
 * extension by hand are printed.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath, EXTENSION_DIR } from '../test/support/chromium';

const PLATFORM_URL = 'http://localhost:8787';

execFileSync('npx', ['wxt', 'build'], { stdio: 'inherit' });

const platform = spawn(process.execPath, ['--import', 'tsx', 'platform/main.ts'], {
  stdio: 'inherit',
  env: { ...process.env, PORT: '8787' },
});
const stop = () => platform.kill('SIGTERM');
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${PLATFORM_URL}/healthz`)).ok) break;
  } catch {
    // still starting
  }
  if (platform.exitCode !== null || i > 100) throw new Error('The platform did not start; see its output above.');
  await new Promise((r) => setTimeout(r, 200));
}

const manualSteps = `To load the extension by hand: open chrome://extensions, turn on Developer mode, choose
"Load unpacked" and pick ${EXTENSION_DIR}. The platform API and its docs: ${PLATFORM_URL}/docs`;

if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  console.log(
    `\nNo display here, so no browser window opens. The platform keeps running (Ctrl+C stops it).\n${manualSteps}`,
  );
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
  console.log(`\nChromium is open with Pouch loaded. Close the window to stop everything.\n${manualSteps}`);
  await new Promise((resolve) => context.on('close', resolve));
  stop();
}
