import { describe, expect, it, vi } from 'vitest';
import { handlers } from '../../lib/background/handlers';
import { checkNews, NEWS_ALARM, NEWS_CHECK_MINUTES } from '../../lib/background/news-alerts';
import { createRouter } from '../../lib/background/router';
import type { PlatformClient } from '../../lib/platform-client';
import { fakeContext, UI_SENDER, unlockedSession } from '../support/fake-context';
import { account } from '../support/wallet-fixtures';

const message = (id: string, text: string) => ({
  id,
  merchantId: 'm_shop',
  merchantName: 'Demo Shop',
  text,
  receivedAt: '2026-11-24T11:00:00Z',
  read: false,
});

async function setup(messages: ReturnType<typeof message>[]) {
  const platform = { messages: vi.fn<PlatformClient['messages']>(async () => ({ items: messages })) };
  const ctx = fakeContext(platform);
  await (await ctx.db()).put('account', account, 'self');
  await ctx.sessions.set(unlockedSession(account.walletId, 'session'));
  const route = createRouter(handlers, ctx);
  return { ctx, platform, ask: (m: object) => route(m, UI_SENDER) };
}

describe('news alerts', () => {
  it('are off until the user turns them on, and then ask nothing of the platform', async () => {
    const { ctx, platform, ask } = await setup([message('msg_1', 'Sale')]);
    expect(await ask({ type: 'wallet.overview' })).toMatchObject({ ok: true, data: { newsAlerts: false } });
    expect(await checkNews(ctx)).toBe(0);
    expect(platform.messages).not.toHaveBeenCalled();
    expect(ctx.scheduled.size).toBe(0);
  });

  it('once on, check on a schedule and notify each new message once', async () => {
    const { ctx, platform, ask } = await setup([message('msg_1', 'Sale')]);
    expect(await ask({ type: 'settings.newsAlerts', on: true })).toEqual({ ok: true, data: { newsAlerts: true } });
    expect(ctx.scheduled.get(NEWS_ALARM)).toBe(NEWS_CHECK_MINUTES);
    expect(await checkNews(ctx)).toBe(1);
    expect(ctx.notified).toEqual([{ id: 'msg_1', title: 'Demo Shop', text: 'Sale' }]);

    platform.messages.mockResolvedValue({ items: [message('msg_2', 'New arrivals'), message('msg_1', 'Sale')] });
    expect(await checkNews(ctx)).toBe(1);
    expect(ctx.notified.map((n) => n.id)).toEqual(['msg_1', 'msg_2']);
    expect(await ask({ type: 'wallet.overview' })).toMatchObject({
      ok: true,
      data: { unreadCount: 2, newsAlerts: true },
    });

    await ask({ type: 'settings.newsAlerts', on: false });
    expect(ctx.scheduled.size).toBe(0);
    expect(await checkNews(ctx)).toBe(0);
  });

  it('refuses a setting that is not a boolean, naming the field', async () => {
    const { ask } = await setup([]);
    expect(await ask({ type: 'settings.newsAlerts', on: 'yes' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', issues: [{ field: 'on' }] },
    });
  });
});
