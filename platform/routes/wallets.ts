import { z } from 'zod';
import {
  AddCardBody,
  Challenge,
  ChallengeBody,
  CreateWalletBody,
  LimitBody,
  Session,
  SessionBody,
  TopUpBody,
  TopUpResult,
  TransactionList,
  WalletCreated,
  WalletSnapshot,
} from '../../protocol/api';
import { CardSchema } from '../../protocol/wallet';
import { clientAddress } from '../auth';
import { addCard, topUp } from '../cards/cards';
import { requireKey } from '../idempotency';
import { rateLimit } from '../rate-limit';
import {
  createWallet,
  issueChallenge,
  openSession,
  setPasswordFreeLimit,
  walletSnapshot,
  walletTransactions,
} from '../wallets/wallets';
import { operation, readBody, readQuery, router } from './define';

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1, 'expected 1 to 100').max(100, 'expected 1 to 100').default(20),
  cursor: z.string().max(500).optional(),
});

const app = router();

operation(
  app,
  {
    method: 'post',
    path: '/v1/wallets',
    summary: 'Create a wallet with a device key and payment PIN',
    tag: 'Wallets',
    body: CreateWalletBody,
    reply: WalletCreated,
    status: 201,
  },
  async (c) => {
    const p = c.var.platform;
    const body = await readBody(c, CreateWalletBody);
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
    body: ChallengeBody,
    reply: Challenge,
  },
  async (c) => c.json(await issueChallenge(c.var.platform, (await readBody(c, ChallengeBody)).walletId)),
);

operation(
  app,
  {
    method: 'post',
    path: '/v1/sessions',
    summary: 'Trade a signed challenge for a session token',
    tag: 'Wallets',
    body: SessionBody,
    reply: Session,
  },
  async (c) => c.json(await openSession(c.var.platform, await readBody(c, SessionBody))),
);

operation(
  app,
  {
    method: 'get',
    path: '/v1/wallet',
    summary: 'Balances, cards and settings of the signed-in wallet',
    tag: 'Wallets',
    auth: 'wallet',
    reply: WalletSnapshot,
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
    body: LimitBody,
    reply: LimitBody,
  },
  async (c) =>
    c.json(
      await setPasswordFreeLimit(c.var.platform.db, c.var.walletId, (await readBody(c, LimitBody)).passwordFreeLimit),
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
    query: PageQuery,
    reply: TransactionList,
  },
  async (c) => {
    const { limit, cursor } = readQuery(c, PageQuery);
    return c.json(await walletTransactions(c.var.platform.db, c.var.walletId, limit, cursor));
  },
);

operation(
  app,
  {
    method: 'post',
    path: '/v1/wallet/cards',
    summary: 'Add a card (tokenized; the CVV is never stored)',
    tag: 'Cards',
    auth: 'wallet',
    body: AddCardBody,
    reply: CardSchema,
    status: 201,
  },
  async (c) => c.json(await addCard(c.var.platform, c.var.walletId, await readBody(c, AddCardBody)), 201),
);

operation(
  app,
  {
    method: 'post',
    path: '/v1/wallet/topups',
    summary: 'Top up the balance from a card (Idempotency-Key required)',
    tag: 'Cards',
    auth: 'wallet',
    idempotent: true,
    body: TopUpBody,
    reply: TopUpResult,
    status: 201,
  },
  async (c) => {
    const key = requireKey(c.req.header('idempotency-key'));
    const result = await topUp(c.var.platform, c.var.walletId, key, await readBody(c, TopUpBody));
    return c.json(result.body, result.status, result.replayed ? { 'Idempotent-Replayed': 'true' } : {});
  },
);

export default app;
