import { exportJWK, generateKeyPair, base64url } from 'jose';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ORIGIN_VERIFICATION_PATH } from '../../protocol/origin';
import { signCheckoutTag, type MerchantKey, type Order } from '../../merchant/kit/src/index';
import type { paths } from '../../protocol/platform-api';

/** A path as a client writes it, with its `{id}`s filled in. */
type Filled<P extends string> = P extends `${infer Head}{${string}}${infer Tail}`
  ? `${Head}${string}${Filled<Tail>}`
  : P;
/**
 * Any path the platform's OpenAPI document has (protocol/platform-api.ts, generated), with or without a
 * query string: a test calling a path the platform no longer serves fails to build.
 */
export type ApiPath = Filled<keyof paths & string> | `${Filled<keyof paths & string>}?${string}`;

/** The JSON body an operation takes, as its OpenAPI document types it: the helpers' valid bodies satisfy it. */
type BodyOf<P extends keyof paths, M extends 'post' | 'put'> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

/** Talks to a platform over HTTP as the extension does: a device key, a signed challenge, a session. */
export class TestWallet {
  token = '';
  walletId = '';
  private constructor(
    readonly baseUrl: string,
    private readonly key: CryptoKey,
    /** The wallet's PIN: sessions open with it (unlocking), so step-ups in the next minutes need no second entry. */
    readonly pin: string,
    readonly publicJwk: JsonWebKey,
  ) {}

  /** Shown once at creation (or at a join, the code the wallet already had). */
  recoveryCode = '';
  deviceId = '';

  static async create(baseUrl: string, pin = '246810'): Promise<TestWallet> {
    const wallet = await TestWallet.withNewKey(baseUrl, pin);
    const body = { devicePublicKey: wallet.publicJwk, pin } as BodyOf<'/v1/wallets', 'post'>;
    const created = await wallet.call('POST', '/v1/wallets', body);
    if (created.status !== 201) throw new Error(`wallet creation failed: ${JSON.stringify(created.body)}`);
    Object.assign(wallet, { walletId: created.body.walletId, deviceId: created.body.deviceId });
    wallet.recoveryCode = created.body.recoveryCode;
    await wallet.signIn();
    return wallet;
  }

  /**
   * A fresh browser joining a wallet: its own new device key, sent with `body` (the recovery code or a
   * link code, and the PIN) to `path`. Signed in when the platform lets it join; else the refusal.
   */
  static async join(
    baseUrl: string,
    path: '/v1/wallets/recover' | '/v1/devices/link',
    body: Record<string, unknown> & { pin: string },
  ): Promise<{ wallet: TestWallet; status: number; body: any }> {
    const wallet = await TestWallet.withNewKey(baseUrl, body.pin);
    const joined = await wallet.call('POST', path, {
      devicePublicKey: wallet.publicJwk,
      deviceName: 'Second browser',
      ...body,
    });
    if (joined.status === 201) {
      Object.assign(wallet, { walletId: joined.body.walletId, deviceId: joined.body.deviceId });
      await wallet.signIn();
    }
    return { wallet, ...joined };
  }

  private static async withNewKey(baseUrl: string, pin: string): Promise<TestWallet> {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const { kty, crv, x, y } = await exportJWK(publicKey);
    return new TestWallet(baseUrl, privateKey as CryptoKey, pin, { kty, crv, x, y });
  }

  /** The same signed-in wallet, talking to another platform process (as behind a load balancer). */
  at(baseUrl: string): TestWallet {
    const copy = new TestWallet(baseUrl, this.key, this.pin, this.publicJwk);
    Object.assign(copy, { token: this.token, walletId: this.walletId, deviceId: this.deviceId });
    return copy;
  }

  /** A fresh challenge for this wallet, signed by this browser's device key. */
  private async signedChallenge(): Promise<{ walletId: string; challenge: string; signature: string }> {
    const { body } = await this.call('POST', '/v1/sessions/challenge', { walletId: this.walletId });
    const signature = await crypto.subtle.sign(
      { name: 'ECDSA', hash: 'SHA-256' },
      this.key,
      new TextEncoder().encode(body.challenge),
    );
    return {
      walletId: this.walletId,
      challenge: body.challenge,
      signature: base64url.encode(new Uint8Array(signature)),
    };
  }

  /** Unlocks: a challenge signed by the device key, and the PIN. */
  async signIn(pin = this.pin): Promise<{ status: number; body: any }> {
    const session = await this.call('POST', '/v1/sessions', {
      ...(await this.signedChallenge()),
      pin,
    } satisfies BodyOf<'/v1/sessions', 'post'>);
    if (session.status === 200) this.token = session.body.token;
    return session;
  }

  /**
   * Unlocks with a passkey: `assert` signs the challenge (as the browser's authenticator would), the
   * device key signs it too.
   */
  async signInWithPasskey(
    assert: (challenge: string) => Promise<unknown>,
    extra: Record<string, unknown> = {},
  ): Promise<{ status: number; body: any }> {
    const signed = await this.signedChallenge();
    const body = { ...signed, passkey: await assert(signed.challenge), ...extra };
    const session = await this.call('POST', '/v1/sessions', body);
    if (session.status === 200) this.token = session.body.token;
    return session;
  }

  /** Forgot the PIN: this browser's key and the recovery code set a new one, and unlock. */
  async resetPin(recoveryCode: string, newPin: string): Promise<{ status: number; body: any }> {
    const session = await this.call('POST', '/v1/sessions/pin-reset', {
      ...(await this.signedChallenge()),
      recoveryCode,
      newPin,
    } satisfies BodyOf<'/v1/sessions/pin-reset', 'post'>);
    if (session.status === 200) this.token = session.body.token;
    return session;
  }

