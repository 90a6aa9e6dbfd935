import {
  ChallengeSchema,
  ChallengeBodySchema,
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
import { MINUTE_MS, rateLimit } from '../rate-limit';
import {
  createWallet,
  issueChallenge,
  openSession,
  setPasswordFreeLimit,
  walletSnapshot,
  walletTransactions,
} from '../wallets/wallets';
import { operation, PageQuerySchema, readBody, readQuery, router } from './define';

const app = router();

operation(
  app,
  {
    method: 'post',
    path: '/v1/wallets',
    summary: 'Create a wallet with a device key and payment PIN',
    tag: 'Wallets',
    body: CreateWalletBodySchema,
    reply: WalletCreatedSchema,
    status: 201,
  },
  async (c) => {
    const p = c.var.platform;
    const body = await readBody(c, CreateWalletBodySchema);
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
    tag: 'Wallets',
    body: ChallengeBodySchema,
    reply: ChallengeSchema,
  },
  async (c) => {
    const { walletId } = await readBody(c, ChallengeBodySchema);
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
    summary: 'Trade a signed challenge for a session token',
    tag: 'Wallets',
    body: SessionBodySchema,
    reply: SessionSchema,
  },
  async (c) => c.json(await openSession(c.var.platform, await readBody(c, SessionBodySchema))),
);

operation(
  app,
  {
    method: 'get',
    path: '/v1/wallet',
    summary: 'Balances, cards and settings of the signed-in wallet',
    tag: 'Wallets',
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
    tag: 'Wallets',
    auth: 'wallet',
    body: LimitBodySchema,
    reply: LimitViewSchema,
  },
  async (c) => {
    const session = { walletId: c.var.walletId, sessionHash: c.var.sessionHash };
    return c.json(await setPasswordFreeLimit(c.var.platform, session, await readBody(c, LimitBodySchema)));
  },
);

operation(
  app,
  {
    method: 'get',
    path: '/v1/wallet/transactions',
    summary: 'Wallet history, newest first, with cursor paging',
    tag: 'Wallets',
    auth: 'wallet',
    query: PageQuerySchema,
    reply: TransactionListSchema,
  },
  async (c) => {
    const { limit, cursor } = readQuery(c, PageQuerySchema);
    return c.json(await walletTransactions(c.var.platform.db, c.var.walletId, limit, cursor));
  },
);

export default app;
