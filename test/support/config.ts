import type { PlatformConfig } from '../../platform/config';

/** One key-encryption key for every test platform, so processes sharing a database open each other's secrets. */
export const TEST_SECRET_KEY_TEXT = 'cG91Y2gtdGVzdC1zZWNyZXQta2V5LTMyLWJ5dGVzLi4';
const TEST_SECRET_KEY = Buffer.from(TEST_SECRET_KEY_TEXT, 'base64url');

/** A platform set up for tests and benchmarks: in-memory PGlite, generous rate limits, fast retries. */
export function testConfig(overrides: Partial<PlatformConfig> = {}): PlatformConfig {
  return {
    dataDir: 'memory://',
    publicUrl: '',
    rateLimits: {
      walletCreation: 10_000,
      merchantSignup: 10_000,
      consoleSignIn: 10_000,
      cardsPerDay: 10_000,
      challengesPerMinute: 10_000,
      paymentsPerMinute: 10_000,
      deviceJoins: 10_000,
    },
    trustedProxies: [],
    egress: { allowLoopback: true },
    originRecheckMs: 86_400_000,
    secretKey: TEST_SECRET_KEY,
    cardNetworkTimeoutMs: 200,
    abandonedChargeMs: 60_000,
    escrowHoldMs: 7 * 86_400_000,
    webhooks: { pollMs: 50, firstRetryMs: 100, maxRetryMs: 1_000, giveUpAfterMs: 60_000 },
    contractChecks: true,
    ...overrides,
  };
}
