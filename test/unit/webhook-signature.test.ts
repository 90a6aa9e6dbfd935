import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from '../../protocol/webhook';

describe('webhook signatures', () => {
  const body = '{"id":"evt_1","type":"payment.succeeded"}';
  const now = 1_800_000_000;

  it('verifies a signature over timestamp.rawBody', async () => {
    const header = await signWebhook('whsec_test', body, now);
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(await verifyWebhookSignature('whsec_test', body, header, now + 10)).toEqual({ ok: true });
  });

  it.each([
    ['another secret', 'whsec_other', body, 0, 'signature does not match'],
    ['a changed body', 'whsec_test', body.replace('evt_1', 'evt_2'), 0, 'signature does not match'],
    ['a timestamp 301 s old', 'whsec_test', body, 301, 'outside the tolerance'],
  ])('refuses %s', async (_, secret, rawBody, age, reason) => {
    const header = await signWebhook('whsec_test', body, now);
    expect(await verifyWebhookSignature(secret, rawBody, header, now + age)).toEqual({
      ok: false,
      reason: expect.stringContaining(reason),
    });
  });

  it('refuses a missing or malformed header', async () => {
    expect(await verifyWebhookSignature('s', body, undefined, now)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('missing'),
    });
    expect(await verifyWebhookSignature('s', body, 'v1=abc', now)).toMatchObject({
      ok: false,
      reason: 'malformed signature header',
    });
  });

  it('accepts any of several v1 signatures, as during a secret rotation', async () => {
    const header = await signWebhook('whsec_new', body, now);
    const old = (await signWebhook('whsec_old', body, now)).split(',')[1];
    expect(await verifyWebhookSignature('whsec_new', body, `${header},${old}`, now)).toEqual({ ok: true });
  });
});
