import { z } from 'zod';
import {
  ChallengeSchema,
  ChallengeBodySchema,
  PinChangeBodySchema,
  PinResetBodySchema,
  RecoveryCodeViewSchema,
  StepUpBodySchema,
  CreateWalletBodySchema,
  LimitBodySchema,
  LimitViewSchema,
  SessionSchema,
  SessionBodySchema,
  TransactionListSchema,
  WalletCreatedSchema,
  WalletSnapshotSchema,
} from '../../protocol/api';
import { clientAddress } from '../auth';
import { MINUTE_MS } from '../../protocol/time';
import { rateLimit } from '../rate-limit';
import { changePin, requireFreshPin } from '../wallets/pin';
import { resetPin } from '../wallets/pin-reset';
import { renewRecoveryCode } from '../wallets/recovery';
import { endSession, issueChallenge, openSession } from '../wallets/sessions';
import { createWallet, setPasswordFreeLimit, walletSnapshot, walletTransactions } from '../wallets/wallets';
import { operation, PageQuerySchema, router, walletSession } from './define';
import { walletNotFound } from '../refusals';
import { PIN_CHECK, PIN_RESET_REFUSALS, RATE_LIMITED, SESSION_REFUSALS, STEP_UP } from './refusals';

const app = router();

operation(
  app,
  {
    method: 'post',
    path: '/v1/wallets',
    summary: 'Create a wallet with a device key and payment PIN',
    tag: 'Extension · Wallets',
    body: CreateWalletBodySchema,
    reply: WalletCreatedSchema,
    status: 201,
    refusals: [RATE_LIMITED],
  },
  async (c, { body }) => {
    const p = c.var.platform;
    await rateLimit(p.db, `wallets:${clientAddress(c)}`, p.config.rateLimits.walletCreation, p.now());
    return c.json(await createWallet(p, body), 201);
  },
);

operation(
  app,
  {
    method: 'post',
    path: '/v1/sessions/challenge',
    summary: 'Get a challenge to sign with the device key',
    tag: 'Extension · Wallets',
    body: ChallengeBodySchema,
    reply: ChallengeSchema,
    refusals: [walletNotFound(), RATE_LIMITED],
  },
  async (c, { body: { walletId } }) => {
    const p = c.var.platform;
    await rateLimit(p.db, `challenges:${walletId}`, p.config.rateLimits.challengesPerMinute, p.now(), MINUTE_MS);
    return c.json(await issueChallenge(p, walletId));
  },
);

operation(
  app,
  {
    method: 'post',
    path: '/v1/sessions',
    summary: 'Unlock: trade a challenge signed by a device key, and the PIN, for a session token',
    tag: 'Extension · Wallets',
    body: SessionBodySchema,
    reply: SessionSchema,
    refusals: SESSION_REFUSALS,
  },
  async (c, { body }) => c.json(await openSession(c.var.platform, body)),
);

operation(
  app,
  {
    method: 'post',
    path: '/v1/sessions/pin-reset',
    summary:
      'Forgot the PIN: a challenge signed by one of the wallet’s device keys and the recovery code set a new PIN (five tries, as the PIN); every session ends and this device gets a new one',
    tag: 'Extension · Wallets',
    body: PinResetBodySchema,
    reply: SessionSchema,
    refusals: PIN_RESET_REFUSALS,
  },
  async (c, { body }) => c.json(await resetPin(c.var.platform, body)),
);

operation(
  app,
  {
    method: 'get',
    path: '/v1/wallet',
    summary: 'Balances, cards and settings of the signed-in wallet',
    tag: 'Extension · Wallets',
    auth: 'wallet',
    reply: WalletSnapshotSchema,
  },
  async (c) => c.json(await walletSnapshot(c.var.platform, c.var.walletId)),
);

operation(
  app,
  {
    method: 'put',
    path: '/v1/wallet/limit',
    summary: `Set the password-free limit (at most ¥2,000): lowering is free, raising takes the PIN (403 pin_required)`,
    tag: 'Extension · Wallets',
    auth: 'wallet',
    body: LimitBodySchema,
    reply: LimitViewSchema,
    refusals: STEP_UP,
  },
  async (c, { body }) => c.json(await setPasswordFreeLimit(c.var.platform, walletSession(c), body)),
);

operation(
  app,
  {
    method: 'get',
    path: '/v1/wallet/transactions',
    summary: 'Wallet history, newest first, with cursor paging',
    tag: 'Extension · Wallets',
    auth: 'wallet',
    query: PageQuerySchema,
    reply: TransactionListSchema,
  },
  async (c, { query }) =>
    c.json(await walletTransactions(c.var.platform.db, c.var.walletId, query.limit, query.cursor)),
);

operation(
  app,
  {
    method: 'delete',
    path: '/v1/wallet/session',
    summary: 'Lock: end this session now (the device key and the PIN open the next one)',
    tag: 'Extension · Wallets',
    auth: 'wallet',
    reply: z.object({ locked: z.literal(true) }),
  },
  async (c) => {
    await endSession(c.var.platform.db, c.var.sessionHash);
    return c.json({ locked: true as const });
  },
);

operation(
  app,
  {
    method: 'put',
    path: '/v1/wallet/pin',
    summary: 'Change the PIN: the current one (checked with the lockout) and the new one',
    tag: 'Extension · Wallets',
    auth: 'wallet',
    body: PinChangeBodySchema,
    reply: z.object({ changed: z.literal(true) }),
    refusals: PIN_CHECK,
  },
  async (c, { body }) => {
    const p = c.var.platform;
    await changePin(p.db, c.var.walletId, body, p.now());
    return c.json({ changed: true as const });
  },
);

operation(
  app,
  {
    method: 'post',
    path: '/v1/wallet/recovery-code',
    summary: 'Renew the recovery code: the new one is shown once, the old one stops working; takes the PIN',
    tag: 'Extension · Wallets',
    auth: 'wallet',
    body: StepUpBodySchema,
    reply: RecoveryCodeViewSchema,
    refusals: STEP_UP,
  },
  async (c, { body }) => {
    const p = c.var.platform;
    await requireFreshPin(p.db, walletSession(c), body.pin, p.now(), 'Renewing the recovery code');
    return c.json(await renewRecoveryCode(p.db, c.var.walletId));
  },
);

export default app;
