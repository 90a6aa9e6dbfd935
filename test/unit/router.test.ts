import { describe, expect, it } from 'vitest';
import { handlers } from '../../lib/background/handlers';
import { createRouter, type Handlers } from '../../lib/background/router';
import { contentSender, fakeContext, UI_SENDER } from '../support/fake-context';

describe('message router', () => {
  const ctx = fakeContext();
  const route = createRouter(handlers, ctx);

  it.each([null, 'wallet.overview', 42, [], { kind: 'x' }, { type: 7 }])(
    'refuses a message that is not {type} (%j)',
    async (raw) => {
      const reply = await route(raw, UI_SENDER);
      expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_request', issues: [{ field: 'type' }] } });
    },
  );

  it('refuses an unknown type and lists the known ones', async () => {
    const reply = await route({ type: 'wallet.drain' }, UI_SENDER);
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('unknown_message');
    expect(reply.error.issues?.[0]?.expected).toContain('wallet.overview');
  });

  it('does not treat Object.prototype names as messages', async () => {
    const reply = await route({ type: 'constructor' }, UI_SENDER);
    expect(reply).toMatchObject({ ok: false, error: { code: 'unknown_message' } });
  });

  it('names every invalid field and what was expected', async () => {
    const reply = await route({ type: 'transactions.page', limit: 500, extra: true }, UI_SENDER);
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('invalid_request');
    const fields = reply.error.issues?.map((issue) => issue.field);
    expect(fields).toContain('limit');
    expect(reply.error.issues?.find((i) => i.field === 'limit')?.expected).toBe('expected 1 to 100');
    expect(JSON.stringify(reply.error.issues)).toContain('extra');
  });

  it('refuses a ui message from a content script', async () => {
    const reply = await route({ type: 'wallet.create', pin: '123456' }, contentSender());
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
  });

  it('refuses a content message from the popup', async () => {
    const reply = await route({ type: 'merchant.page', merchantId: 'm_1' }, UI_SENDER);
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
  });

  it("refuses senders that are not this extension's top frames", async () => {
    for (const sender of [{ ...UI_SENDER, id: 'evil' }, contentSender('https://shop.example', 2)]) {
      const reply = await route({ type: 'merchant.page', merchantId: 'm_1' }, sender);
      expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    }
  });

  it('answers a valid message with its reply', async () => {
    const reply = await route({ type: 'wallet.overview' }, UI_SENDER);
    expect(reply).toMatchObject({ ok: true, data: { account: null, balances: [], unreadCount: 0 } });
  });

  it('turns a handler crash into an internal error and keeps answering', async () => {
    const crashing = createRouter(
      {
        ...handlers,
        'wallet.overview': async () => {
          throw new TypeError('boom');
        },
      } as Handlers,
      ctx,
    );
    expect(await crashing({ type: 'wallet.overview' }, UI_SENDER)).toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
    expect(await crashing({ type: 'transactions.page' }, UI_SENDER)).toMatchObject({ ok: true });
    expect(ctx.logged.length).toBeGreaterThan(0);
  });

  it('refuses to send a reply that breaks its own schema', async () => {
    const broken = createRouter(
      { ...handlers, 'transactions.page': async () => ({ items: 'nope', nextCursor: null }) } as unknown as Handlers,
      ctx,
    );
    expect(await broken({ type: 'transactions.page' }, UI_SENDER)).toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
  });
});
