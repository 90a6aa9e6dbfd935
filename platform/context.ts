import type { CardNetwork } from './cards/network';
import type { PlatformConfig } from './config';
import type { SecretBox } from './crypto/secret-box';
import type { PlatformKey } from './crypto/signing-keys';
import type { DB } from './db/connect';
import type { PaymentWriter } from './payments/payment-writer';

/** What every route and domain function may use; built once per process in `app.ts`. */
export interface Platform {
  db: DB;
  /** The process's one payment writer: payments' rows written in batches (payments/payment-writer.ts). */
  payments: PaymentWriter;
  /** A streaming replica for reads that tolerate its lag (the directory, offers); `db` itself without one. */
  replica: DB;
  config: PlatformConfig;
  cards: CardNetwork;
  signingKey(): Promise<PlatformKey>;
  /** Seals and opens the secrets the database keeps (webhook secrets, signing keys). */
  box: SecretBox;
  now(): Date;
  /** Ask the webhook worker to look for due deliveries now instead of at its next poll. */
  kickWebhooks(): void;
  /** Answers the API reference does not describe, kept where `config.contractChecks` is on (platform/routes/contract.ts). */
  contractBreaches: string[];
}

export type Env = {
  Variables: {
    platform: Platform;
    walletId: string;
    deviceId: string;
    merchantId: string;
    sessionHash: string;
    /** The console page's language (`en` or `zh-CN`), set by its language detector. */
    language: string;
  };
};
