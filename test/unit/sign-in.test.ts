import { describe, expect, it, vi } from 'vitest';
import { failSignIn } from '../../lib/background/handlers/sign-in';
import { handlers } from '../../lib/background/handlers';
import { createRouter } from '../../lib/background/router';
import { PlatformError, type PlatformClient } from '../../lib/platform-client';
import { contentSender, fakeContext, UI_SENDER, unlockedSession } from '../support/fake-context';
import { account, partner } from '../support/wallet-fixtures';

const NONCE = 'n0nce-n0nce-n0nce-1234';
const tag = (request: object) => JSON.stringify(request);
const good = tag({ merchantId: 'm_shop', nonce: NONCE });

async function setup(platform: Partial<PlatformClient> = {}) {
  const ctx = fakeContext({ directory: async () => ({ etag: null, partners: null }), ...platform });
  const db = await ctx.db();
  await db.put('account', account, 'self');
  await db.put('directory', partner);
  await ctx.sessions.set(unlockedSession(account.walletId, 'session'));
  const route = createRouter(handlers, ctx);
  const ask = async (message: object, sender: object = UI_SENDER) => route(message, sender);
  return { ctx, ask };
}

const consentRequired = () =>
  Promise.reject(new PlatformError(403, 'consent_required', 'The user has not agreed to sign in to this site.'));

describe('sign-in tags', () => {
  it.each([
    ['not JSON', '{merchantId', 'request'],
    ['no nonce', tag({ merchantId: 'm_shop' }), 'nonce'],
    ['a short nonce', tag({ merchantId: 'm_shop', nonce: 'abc' }), 'nonce'],
    ['an extra field', tag({ merchantId: 'm_shop', nonce: NONCE, returnTo: 'https://evil.example' }), '(message)'],
  ])('refuses %s, naming the field', async (_, request, field) => {
    const { ask } = await setup();
    const reply = await ask({ type: 'sign-in.tag', request }, contentSender());
    expect(reply).toMatchObject({ ok: false, error: { code: 'sign_in_refused', reason: 'invalid_request' } });
    expect(!reply.ok && reply.error.issues?.map((i) => i.field)).toContain(field);
  });

  it('refuses a merchant the directory does not know, and a page on an origin the partner did not register', async () => {
    const { ask } = await setup();
    const unknown = await ask(
      { type: 'sign-in.tag', request: tag({ merchantId: 'm_x', nonce: NONCE }) },
      contentSender(),
    );
    expect(unknown).toMatchObject({ ok: false, error: { reason: 'not_a_partner' } });
    const copy = await ask({ type: 'sign-in.tag', request: good }, contentSender('https://shop.example.evil'));
    expect(copy).toMatchObject({ ok: false, error: { reason: 'wrong_origin' } });
  });

  it('answers a partner page with the directory name and the nonce to match results by', async () => {
    const { ask } = await setup();
    expect(await ask({ type: 'sign-in.tag', request: good }, contentSender())).toEqual({
      ok: true,
      data: { merchantName: 'Demo Shop', nonce: NONCE },
    });
  });

  it('is only for pages: the popup cannot start a sign-in', async () => {
    const { ask } = await setup();
    expect(await ask({ type: 'sign-in.start', request: good })).toMatchObject({
      ok: false,
      error: { code: 'forbidden_sender' },
    });
  });
});

