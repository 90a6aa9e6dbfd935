import { isIP } from 'node:net';
import { z } from 'zod';
import { parseSecretKey } from './crypto/secret-box';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../protocol/time';

/** How a platform process is set up; `main.ts` reads it from the environment, tests pass their own. */
export interface PlatformConfig {
  /** postgres://… ; when absent, PGlite is embedded in `dataDir`. */
  databaseUrl?: string;
  /**
   * postgres://… of a streaming replica of `databaseUrl`, for the reads that tolerate its lag (the
   * partner directory, running offers); when absent, they read the primary.
   */
  replicaUrl?: string;
  dataDir: string;
  /** The origin merchants and wallets reach this platform at; used in snippets and as receipt issuer. */
  publicUrl: string;
  /** Per client address, per hour. */
  rateLimits: {
    walletCreation: number;
    merchantSignup: number;
    consoleSignIn: number;
    /** Per wallet: card additions a day (card testing), session challenges and payments a minute. */
    cardsPerDay: number;
    challengesPerMinute: number;
    paymentsPerMinute: number;
    /** Per client address: joining a wallet by recovery code or link code, an hour. */
    deviceJoins: number;
  };
  /** Addresses of the reverse proxies in front of the platform: only they may name the client (X-Forwarded-For). */
  trustedProxies: string[];
  cardNetworkTimeoutMs: number;
  /** How long an escrow payment is held before it releases to the merchant by itself. */
  escrowHoldMs: number;
  /** A card charge still pending after this long belongs to a request that died; it is voided. */
  abandonedChargeMs: number;
  webhooks: { pollMs: number; firstRetryMs: number; maxRetryMs: number; giveUpAfterMs: number };
  /** Where the platform's own outbound calls (webhooks, origin checks) may go; see platform/egress/. */
  egress: { allowLoopback: boolean };
  /** How often a verified origin's file is fetched again. */
  originRecheckMs: number;
  /**
   * The key-encryption key for secrets at rest (POUCH_SECRET_KEY). Without it, the embedded database
   * keeps one in a 0600 file beside itself; PostgreSQL must be given one.
   */
  secretKey?: Uint8Array;
  /**
   * Keeps every answer the API reference does not describe (an undocumented refusal code, a reply its
   * schema refuses) in `platform.contractBreaches`: on in tests, which fail on any; off in service.
   */
  contractChecks?: boolean;
}

const count = (fallback: number, expected: string) =>
  z.coerce.number({ error: expected }).int(expected).positive(expected).default(fallback);

/** Every environment variable the platform reads, with what it expects; nothing else reads `process.env`. */
const Env = z.object({
  PORT: count(8787, 'expected a port number, 1 to 65535').pipe(
    z.number().max(65_535, 'expected a port number, 1 to 65535'),
  ),
  HOST: z.string().min(1, 'expected a host name or address to listen on').default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  DATABASE_REPLICA_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL of a streaming replica of DATABASE_URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  POUCH_DATA: z.string().min(1, 'expected a folder for the embedded database').default('.pouch/platform'),
  POUCH_PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'expected the http(s) URL the platform is reached at' })
    .optional(),
  POUCH_TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
    )
    .refine((list) => list.every((address) => isIP(address) !== 0), 'expected a comma-separated list of IP addresses'),
  POUCH_WALLETS_PER_HOUR: count(20, 'expected a whole number of wallet creations per address per hour'),
  POUCH_SIGNUPS_PER_HOUR: count(10, 'expected a whole number of sign-ups per address per hour'),
  POUCH_CONSOLE_SIGNINS_PER_HOUR: count(30, 'expected a whole number of console sign-ins per address per hour'),
  POUCH_CARDS_PER_DAY: count(10, 'expected a whole number of card additions per wallet per day'),
  POUCH_CHALLENGES_PER_MINUTE: count(20, 'expected a whole number of sign-in challenges per wallet per minute'),
  POUCH_PAYMENTS_PER_MINUTE: count(60, 'expected a whole number of payments per wallet per minute'),
  POUCH_DEVICE_JOINS_PER_HOUR: count(20, 'expected a whole number of recovery and link attempts per address per hour'),
  POUCH_CARD_TIMEOUT_MS: count(3_000, 'expected the card network timeout in whole milliseconds'),
  POUCH_WEBHOOK_POLL_MS: count(1_000, 'expected the webhook poll interval in whole milliseconds'),
  POUCH_WEBHOOK_FIRST_RETRY_MS: count(30_000, 'expected the first webhook retry delay in whole milliseconds'),
  POUCH_ABANDONED_CHARGE_MS: count(MINUTE_MS, 'expected whole milliseconds after which a pending card charge is void'),
  POUCH_ESCROW_DAYS: count(7, 'expected the escrow hold in whole days'),
  POUCH_SECRET_KEY: z
    .string()
    .refine(
      (value) => parseSecretKey(value) !== null,
      'expected 32 random bytes, base64url (openssl rand -base64 32 | tr "+/" "-_" | tr -d =)',
    )
    .optional(),
  POUCH_EGRESS_ALLOW_LOOPBACK: z
    .enum(['0', '1'], {
      error: 'expected 1 (local development: webhooks and origin checks may call this machine) or 0',
    })
    .optional(),
});

