/** How a platform process is set up; `main.ts` reads it from the environment, tests pass their own. */
export interface PlatformConfig {
  /** postgres://… ; when absent, PGlite is embedded in `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  /** The origin merchants and wallets reach this platform at; used in snippets and as receipt issuer. */
  publicUrl: string;
  /** Per client address, per hour. */
  rateLimits: { walletCreation: number; merchantSignup: number; consoleSignIn: number };
  cardNetworkTimeoutMs: number;
  /** How long an escrow payment is held before it releases to the merchant by itself. */
  escrowHoldMs: number;
  /** A card charge still pending after this long belongs to a request that died; it is voided. */
  abandonedChargeMs: number;
  webhooks: { pollMs: number; firstRetryMs: number; maxRetryMs: number; giveUpAfterMs: number };
}

export const DAY_MS = 24 * 3600 * 1000;

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): PlatformConfig & { port: number } {
  const port = Number(env.PORT ?? 8787);
  if (!Number.isInteger(port) || port <= 0 || port > 65535)
    throw new Error(`PORT must be a port number, not "${env.PORT}"`);
  return {
    port,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.POUCH_DATA ?? '.pouch/platform',
    publicUrl: env.POUCH_PUBLIC_URL ?? `http://localhost:${port}`,
    rateLimits: {
      walletCreation: Number(env.POUCH_WALLETS_PER_HOUR ?? 20),
      merchantSignup: Number(env.POUCH_SIGNUPS_PER_HOUR ?? 10),
      consoleSignIn: Number(env.POUCH_CONSOLE_SIGNINS_PER_HOUR ?? 30),
    },
    cardNetworkTimeoutMs: Number(env.POUCH_CARD_TIMEOUT_MS ?? 3_000),
    webhooks: {
      pollMs: Number(env.POUCH_WEBHOOK_POLL_MS ?? 1_000),
      firstRetryMs: Number(env.POUCH_WEBHOOK_FIRST_RETRY_MS ?? 30_000),
      maxRetryMs: 6 * 3600 * 1000,
      giveUpAfterMs: 3 * DAY_MS,
    },
    abandonedChargeMs: Number(env.POUCH_ABANDONED_CHARGE_MS ?? 60_000),
    escrowHoldMs: Number(env.POUCH_ESCROW_DAYS ?? 7) * DAY_MS,
  };
}