describe('sign-in.start and consent', () => {
  it('asks a connected site that wants details in the window, and shares only what it asked', async () => {
    const signIn = vi.fn(async () => ({ idToken: 'id.token.jwt', expiresAt: '', subject: 'pw_1' }));
    const sharing = vi.fn(async () => ({ addresses: [], contact: { email: 'li.lei@example.com' } }));
    const { ctx, ask } = await setup({ signIn, sharing });
    const request = tag({ merchantId: 'm_shop', nonce: NONCE, scope: ['contact'] });
    const started = await ask({ type: 'sign-in.start', request }, contentSender());
    expect(signIn).not.toHaveBeenCalled();
    expect(ctx.windows.size).toBe(1);
    const signInId = started.ok ? (started.data as { signInId: string }).signInId : '';
    const loaded = await ask({ type: 'sign-in.load', signInId });
    expect(loaded).toMatchObject({
      ok: true,
      data: { scope: ['contact'], sharing: { contact: { email: 'li.lei@example.com' } } },
    });
    const unasked = await ask({ type: 'sign-in.approve', signInId, share: { addressId: 'adr_1', contact: true } });
    expect(unasked).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(signIn).not.toHaveBeenCalled();
    await ask({ type: 'sign-in.approve', signInId, share: { contact: true } });
    expect(signIn).toHaveBeenCalledWith(
      'session',
      expect.objectContaining({ consent: true, share: { contact: true } }),
    );
  });

  it('signs a connected site in at once, without a window', async () => {
    const signIn = vi.fn(async () => ({ idToken: 'id.token.jwt', expiresAt: '', subject: 'pw_1' }));
    const { ctx, ask } = await setup({ signIn });
    const reply = await ask({ type: 'sign-in.start', request: good }, contentSender());
    expect(reply.ok).toBe(true);
    expect(signIn).toHaveBeenCalledWith('session', {
      merchantId: 'm_shop',
      origin: 'https://shop.example',
      nonce: NONCE,
      consent: false,
    });
    expect(ctx.windows.size).toBe(0);
    expect(ctx.told).toEqual([
      { tabId: 7, result: { type: 'sign-in.result', nonce: NONCE, outcome: 'signed-in', idToken: 'id.token.jwt' } },
    ]);
  });

  it('asks in an extension window when the site is not connected, and signs in with consent once approved', async () => {
    const signIn = vi.fn<PlatformClient['signIn']>(consentRequired);
    const { ctx, ask } = await setup({ signIn });
    const started = await ask({ type: 'sign-in.start', request: good }, contentSender());
    const signInId = started.ok ? (started.data as { signInId: string }).signInId : '';
    expect([...ctx.windows.values()]).toEqual([`/sign-in.html?id=${signInId}`]);
    expect(ctx.told).toEqual([]);
    expect(await ask({ type: 'sign-in.load', signInId })).toEqual({
      ok: true,
      data: {
        signInId,
        merchantId: 'm_shop',
        merchantName: 'Demo Shop',
        origin: 'https://shop.example',
        state: 'asking',
        scope: [],
        sharing: null,
      },
    });

    signIn.mockResolvedValueOnce({ idToken: 'id.token.jwt', expiresAt: '', subject: 'pw_1' });
    const approved = await ask({ type: 'sign-in.approve', signInId });
    expect(approved).toMatchObject({ ok: true, data: { state: 'signed-in' } });
    expect(signIn).toHaveBeenLastCalledWith('session', expect.objectContaining({ consent: true }));
    expect(ctx.told.map((t) => t.result)).toEqual([
      { type: 'sign-in.result', nonce: NONCE, outcome: 'signed-in', idToken: 'id.token.jwt' },
    ]);
    // A second approval (a double click) asks the platform nothing more.
    await ask({ type: 'sign-in.approve', signInId });
    expect(signIn).toHaveBeenCalledTimes(2);
  });

  it('keeps the consent open when the platform is unreachable, so the user can try again', async () => {
    const signIn = vi.fn<PlatformClient['signIn']>(consentRequired);
    const { ctx, ask } = await setup({ signIn });
    const started = await ask({ type: 'sign-in.start', request: good }, contentSender());
    const signInId = started.ok ? (started.data as { signInId: string }).signInId : '';
    signIn.mockRejectedValueOnce(new PlatformError(0, 'platform_unreachable', 'no answer'));
    expect(await ask({ type: 'sign-in.approve', signInId })).toMatchObject({
      ok: false,
      error: { code: 'platform_unreachable' },
    });
    expect((await ctx.signIns.get(signInId))?.state).toBe('asking');
    expect(ctx.told).toEqual([]);
  });

  it('tells the page "cancelled" once when the window closes unanswered, and nothing after a sign-in', async () => {
    const { ctx, ask } = await setup({ signIn: consentRequired });
    const started = await ask({ type: 'sign-in.start', request: good }, contentSender());
    const signIn = (await ctx.signIns.get(started.ok ? (started.data as { signInId: string }).signInId : ''))!;
    await failSignIn(ctx, signIn, 'cancelled');
    await failSignIn(ctx, signIn, 'cancelled');
    expect(ctx.told.map((t) => t.result)).toEqual([
      { type: 'sign-in.result', nonce: NONCE, outcome: 'failed', reason: 'cancelled' },
    ]);
  });

  it('reports a platform refusal to the page and the caller alike', async () => {
    const { ctx, ask } = await setup({
      signIn: () =>
        Promise.reject(new PlatformError(422, 'wrong_origin', 'This page is not one the partner registered.')),
    });
    const reply = await ask({ type: 'sign-in.start', request: good }, contentSender());
    expect(reply).toMatchObject({ ok: false, error: { code: 'sign_in_refused', reason: 'platform_error' } });
    expect(ctx.told.map((t) => t.result)).toEqual([
      { type: 'sign-in.result', nonce: NONCE, outcome: 'failed', reason: 'platform_error' },
    ]);
  });

  it('needs a wallet', async () => {
    const { ctx, ask } = await setup();
    await (await ctx.db()).delete('account', 'self');
    expect(await ask({ type: 'sign-in.start', request: good }, contentSender())).toMatchObject({
      ok: false,
      error: { code: 'no_wallet' },
    });
  });
});
