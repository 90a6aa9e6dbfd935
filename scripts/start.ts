/**
 * `npm start`: build the extension, start the platform (PGlite in .pouch/platform) and the demo shop,
 * then open Chromium with the extension on the demo shop, its wallet seeded with a sandbox card and a
 * balance. Without a display the servers keep running and the steps to load the extension are printed.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath, EXTENSION_DIR } from './chromium';
import { onboard } from './demo-wallet';

const PLATFORM_URL = 'http://localhost:8787';
const SHOP_URL = 'http://localhost:8788';
const DEMO_PIN = '135790';

async function waitFor(url: string, child: ChildProcess, name: string): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // still starting
    }
    if (child.exitCode !== null || i > 150) throw new Error(`The ${name} did not start; see its output above.`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

execFileSync('npx', ['wxt', 'build'], { stdio: 'inherit' });
const run = (script: string, env: Record<string, string>) =>
  spawn(process.execPath, ['--import', 'tsx', script], { stdio: 'inherit', env: { ...process.env, ...env } });
// The demo shop runs on this machine: its webhook and origin checks are loopback calls, allowed for local development only.
const platform = run('platform/main.ts', { PORT: '8787', POUCH_EGRESS_ALLOW_LOOPBACK: '1' });
await waitFor(`${PLATFORM_URL}/healthz`, platform, 'platform');
const shop = run('merchant/demo-shop/main.ts', { PORT: '8788', POUCH_PLATFORM_URL: PLATFORM_URL });
await waitFor(SHOP_URL, shop, 'demo shop');
const stop = () => [platform, shop].forEach((child) => child.kill('SIGTERM'));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

const steps = `Load the extension by hand: open chrome://extensions, switch on Developer mode, "Load unpacked",
pick ${EXTENSION_DIR}; create a wallet in the popup (sandbox card 6200 0000 0000 0005, any name,
expiry 12/30, CVC 123), top up, then shop at ${SHOP_URL} (sign in at ${SHOP_URL}/account). Platform docs: ${PLATFORM_URL}/docs;
merchant console: ${PLATFORM_URL}/console`;

if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  console.log(
    `\nNo display here, so no browser opens. The platform and the demo shop keep running (Ctrl+C stops them).\n${steps}`,
  );
} else {
  const context = await chromium.launchPersistentContext('.pouch/chromium-profile', {
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
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${new URL(worker.url()).host}/popup.html`);
  const state = (await popup.evaluate(() =>
    (
      globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }
    ).chrome.runtime.sendMessage({ type: 'wallet.overview' }),
  )) as { data?: { account: unknown } };
  if (!state.data?.account) {
    await onboard(popup, PLATFORM_URL, { pin: DEMO_PIN, topUp: '500' });
    console.log(`Demo wallet created: sandbox UnionPay card •••• 0005, ¥500.00 balance, payment PIN ${DEMO_PIN}.`);
  }
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(SHOP_URL);
  await page.bringToFront();
  console.log(`\nChromium is open on the demo shop with Pouch loaded. Close it to stop everything.\n${steps}`);
  await new Promise((resolve) => context.on('close', resolve));
  stop();
}
