import { requestBankAccount } from '../../platform/settlement/bank-account';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, startTestPlatform, type TestPlatform } from '../support/platform';

describe.each(BACKENDS)('merchant console sessions on %s', (backend) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(backend);
  });
  afterAll(() => platform?.close());

  const post = (path: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${platform.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: platform.url, 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form),
    });
  const cookieOf = (response: Response) => /pouch_console=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
  const signUpForm = {
    name: 'Session Shop',
    category: 'games',
    origins: 'https://session-shop.example\n  https://m.session-shop.example  ',
    webhookUrl: 'https://session-shop.example/hook',
    email: 'Owner@Session-Shop.example',
    password: 'a long enough password',
  };

  it('opens a shop and a session in one step; the merchant and its login exist together or not at all', async () => {
    const created = await post('/console/sign-up', signUpForm);
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    expect(created.headers.get('x-frame-options')).toBe('DENY');
    expect(created.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(created.headers.get('content-security-policy')).toContain("script-src 'self';");
    expect(created.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    expect(created.headers.get('set-cookie')).toMatch(/SameSite=Strict/i);
    const logins = await platform.platform.db
      .selectFrom('console_logins')
      .innerJoin('merchants', 'merchants.id', 'console_logins.merchant_id')
      .select(['email', 'password_hash', 'merchants.id'])
      .execute();
    expect(logins).toEqual([
      {
        email: 'owner@session-shop.example',
        password_hash: expect.stringMatching(/^\$argon2id\$/),
        id: expect.any(String),
      },
    ]);
    const origins = await platform.platform.db
      .selectFrom('merchant_origins')
      .select(['origin', 'status'])
      .where('merchant_id', '=', logins[0]!.id)
      .orderBy('origin')
      .execute();
    expect(origins).toEqual([
      { origin: 'https://m.session-shop.example', status: 'pending' },
      { origin: 'https://session-shop.example', status: 'pending' },
    ]);

    const refused = await post('/console/sign-up', { ...signUpForm, webhookUrl: 'not a url', email: 'x@y.example' });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('expected an http(s) URL');
    expect(await platform.platform.db.selectFrom('merchants').select('id').execute()).toHaveLength(1);
  });

  it('signs in with the password only, and a session reaches only console pages', async () => {
    expect((await post('/console/sign-in', { email: signUpForm.email, password: 'wrong' })).status).toBe(401);
    expect((await post('/console/sign-in', { email: 'nobody@x.example', password: 'wrong' })).status).toBe(401);
    const signedIn = await post('/console/sign-in', { email: signUpForm.email, password: signUpForm.password });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe('/console/overview');
    const cookie = `pouch_console=${cookieOf(signedIn)}`;
    const page = await fetch(`${platform.url}/console/payments`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Session Shop');
    // The console cookie is not an API credential.
    expect((await fetch(`${platform.url}/v1/merchant/payments`, { headers: { cookie } })).status).toBe(401);

    await post('/console/sign-out', {}, { cookie });
    const after = await fetch(`${platform.url}/console/payments`, { headers: { cookie }, redirect: 'manual' });
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toBe('/console/sign-in');
  });

  it.each([
    '/console/overview',
    '/console/payments',
    '/console/loyalty',
    '/console/messages',
    '/console/payouts',
    '/console/keys',
  ])('sends a visitor without a session from %s to sign in', async (path) => {
    const response = await fetch(`${platform.url}${path}`, { redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/console/sign-in');
  });

  it('rotates the API key after saying what will happen: the new one is shown once, both work during the grace period', async () => {
    const signedIn = await post('/console/sign-in', { email: signUpForm.email, password: signUpForm.password });
    const cookie = `pouch_console=${cookieOf(signedIn)}`;
    const keyHash = () => platform.platform.db.selectFrom('merchants').select('api_key_hash').executeTakeFirstOrThrow();
    const before = await keyHash();
    // Not reviewed: nothing rotates, the review is where it goes.
    const unreviewed = await post('/console/keys/rotate/api-key', {}, { cookie });
    expect(unreviewed.status).toBe(303);
    expect(unreviewed.headers.get('location')).toBe('/console/keys/rotate/api-key');
    expect(await keyHash()).toEqual(before);
    const review = await (await fetch(`${platform.url}/console/keys/rotate/api-key`, { headers: { cookie } })).text();
    expect(review).toContain('Your current API key keeps working until');
    expect(review).not.toContain('stops working now');

    const rotated = await post('/console/keys/rotate/api-key', { reviewed: 'yes' }, { cookie });
    expect(rotated.status).toBe(200);
    expect(rotated.headers.get('cache-control')).toBe('no-store');
    const apiKey = /data-testid="rotated-secret">(sk_[^<]+)</.exec(await rotated.text())?.[1];
    expect(apiKey).toMatch(/^sk_/);
    const me = await fetch(`${platform.url}/v1/merchant/payments`, { headers: { authorization: `Bearer ${apiKey}` } });
    expect(me.status).toBe(200);
    const again = await fetch(`${platform.url}/console/keys`, { headers: { cookie } });
    expect(await again.text()).not.toContain(apiKey!);
    // A second rotation within the grace ends the first key at once: the review says so first.
    const second = await (await fetch(`${platform.url}/console/keys/rotate/api-key`, { headers: { cookie } })).text();
    expect(second).toContain('you replaced before stops working now');
  });

  it('opens on an origin whose check failed, with the reason and where to verify it', async () => {
    const signedIn = await post('/console/sign-in', { email: signUpForm.email, password: signUpForm.password });
    const cookie = `pouch_console=${cookieOf(signedIn)}`;
    const home = async () => (await fetch(`${platform.url}/console/overview`, { headers: { cookie } })).text();
    expect(await home()).not.toContain('Needs your attention');
    await platform.platform.db
      .updateTable('merchant_origins')
      .set({ last_error: 'the file answered 404.' })
      .where('origin', '=', 'https://session-shop.example')
      .execute();
    const page = await home();
    expect(page).toContain('Needs your attention');
    expect(page).toContain('https://session-shop.example is not verified: the file answered 404. Pouch does not pay');
    await platform.platform.db.updateTable('merchant_origins').set({ last_error: null }).execute();
  });

  it('sends a resent delivery back only to a console page, never to another site', async () => {
    const signedIn = await post('/console/sign-in', { email: signUpForm.email, password: signUpForm.password });
    const cookie = `pouch_console=${cookieOf(signedIn)}`;
    expect((await post('/console/webhooks/test', {}, { cookie })).headers.get('location')).toBe(
      '/console/keys?done=test-sent',
    );
    const { id } = await platform.platform.db
      .selectFrom('webhook_deliveries')
      .select('id')
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    for (const [back, to] of [
      ['/console/keys', '/console/keys'],
      ['https://evil.example/console/keys', '/console/keys'],
      ['//evil.example', '/console/keys'],
      ['/console/../login', '/console/keys'],
    ]) {
      const resent = await post(`/console/deliveries/${id}/resend`, { back: back! }, { cookie });
      expect(resent.headers.get('location'), back).toBe(`${to}?done=resent`);
    }
  });

  it('changes the bank account only with the console password again', async () => {
    const signedIn = await post('/console/sign-in', { email: signUpForm.email, password: signUpForm.password });
    const cookie = `pouch_console=${cookieOf(signedIn)}`;
    const first = await post(
      '/console/payouts/bank-account',
      { holder: 'Shop', accountNumber: '12345678' },
      { cookie },
    );
    expect(first.status).toBe(303);
    const change = { holder: 'Someone Else', accountNumber: '87654321' };
    const refused = await post(
      '/console/payouts/bank-account',
      { ...change, password: 'a wrong password' },
      { cookie },
    );
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('expected your console password');
    const changed = await post(
      '/console/payouts/bank-account',
      { ...change, password: signUpForm.password },
      { cookie },
    );
    expect(changed.status).toBe(303);
    const page = await (await fetch(`${platform.url}/console/payouts`, { headers: { cookie } })).text();
    expect(page).toContain('account ending 4321');
    expect(page).toContain('payouts wait until');
  });

  it('confirms a bank account change asked for with the API key only with the console password', async () => {
    const signedIn = await post('/console/sign-in', { email: signUpForm.email, password: signUpForm.password });
    const cookie = `pouch_console=${cookieOf(signedIn)}`;
    const login = await platform.platform.db
      .selectFrom('console_logins')
      .select('merchant_id')
      .where('email', '=', signUpForm.email.toLowerCase())
      .executeTakeFirstOrThrow();
    const asked = await requestBankAccount(platform.platform, login.merchant_id, {
      holder: 'A Thief',
      accountNumber: '99990000',
    });
    expect(asked.status).toBe(202);
    const { confirmationId } = asked.body as { confirmationId: string };
    const listed = await (await fetch(`${platform.url}/console/payouts`, { headers: { cookie } })).text();
    expect(listed).toContain('Your API key asked to send payouts to A Thief, account ending 0000.');
    const wrong = await post(
      '/console/payouts/bank-account/confirm',
      { confirmationId, password: 'guess' },
      { cookie },
    );
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('expected your console password, to confirm where payouts go');
    const unknown = await post(
      '/console/payouts/bank-account/confirm',
      { confirmationId: 'bac_nope', password: signUpForm.password },
      { cookie },
    );
    expect(await unknown.text()).toContain('No pending bank account change has this id');
    const confirmed = await post(
      '/console/payouts/bank-account/confirm',
      { confirmationId, password: signUpForm.password },
      { cookie },
    );
    expect(confirmed.status).toBe(303);
    const page = await (await fetch(`${platform.url}/console/payouts`, { headers: { cookie } })).text();
    expect(page).toContain('account ending 0000');
    expect(page).not.toContain('Your API key asked');
  });

  it('slows password guessing per account, whatever the address, and tells the owner how many there were', async () => {
    const guess = (email: string, i: number) =>
      post('/console/sign-in', { email, password: `wrong ${i}` }, { 'x-forwarded-for': `203.0.113.${i}` });
    for (const email of [signUpForm.email, 'nobody@nowhere.example']) {
      const replies = [];
      for (let i = 0; i < 5; i++) replies.push(await guess(email, i));
      // The same for an email no console has: the wait tells nothing about which emails exist.
      expect(replies.map((r) => r.status)).toEqual([401, 401, 401, 401, 429]);
      expect(replies[4]!.headers.get('retry-after')).toMatch(/^[12]$/);
      expect(await replies[4]!.text()).toContain('Too many wrong passwords for this email: try again in');
    }
    // Sent at once, guesses are counted before any is checked: only the free ones and one more get a verdict.
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => guess('burst@nowhere.example', i)));
    expect(burst.filter((r) => r.status === 401)).toHaveLength(4);
    expect(burst.filter((r) => r.status === 429)).toHaveLength(16);
    // Even the right password waits its turn; once the wait is over (moved on here), it signs in.
    const early = await post('/console/sign-in', { email: signUpForm.email, password: signUpForm.password });
    expect(early.status).toBe(429);
    await platform.platform.db
      .updateTable('console_sign_in_failures')
      .set({ next_try_at: new Date(Date.now() - 1) })
      .execute();
    const signedIn = await post('/console/sign-in', { email: signUpForm.email, password: signUpForm.password });
    expect(signedIn.status).toBe(303);
    const cookie = `pouch_console=${cookieOf(signedIn)}`;
    const overview = await (await fetch(`${platform.url}/console/overview`, { headers: { cookie } })).text();
    expect(overview).toMatch(/4 wrong passwords were tried for this console since your\s+last sign-in\./);
    const next = await post('/console/sign-in', { email: signUpForm.email, password: signUpForm.password });
    const calm = await fetch(`${platform.url}/console/overview`, {
      headers: { cookie: `pouch_console=${cookieOf(next)}` },
    });
    expect(await calm.text()).not.toContain('wrong passwords');
  });

  it('refuses a form posted without this server as its origin', async () => {
    const forged = await fetch(`${platform.url}/console/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: signUpForm.email, password: signUpForm.password }),
    });
    expect(forged.status).toBe(403);
  });

  it('opens a console login with an API sign-up when asked, refusing an email already in use', async () => {
    const body = (email: string) => ({
      name: 'API Shop',
      category: 'games',
      origins: ['https://api-shop.example'],
      webhookUrl: 'https://api-shop.example/hook',
      generateKey: true,
      console: { email, password: 'twelve chars or more' },
    });
    const signUp = (email: string) =>
      fetch(`${platform.url}/v1/merchants`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body(email)),
      });
    expect((await signUp('api@api-shop.example')).status).toBe(201);
    const taken = await signUp('API@api-shop.example');
    expect(taken.status).toBe(409);
    expect(await taken.json()).toMatchObject({ code: 'email_taken', issues: [{ field: 'console.email' }] });
    const signedIn = await post('/console/sign-in', {
      email: 'api@api-shop.example',
      password: 'twelve chars or more',
    });
    expect(signedIn.status).toBe(303);
  });
});
