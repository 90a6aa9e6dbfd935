import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { verifyWebhook } from '../../merchant/kit/src/index';
import { signLegacyWebhook, signWebhook, webhookKey } from '../../protocol/webhook';

describe('webhook signatures (Standard Webhooks)', () => {
  // The Standard Webhooks specification's own example, also in merchant/SPEC.md.
  const vector = {
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
    timestamp: 1614265330,
    body: '{"test": 2432232314}',
    signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
  };

  it("signs the specification's test vector to its published signature", () => {
    expect(signWebhook([vector.secret], vector.id, vector.timestamp, vector.body)).toBe(vector.signature);
  });

  const event = JSON.stringify({ id: 'evt_1', type: 'payment.succeeded', createdAt: '2026-11-26T00:00:00Z', data: {} });
  const signed = (secrets: string[], at = Math.floor(Date.now() / 1000)) => ({
    'webhook-id': 'evt_1',
    'webhook-timestamp': String(at),
    'webhook-signature': signWebhook(secrets, 'evt_1', at, event),
  });

  it('is verified by the standardwebhooks library and by the kit', () => {
    const secret = `whsec_${Buffer.from('a secret of thirty-two bytes....').toString('base64')}`;
    const headers = signed([secret]);
    expect(new Webhook(secret).verify(event, headers)).toMatchObject({ id: 'evt_1' });
    expect(verifyWebhook(secret, event, new Headers(headers)).id).toBe('evt_1');
    const capitalised = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toUpperCase(), v]));
    expect(verifyWebhook(secret, event, capitalised).id).toBe('evt_1');
  });

  it('reads secrets issued before Standard Webhooks (base64url) as the same key', () => {
    const bytes = Buffer.from('?>?>?>?>?>?> url-unsafe bytes ??');
    expect(Buffer.from(webhookKey(`whsec_${bytes.toString('base64url')}`))).toEqual(bytes);
    expect(Buffer.from(webhookKey(`whsec_${bytes.toString('base64')}`))).toEqual(bytes);
  });

  it.each([
    ['another secret', { secret: 'whsec_b3RoZXI=' }, 'No matching signature'],
    ['a changed body', { body: event.replace('evt_1', 'evt_2') }, 'No matching signature'],
    ['a timestamp 301 s old', { age: 301 }, 'too old'],
    ['a missing header', { drop: 'webhook-signature' }, 'Missing required headers'],
  ])('refuses %s', (_, change: { secret?: string; body?: string; age?: number; drop?: string }, reason) => {
    const headers: Record<string, string> = signed(
      ['whsec_dGVzdA=='],
      Math.floor(Date.now() / 1000) - (change.age ?? 0),
    );
    if (change.drop) delete headers[change.drop];
    expect(() => verifyWebhook(change.secret ?? 'whsec_dGVzdA==', change.body ?? event, headers)).toThrow(reason);
  });

  it('signs under every live secret, as during a rotation, and either verifies', () => {
    const headers = signed(['whsec_bmV3', 'whsec_b2xk']);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    for (const secret of ['whsec_bmV3', 'whsec_b2xk']) expect(verifyWebhook(secret, event, headers).id).toBe('evt_1');
  });

  it('still sends the legacy Pouch-Signature for one release: hex HMAC of "t.body" per secret', async () => {
    const hex = (secret: string) => createHmac('sha256', secret).update(`1800000000.${event}`).digest('hex');
    expect(await signLegacyWebhook(['whsec_new', 'whsec_old'], event, 1_800_000_000)).toBe(
      `t=1800000000,v1=${hex('whsec_new')},v1=${hex('whsec_old')}`,
    );
  });
});
