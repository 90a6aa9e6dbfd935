import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MerchantKey } from '../kit/src/index';
import { DAY_MS } from '../../protocol/time';

export interface ShopCredentials extends MerchantKey {
  apiKey: string;
  webhookSecret: string;
  platformUrl: string;
  /** The shop owner's merchant console login, made at sign-up. */
  console?: { email: string; password: string };
}

/** A refusal the shop's owner can act on: main.ts prints its one sentence instead of a stack trace. */
export class ShopStartError extends Error {}

/** The platform's refusal of the sign-up, in a sentence that says what to do about it. */
function signUpRefusal(platformUrl: string, problem: { detail?: string }): string {
  const said = `The Pouch platform at ${platformUrl} refused the demo shop's sign-up: ${problem.detail ?? 'no reason given'}`;
  if (!problem.detail?.includes('loopback')) return said;
  return `${said} Start that platform for local development (npm run platform, with no POUCH_PUBLIC_URL; or POUCH_EGRESS_ALLOW_LOOPBACK=1), or run both with npm start.`;
}

/** A new shop's welcome: one point per yuan, and a "¥10 off ¥50" offer running for a year. */
async function openShop(platformUrl: string, apiKey: string): Promise<void> {
  const call = async (method: string, path: string, body: unknown) => {
    const response = await fetch(new URL(path, platformUrl), {
      method,
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path} failed: ${await response.text()}`);
  };
  await call('PUT', '/v1/merchant/points-program', { pointsPerUnit: 1 });
  await call('POST', '/v1/merchant/coupon-campaigns', {
    title: '¥10 off orders of ¥50',
    kind: 'threshold',
    value: 1_000,
    minSpend: 5_000,
    currency: 'CNY',
    validUntil: new Date(Date.now() + 365 * DAY_MS).toISOString(),
    quantity: 10_000,
    perUserLimit: 1,
  });
}

/**
 * The shop's Pouch credentials: read from its data folder, or obtained by signing up through the
 * platform's public self-service API on first start (or when the platform no longer knows them).
 */
export async function shopCredentials(options: {
  dataDir: string;
  platformUrl: string;
  origin: string;
  webhookUrl: string;
}): Promise<ShopCredentials> {
  const file = join(options.dataDir, 'credentials.json');
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as ShopCredentials;
    const check = await fetch(new URL('/v1/merchant/payments?limit=1', options.platformUrl), {
      headers: { authorization: `Bearer ${saved.apiKey}` },
    });
    if (saved.platformUrl === options.platformUrl && check.ok) return saved;
  }
  const login = {
    email: `owner-${randomBytes(4).toString('hex')}@demo-shop.example`,
    password: randomBytes(12).toString('base64url'),
  };
  const response = await fetch(new URL('/v1/merchants', options.platformUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'Pouch Demo Shop',
      category: 'top-ups, game cards and air tickets',
      origins: [options.origin],
      webhookUrl: options.webhookUrl,
      generateKey: true,
      console: login,
    }),
  });
  const created = await response.json();
  if (response.status !== 201) throw new ShopStartError(signUpRefusal(options.platformUrl, created));
  const credentials: ShopCredentials = {
    merchantId: created.merchantId,
    kid: created.kid,
    privateJwk: created.privateJwk,
    apiKey: created.apiKey,
    webhookSecret: created.webhookSecret,
    platformUrl: options.platformUrl,
    console: login,
  };
  writeFileSync(file, JSON.stringify(credentials, null, 1), { mode: 0o600 });
  await openShop(options.platformUrl, credentials.apiKey);
  return credentials;
}