  async call(
    method: string,
    path: ApiPath,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: any; headers: Headers }> {
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: {
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(this.token && { authorization: `Bearer ${this.token}` }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
  }

  async addCard(number = '6200000000000005'): Promise<string> {
    const { status, body } = await this.call('POST', '/v1/wallet/cards', {
      number,
      expMonth: 12,
      expYear: 2030,
      holder: 'Li Lei',
      cvc: '123',
    } satisfies BodyOf<'/v1/wallet/cards', 'post'>);
    if (status !== 201) throw new Error(`card failed: ${JSON.stringify(body)}`);
    return body.token;
  }

  topUp(cardToken: string, amount: number, key = randomUUID()) {
    return this.call(
      'POST',
      '/v1/wallet/topups',
      { cardToken, amount: { amount, currency: 'CNY' } } satisfies BodyOf<'/v1/wallet/topups', 'post'>,
      { 'idempotency-key': key },
    );
  }

  pay(tag: string, options: { funding?: unknown; pin?: string; key?: string } = {}) {
    return this.call(
      'POST',
      '/v1/payments',
      { tag, funding: options.funding ?? { type: 'balance' }, ...(options.pin && { pin: options.pin }) },
      { 'idempotency-key': options.key ?? randomUUID() },
    );
  }

  /** Signs in with Pouch at a shop, as the consent window does: the reply holds the ID token. */
  login(merchant: { merchantId: string; origin: string }, nonce: string, consent = true) {
    return this.call('POST', '/v1/wallet/logins', {
      merchantId: merchant.merchantId,
      origin: merchant.origin,
      nonce,
      consent,
    } satisfies BodyOf<'/v1/wallet/logins', 'post'>);
  }

  async balance(): Promise<number> {
    const { body } = await this.call('GET', '/v1/wallet');
    return body.balances.find((b: { currency: string }) => b.currency === 'CNY')?.amount ?? 0;
  }
}

export interface TestMerchant extends MerchantKey {
  apiKey: string;
  webhookSecret: string;
  origin: string;
  site: OriginServer;
  tag(order: Partial<Order>): Promise<string>;
  call(
    method: string,
    path: ApiPath,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any }>;
}

/** A shop's own web server on this machine: its verification file, and any pages a test puts there. */
export interface OriginServer {
  origin: string;
  /** Serves `file` as the verification file; null takes it down (the shop left, or lost the origin). */
  serve(file: unknown): void;
  page(path: string, html: string): void;
  close(): void;
}

/**
 * A shop's own web server, as far as Pouch sees it. Each merchant gets one (an origin belongs to one
 * merchant), on a port of this machine, named `host` in its origin.
 */
export async function startOriginServer(host = 'localhost'): Promise<OriginServer> {
  let body = '';
  const pages = new Map<string, string>();
  const server = createServer((request, response) => {
    const page = pages.get(request.url ?? '');
    if (page) return void response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    const found = request.url === ORIGIN_VERIFICATION_PATH && body;
    response.writeHead(found ? 200 : 404, { 'content-type': 'application/json' }).end(found ? body : '{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${host}:${port}`,
    serve: (file) => (body = file === null ? '' : JSON.stringify(file)),
    page: (path, html) => void pages.set(path, html),
    close: () => server.close(),
  };
}

/**
 * Signs a merchant up through the public self-service API, proves its origin (a real server on this
 * machine serving the verification file, fetched by the platform) unless `verify: false`, and gives
 * it a tag signer.
 */
export async function signUpMerchant(
  baseUrl: string,
  options: {
    webhookUrl?: string;
    name?: string;
    verify?: boolean;
    host?: string;
    /** A console login for the shop too. */
    console?: { email: string; password: string };
  } = {},
): Promise<TestMerchant> {
  const site = await startOriginServer(options.host);
  const origin = site.origin;
  const response = await fetch(new URL('/v1/merchants', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: options.name ?? 'Demo Shop',
      category: 'mobile top-up',
      origins: [origin],
      webhookUrl: options.webhookUrl ?? 'http://127.0.0.1:9/webhook',
      generateKey: true,
      ...(options.console && { console: options.console }),
    }),
  });
  const created = await response.json();
  if (response.status !== 201) throw new Error(`sign-up failed: ${JSON.stringify(created)}`);
  const key: MerchantKey = { merchantId: created.merchantId, kid: created.kid, privateJwk: created.privateJwk };
  site.serve(created.origins[0].verificationFile);
  const merchant: TestMerchant = {
    ...key,
    apiKey: created.apiKey,
    webhookSecret: created.webhookSecret,
    origin,
    site,
    tag: (order) =>
      signCheckoutTag(key, {
        origin,
        orderId: randomUUID(),
        amount: 12_800,
        currency: 'CNY',
        label: '¥128 phone top-up',
        ...order,
      }),
    async call(method, path, body, headers = {}) {
      const r = await fetch(new URL(path, baseUrl), {
        method,
        headers: {
          authorization: `Bearer ${created.apiKey}`,
          ...(body !== undefined && { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await r.text();
      return { status: r.status, body: text ? JSON.parse(text) : null };
    },
  };
  if (options.verify !== false) {
    const verified = await merchant.call('POST', '/v1/merchant/origins/verify', { origin });
    if (verified.status !== 200) throw new Error(`origin verification failed: ${JSON.stringify(verified.body)}`);
  }
  return merchant;
}
