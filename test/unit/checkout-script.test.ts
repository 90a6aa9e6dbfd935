import { describe, expect, it } from 'vitest';
import { partnerMatches } from '../../lib/background/checkout-script';
import { syncDirectory } from '../../lib/background/directory';
import { handlers } from '../../lib/background/handlers';
import { createRouter } from '../../lib/background/router';
import { PlatformError } from '../../lib/platform-client';
import { contentSender, fakeContext, UI_SENDER } from '../support/fake-context';
import { partner } from '../support/wallet-fixtures';

describe('where the checkout script runs', () => {
  it('matches each verified origin by scheme and host, with its port where patterns allow one', () => {
    const origins = ['https://shop.example', 'http://localhost:5173', 'https://shop.example', 'https://m.shop.example'];
    expect(partnerMatches(origins, true)).toEqual([
      'http://localhost:5173/*',
      'https://m.shop.example/*',
      'https://shop.example/*',
    ]);
    expect(partnerMatches(origins, false)).toEqual([
      'http://localhost/*',
      'https://m.shop.example/*',
      'https://shop.example/*',
    ]);
    expect(partnerMatches([], true)).toEqual([]);
  });

  it('follows the directory: a shop that joins is added, one that leaves is removed, none unregisters', async () => {
    const other = { ...partner, merchantId: 'm_other', origins: ['https://other.example'] };
    let partners = [partner];
    const ctx = fakeContext({ directory: async () => ({ etag: null, partners }) });
    await syncDirectory(ctx);
    expect(ctx.checkoutMatches).toEqual(['https://shop.example/*']);
    partners = [partner, other];
    await syncDirectory(ctx);
    expect(ctx.checkoutMatches).toEqual(['https://other.example/*', 'https://shop.example/*']);
    partners = [other];
    await syncDirectory(ctx);
    expect(ctx.checkoutMatches).toEqual(['https://other.example/*']);
    partners = [];
    await syncDirectory(ctx);
    expect(ctx.checkoutMatches).toEqual([]);
  });

  it('keeps the cached directory’s origins when the platform cannot be reached', async () => {
    let reachable = true;
    const ctx = fakeContext({
      directory: async () => {
        if (!reachable) throw new PlatformError(0, 'network_error', 'The platform could not be reached.');
        return { etag: '"v1"', partners: [partner] };
      },
    });
    await syncDirectory(ctx);
    ctx.checkoutMatches = [];
    reachable = false;
    await expect(syncDirectory(ctx)).rejects.toThrow();
    expect(ctx.checkoutMatches).toEqual(['https://shop.example/*']);
  });
});

describe('the sign-in button’s script', () => {
  async function setup() {
    const ctx = fakeContext({ directory: async () => ({ etag: null, partners: null }) });
    await (await ctx.db()).put('directory', partner);
    return { ctx, route: createRouter(handlers, ctx) };
  }

  it('is loaded into the very partner page that asked, where the browser names its document', async () => {
    const { ctx, route } = await setup();
    expect(await route({ type: 'sign-in.button' }, contentSender())).toEqual({ ok: true, data: { loaded: true } });
    const chromium = { ...contentSender(), documentId: 'doc-1' };
    expect(await route({ type: 'sign-in.button' }, chromium)).toEqual({ ok: true, data: { loaded: true } });
    expect(ctx.signInButtons).toEqual([{ tabId: 7 }, { tabId: 7, documentId: 'doc-1' }]);
  });

  it('is refused to a page on an origin no partner registered, and to extension pages', async () => {
    const { ctx, route } = await setup();
    const stranger = await route({ type: 'sign-in.button' }, contentSender('https://stranger.example'));
    expect(stranger).toMatchObject({ ok: false, error: { code: 'sign_in_refused', reason: 'not_a_partner' } });
    const popup = await route({ type: 'sign-in.button' }, UI_SENDER);
    expect(popup).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(ctx.signInButtons).toEqual([]);
  });
});
