import type { PlatformConfig } from '../../platform/config';

/** A platform set up for tests and benchmarks: in-memory PGlite, generous rate limits, fast retries. */
export function testConfig(overrides: Partial<PlatformConfig> = {}): PlatformConfig {
  return {
    dataDir: 'memory://',
    publicUrl: '',
    rateLimits: { walletCreation: 10_000, merchantSignup: 10_000, consoleSignIn: 10_000 },
    trustedProxies: [],
    egress: { allowLoopback: true },
    originRecheckMs: 86_400_000,
    cardNetworkTimeoutMs: 200,
    abandonedChargeMs: 60_000,
    escrowHoldMs: 7 * 86_400_000,
    webhooks: { pollMs: 50, firstRetryMs: 100, maxRetryMs: 1_000, giveUpAfterMs: 60_000 },
    ...overrides,
  };
}