/**
 * Whether the platform may call this machine (webhooks and origin checks to localhost). Said outright
 * by POUCH_EGRESS_ALLOW_LOOPBACK; otherwise yes only for a local development platform — one that
 * listens on loopback and was given no public URL, so nobody but this machine reaches it anyway.
 */
function allowsLoopback(e: z.infer<typeof Env>): boolean {
  if (e.POUCH_EGRESS_ALLOW_LOOPBACK) return e.POUCH_EGRESS_ALLOW_LOOPBACK === '1';
  return !e.POUCH_PUBLIC_URL && ['127.0.0.1', '::1', 'localhost'].includes(e.HOST);
}

/**
 * How far the abandoned-charge window must exceed the card network's timeout. A payment waits for the
 * network at most that timeout, plus the database work around it; the sweeper must never void a charge
 * a live request may still capture (the capture refuses it then, but the shopper sees a refusal).
 */
const ABANDONED_CHARGE_MARGIN = 10;

/** A setting the platform cannot start with; the message names the variable and what it expects. */
export class ConfigError extends Error {}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): PlatformConfig & { port: number; host: string } {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`The platform cannot start with this environment:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  if (e.DATABASE_URL && !e.POUCH_SECRET_KEY)
    throw new ConfigError(
      'The platform cannot start with this environment:\n  POUCH_SECRET_KEY: expected a key with DATABASE_URL (32 random bytes, base64url): secrets are encrypted under a key the database does not hold',
    );
  if (e.DATABASE_REPLICA_URL && !e.DATABASE_URL)
    throw new ConfigError(
      'The platform cannot start with this environment:\n  DATABASE_REPLICA_URL: expected only with DATABASE_URL (a replica of that PostgreSQL; the embedded database has none)',
    );
  if (e.POUCH_ABANDONED_CHARGE_MS < ABANDONED_CHARGE_MARGIN * e.POUCH_CARD_TIMEOUT_MS)
    throw new ConfigError(
      `The platform cannot start with this environment:\n  POUCH_ABANDONED_CHARGE_MS: expected at least ${ABANDONED_CHARGE_MARGIN} times POUCH_CARD_TIMEOUT_MS (${ABANDONED_CHARGE_MARGIN * e.POUCH_CARD_TIMEOUT_MS} ms): a charge is voided as abandoned only when no request can still be waiting for it`,
    );
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    replicaUrl: e.DATABASE_REPLICA_URL,
    dataDir: e.POUCH_DATA,
    publicUrl: e.POUCH_PUBLIC_URL?.replace(/\/$/, '') ?? `http://localhost:${e.PORT}`,
    rateLimits: {
      walletCreation: e.POUCH_WALLETS_PER_HOUR,
      merchantSignup: e.POUCH_SIGNUPS_PER_HOUR,
      consoleSignIn: e.POUCH_CONSOLE_SIGNINS_PER_HOUR,
      cardsPerDay: e.POUCH_CARDS_PER_DAY,
      challengesPerMinute: e.POUCH_CHALLENGES_PER_MINUTE,
      paymentsPerMinute: e.POUCH_PAYMENTS_PER_MINUTE,
      deviceJoins: e.POUCH_DEVICE_JOINS_PER_HOUR,
    },
    trustedProxies: e.POUCH_TRUSTED_PROXIES,
    cardNetworkTimeoutMs: e.POUCH_CARD_TIMEOUT_MS,
    webhooks: {
      pollMs: e.POUCH_WEBHOOK_POLL_MS,
      firstRetryMs: e.POUCH_WEBHOOK_FIRST_RETRY_MS,
      maxRetryMs: 6 * HOUR_MS,
      giveUpAfterMs: 3 * DAY_MS,
    },
    abandonedChargeMs: e.POUCH_ABANDONED_CHARGE_MS,
    escrowHoldMs: e.POUCH_ESCROW_DAYS * DAY_MS,
    egress: { allowLoopback: allowsLoopback(e) },
    originRecheckMs: DAY_MS,
    ...(e.POUCH_SECRET_KEY && { secretKey: parseSecretKey(e.POUCH_SECRET_KEY)! }),
  };
}
