import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../support/platform';
import { signUpMerchant, TestWallet, type TestMerchant } from '../support/wallet-client';
import { webhookReceiver } from '../support/webhook-receiver';

const repo = resolve(import.meta.dirname, '../..');
const kit = join(repo, 'merchant/kit');

/** A shop's own server script, using the installed package only: one command per argument. */
const SHOP_SCRIPT = `
import { checkoutTagHtml, signCheckoutTag, verifyIdToken, verifyWebhook } from '@pouch/merchant-kit';
const [command, input] = [process.argv[2], JSON.parse(process.argv[3])];
if (command === 'sign') {
  const tag = await signCheckoutTag(input.key, input.order);
  console.log(JSON.stringify({ tag, html: checkoutTagHtml(tag) }));
} else if (command === 'webhook') {
  console.log(JSON.stringify(verifyWebhook(input.secret, input.rawBody, input.headers)));
} else if (command === 'id-token') {
  console.log(JSON.stringify(await verifyIdToken(input.idToken, input.options)));
}
`;

/** The same calls as TypeScript, type-checked against the package's declaration files. */
const TYPED_SCRIPT = `
import { signCheckoutTag, verifyWebhook, type MerchantKey, type WebhookEvent } from '@pouch/merchant-kit';
import { placeCheckoutTag } from '@pouch/merchant-kit/browser';
declare const key: MerchantKey;
const tag: Promise<string> = signCheckoutTag(key, { origin: 'https://shop.example', orderId: 'o1', amount: 100, currency: 'CNY', label: 'Tea' });
const event: WebhookEvent = verifyWebhook('whsec_x', '{}', new Headers());
export { tag, event, placeCheckoutTag };
`;

describe('the merchant kit as an npm package', () => {
  let project: string;
  let platform: TestPlatform;
  let merchant: TestMerchant;
  let hooks: Awaited<ReturnType<typeof webhookReceiver>>;
  // Asynchronous: the platform answering the script (its JWKS) runs in this process.
  const shop = async (command: string, input: unknown) => {
    const run = promisify(execFile);
    const { stdout } = await run(process.execPath, ['shop.mjs', command, JSON.stringify(input)], { cwd: project });
    return JSON.parse(stdout);
  };

  beforeAll(async () => {
    // Built and packed as a release would be, then installed into a fresh project outside this repository.
    execFileSync(process.execPath, ['--import', 'tsx', join(kit, 'build.ts')], { cwd: repo, stdio: 'pipe' });
    project = mkdtempSync(join(tmpdir(), 'pouch-shop-'));
    execFileSync('npm', ['pack', '--silent', '--pack-destination', project], { cwd: kit, stdio: 'pipe' });
    const tarball = readdirSync(project).find((name) => name.endsWith('.tgz'))!;
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'a-shop', private: true, type: 'module' }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', `./${tarball}`], {
      cwd: project,
      stdio: 'pipe',
    });
    writeFileSync(join(project, 'shop.mjs'), SHOP_SCRIPT);
    writeFileSync(join(project, 'typed.ts'), TYPED_SCRIPT);
    hooks = await webhookReceiver();
    platform = await startTestPlatform('pglite');
    merchant = await signUpMerchant(platform.url, { webhookUrl: hooks.url });
  }, 180_000);
  afterAll(async () => {
    await platform?.close();
    await hooks?.close();
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it('ships ESM, declarations and the README, and no sources or tests', () => {
    const listed = execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: kit, encoding: 'utf8' });
    const files = (JSON.parse(listed)[0].files as { path: string }[]).map((f) => f.path).sort();
    expect(files).toEqual([
      'README.md',
      'dist/browser.d.ts',
      'dist/browser.js',
      'dist/index.d.ts',
      'dist/index.js',
      'package.json',
    ]);
  });

  it('signs a tag the platform pays, and verifies the webhook that follows', async () => {
    const order = { origin: merchant.origin, orderId: 'kit-order-1', amount: 1_280, currency: 'CNY', label: 'Tea' };
    const key = { merchantId: merchant.merchantId, kid: merchant.kid, privateJwk: merchant.privateJwk };
    const { tag, html } = await shop('sign', { key, order });
    expect(html).toBe(`<script type="application/pouch-checkout+jws">${tag}</script>`);
    const wallet = await TestWallet.create(platform.url);
    await wallet.topUp(await wallet.addCard(), 5_000);
    const paid = await wallet.pay(tag);
    expect(paid.status).toBe(201);
    const delivery = await hooks.deliveryOf(paid.body.payment.id);
    const event = await shop('webhook', {
      secret: merchant.webhookSecret,
      rawBody: delivery.rawBody,
      headers: delivery.headers,
    });
    expect(event).toMatchObject({ type: 'payment.succeeded', data: { payment: { orderId: 'kit-order-1' } } });
    await expect(
      shop('webhook', { secret: merchant.webhookSecret, rawBody: `${delivery.rawBody} `, headers: delivery.headers }),
    ).rejects.toThrow('No matching signature');
  });

  it('verifies a Sign in with Pouch ID token against the platform JWKS', async () => {
    const wallet = await TestWallet.create(platform.url);
    const nonce = 'kit-nonce-0123456789';
    const login = await wallet.login(merchant, nonce);
    expect(login.status).toBe(201);
    const options = { platformUrl: platform.platform.config.publicUrl, merchantId: merchant.merchantId, nonce };
    expect(await shop('id-token', { idToken: login.body.idToken, options })).toMatchObject({
      subject: login.body.subject,
    });
  });

  it('type-checks a shop written in TypeScript against its declarations', () => {
    const tsc = join(repo, 'node_modules/typescript/bin/tsc');
    const args = [
      '--noEmit',
      '--strict',
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      '--target',
      'es2022',
    ];
    expect(() =>
      execFileSync(process.execPath, [tsc, ...args, '--lib', 'es2022,dom', 'typed.ts'], {
        cwd: project,
        encoding: 'utf8',
      }),
    ).not.toThrow();
  });
});
