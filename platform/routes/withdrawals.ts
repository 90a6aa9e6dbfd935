import {
  TopUpResultSchema,
  WithdrawalAccountBodySchema,
  WithdrawalAccountViewSchema,
  WithdrawalBodySchema,
} from '../../protocol/api';
import { setWithdrawalAccount, withdraw } from '../wallets/withdrawals';
import { noWithdrawalAccount, withdrawalAboveBalance } from '../refusals';
import { operation, router, walletSession } from './define';
import { STEP_UP } from './refusals';

/** Money out of a wallet: where it goes, and taking it out. Both take the PIN (403 pin_required). */
const app = router();

operation(
  app,
  {
    method: 'put',
    path: '/v1/wallet/withdrawal-account',
    summary: 'Set the (sandbox) bank account withdrawals go to; takes the PIN',
    tag: 'Extension · Wallets',
    auth: 'wallet',
    body: WithdrawalAccountBodySchema,
    reply: WithdrawalAccountViewSchema,
    refusals: STEP_UP,
  },
  async (c, { body }) => c.json(await setWithdrawalAccount(c.var.platform, walletSession(c), body)),
);

operation(
  app,
  {
    method: 'post',
    path: '/v1/wallet/withdrawals',
    summary: 'Withdraw from the balance to the withdrawal account; takes the PIN (Idempotency-Key required)',
    tag: 'Extension · Wallets',
    auth: 'wallet',
    idempotent: true,
    body: WithdrawalBodySchema,
    reply: TopUpResultSchema,
    status: 201,
    refusals: [...STEP_UP, noWithdrawalAccount(), withdrawalAboveBalance()],
  },
  async (c, { key, body }) => {
    const result = await withdraw(c.var.platform, walletSession(c), key, body);
    return c.json(result.body, result.status, result.replayed ? { 'Idempotent-Replayed': 'true' } : {});
  },
);

export default app;
