import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeExpired } from '../../platform/housekeeping';
import { BACKENDS, startTestPlatform, type TestPlatform } from '../support/platform';
import { signUpMerchant, TestWallet } from '../support/wallet-client';

describe.each(BACKENDS)('housekeeping on %s', (backend) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(backend);
  });
  afterAll(() => platform?.close());

  it('deletes expired sessions, challenges, old rate-limit windows and long-expired tag ids, and nothing live', async () => {
    const db = platform.platform.db;
    const wallet = await TestWallet.create(platform.url);
    const merchant = await signUpMerchant(platform.url);
    expect((await wallet.topUp(await wallet.addCard(), 1_000)).status).toBe(201);
    expect((await wallet.pay(await merchant.tag({ amount: 100 }))).status).toBe(201);
    const count = async () => ({
      sessions: (await db.selectFrom('sessions').select('token_hash').execute()).length,
      usedTags: (await db.selectFrom('used_tags').select('jti').execute()).length,
      rateLimits: (await db.selectFrom('rate_limits').select('bucket').execute()).length,
    });
    const live = await count();
    expect(live.sessions).toBeGreaterThan(0);
    expect(live.usedTags).toBe(1);
    expect(live.rateLimits).toBeGreaterThan(0);

    // Now: everything is live.
    await purgeExpired(db, new Date());
    expect(await count()).toEqual(live);
    // Two days on: sessions (hours), the tag (15 minutes) and the hour's rate-limit window are all past.
    expect(await purgeExpired(db, new Date(Date.now() + 2 * 86_400_000))).toBeGreaterThanOrEqual(3);
    expect(await count()).toEqual({ sessions: 0, usedTags: 0, rateLimits: 0 });
    // The wallet signs in again as usual.
    await wallet.signIn();
    expect((await wallet.call('GET', '/v1/wallet')).status).toBe(200);
  });

  it('deletes sessions idle past their auto-lock time and expired link codes, keeping live ones', async () => {
    const db = platform.platform.db;
    const idle = await TestWallet.create(platform.url);
    const linking = await TestWallet.create(platform.url);
    expect((await linking.call('POST', '/v1/wallet/link-codes', {})).status).toBe(201);
    const sessionsOf = (walletId: string) =>
      db.selectFrom('sessions').select('token_hash').where('wallet_id', '=', walletId).execute();
    // Twenty minutes on: past the default fifteen idle minutes, short of the session's twelve hours.
    await purgeExpired(db, new Date(Date.now() + 5 * 60_000));
    expect(await sessionsOf(idle.walletId)).toHaveLength(1);
    expect(await db.selectFrom('link_codes').selectAll().execute()).toHaveLength(1);
    await purgeExpired(db, new Date(Date.now() + 20 * 60_000));
    expect(await sessionsOf(idle.walletId)).toEqual([]);
    expect(await sessionsOf(linking.walletId)).toEqual([]);
    expect(await db.selectFrom('link_codes').selectAll().execute()).toEqual([]);
  });
});
