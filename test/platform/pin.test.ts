import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, startTestPlatform, type TestPlatform } from '../support/platform';
import { signUpMerchant, TestWallet, type TestMerchant } from '../support/wallet-client';

describe.each(BACKENDS)('PIN guesses on %s', (backend) => {
  let platform: TestPlatform;
  let merchant: TestMerchant;

  beforeAll(async () => {
    platform = await startTestPlatform(backend);
    merchant = await signUpMerchant(platform.url);
  });
  afterAll(() => platform?.close());

  it('gives 50 parallel wrong guesses at most five verdicts, then only pin_locked', async () => {
    const wallet = await TestWallet.create(platform.url, '246810');
    const tags = await Promise.all(Array.from({ length: 50 }, () => merchant.tag({ amount: 50_000 })));
    const answers = await Promise.all(tags.map((tag, i) => wallet.pay(tag, { pin: String(100_000 + i) })));
    const codes = answers.map((a) => a.body.code as string);
    const verdicts = codes.filter((c) => c === 'pin_incorrect').length;
    expect(verdicts).toBeLessThanOrEqual(4);
    expect(codes.filter((c) => c !== 'pin_incorrect' && c !== 'pin_locked')).toEqual([]);
    expect(codes.filter((c) => c === 'pin_locked').length).toBeGreaterThanOrEqual(46);
    // Locked means locked: the right PIN does not get through either.
    const right = await wallet.pay(await merchant.tag({ amount: 50_000 }), { pin: '246810' });
    expect(right.body.code).toBe('pin_locked');
  });
});
