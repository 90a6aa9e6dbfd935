import {
  ChallengeSchema,
  ChallengeBodySchema,
  CreateWalletBodySchema,
  LimitBodySchema,
  SessionSchema,
  SessionBodySchema,
  TransactionListSchema,
  WalletCreatedSchema,
  WalletSnapshotSchema,
} from '../../protocol/api';
import { clientAddress } from '../auth';
import { rateLimit } from '../rate-limit';
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
  async (c) => c.json(await issueChallenge(c.var.platform, (await readBody(c, ChallengeBodySchema)).walletId)),
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
    summary: 'Set the password-free limit',
    tag: 'Wallets',
    auth: 'wallet',
    body: LimitBodySchema,
    reply: LimitBodySchema,
  },
  async (c) =>
    c.json(
      await setPasswordFreeLimit(
        c.var.platform.db,
        c.var.walletId,
        (await readBody(c, LimitBodySchema)).passwordFreeLimit,
      ),
    ),
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
